import {
  authenticate, inspectPasswordResetTicket, requestPasswordReset, resetPasswordWithTicket, signup,
  type AuthenticateInput, type AuthenticateResult, type PasswordResetRequest, type SignupInput, type SignupResult, type UsableTicket,
} from '../native-db/index.ts';
import type { UserRecord } from '../../storage/index.ts';
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

/** Public signup on any database connection. */
export async function signupDatabaseUser(deps: CustomDbDeps, input: SignupInput): Promise<SignupResult> {
  const connection = await findDatabaseConnection(deps, input.tenantId, input.connection);
  if (!isCustomDb(connection)) return signup(deps, input);
  return customSignup(deps, { ...input, connection });
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

/** Completes a reset link on any database connection. */
export async function resetDatabasePassword(
  deps: CustomDbDeps, input: { readonly tenantId: string; readonly ticket: string; readonly password: string },
): Promise<{ user: UserRecord; resultUrl: string | null }> {
  const { connection } = await inspectResetTicket(deps, input);
  if (!isCustomDb(connection)) return resetPasswordWithTicket(deps, input);
  return resetCustomPassword(deps, connection, input);
}

/** The email-verification link on any database connection. */
export const verifyDatabaseEmail = verifyEmail;
