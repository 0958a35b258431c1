import {
  authenticate, inspectPasswordResetTicket, requestPasswordReset, resetPasswordWithTicket, signup,
  type AuthenticateInput, type AuthenticateResult, type PasswordResetRequest, type SignupInput, type SignupResult, type UsableTicket,
} from '../native-db/index.ts';
import { mergeMetadata } from '../../extensibility/actions/index.ts';
import { createUserQueries, type UserRecord } from '../../storage/index.ts';
import { runPreUserRegistration, startPostChangePassword, startPostUserRegistration, type EventRequest } from '../actions/index.ts';
import { findDatabaseConnection, isCustomDb } from './connection.ts';
import type { CustomDbDeps } from './deps.ts';
import { customLogin } from './login.ts';
import { inspectResetTicket, requestCustomPasswordReset, resetCustomPassword } from './password-reset.ts';
import { customSignup } from './signup.ts';
import { verifyEmail } from './verify-email.ts';

// The one place that picks native or custom per connection. The password grants, the login and
// signup pages, /dbconnections and the reset and verification links call these; each looks the
// connection up by name and hands over to native-db or to the custom database flows.

/** A password login on any database connection. */
export async function authenticateDatabaseUser(deps: CustomDbDeps, input: AuthenticateInput): Promise<AuthenticateResult> {
  const connection = await findDatabaseConnection(deps, input.tenantId, input.connection);
  if (!isCustomDb(connection)) return authenticate(deps, input);
  return customLogin(deps, { ...input, connection });
}

/**
 * Public signup on any database connection. With `input.actions` (a signup from /dbconnections
 * or the signup page) pre-user-registration runs first and may refuse it or add metadata, and
 * post-user-registration runs, without being waited for, once the user exists.
 */
export async function signupDatabaseUser(deps: CustomDbDeps, input: SignupInput): Promise<SignupResult> {
  const connection = await findDatabaseConnection(deps, input.tenantId, input.connection);
  const context = input.actions;
  if (!context) return isCustomDb(connection) ? customSignup(deps, { ...input, connection }) : signup(deps, input);
  const pre = await runPreUserRegistration(deps, {
    tenantId: input.tenantId, connection, context,
    user: {
      email: input.email, username: input.username, name: input.name, nickname: input.nickname, given_name: input.given_name,
      family_name: input.family_name, picture: input.picture, user_metadata: input.user_metadata,
    },
  });
  const merged: SignupInput = {
    ...input,
    ...(pre.userMetadata === null ? {} : { user_metadata: mergeMetadata(input.user_metadata ?? {}, pre.userMetadata) }),
    // Legacy mode takes the id from the store's profile; native and import mode can use the Action's.
    ...(pre.userId === null ? {} : { user_id: pre.userId }),
  };
  let { user } = isCustomDb(connection) ? await customSignup(deps, { ...merged, connection }) : await signup(deps, merged);
  if (pre.appMetadata !== null) {
    user = (await createUserQueries(deps.database, input.tenantId).update(user.user_id, { app_metadata: mergeMetadata(user.app_metadata, pre.appMetadata) })) ?? user;
  }
  void startPostUserRegistration(deps, { tenantId: input.tenantId, connection, user, context });
  return { user };
}

/** A reset request on any database connection; the caller answers the same whether or not a link was sent. */
export async function requestDatabasePasswordReset(deps: CustomDbDeps, input: PasswordResetRequest): Promise<{ link?: string }> {
  const connection = await findDatabaseConnection(deps, input.tenantId, input.connection);
  if (!isCustomDb(connection)) return requestPasswordReset(deps, input);
  return requestCustomPasswordReset(deps, connection, input);
}

/** The user and connection of a usable reset link, whichever kind of connection it belongs to. */
export async function inspectDatabaseResetTicket(deps: CustomDbDeps, input: { readonly tenantId: string; readonly ticket: string }): Promise<UsableTicket> {
  const usable = await inspectResetTicket(deps, input);
  return isCustomDb(usable.connection) ? usable : inspectPasswordResetTicket(deps, input);
}

/** Completes a reset link on any database connection; post-change-password runs after, not waited for. */
export async function resetDatabasePassword(
  deps: CustomDbDeps, input: { readonly tenantId: string; readonly ticket: string; readonly password: string; readonly request?: EventRequest },
): Promise<{ user: UserRecord; resultUrl: string | null }> {
  const { connection } = await inspectResetTicket(deps, input);
  const done = isCustomDb(connection) ? await resetCustomPassword(deps, connection, input) : await resetPasswordWithTicket(deps, input);
  void startPostChangePassword(deps, { tenantId: input.tenantId, connection, user: done.user, request: input.request });
  return done;
}

/** The email-verification link on any database connection. */
export const verifyDatabaseEmail = verifyEmail;
