import { z } from 'zod';
import { GatehouseError } from '../../errors/index.ts';
import type { RegistrationContext } from '../actions/index.ts';
import { createUserQueries, type UserRecord } from '../../storage/index.ts';
import { enforcePolicy, findNativeConnection } from './connection.ts';
import { resolveDeps, type NativeDbDeps } from './deps.ts';
import { storePasswordUser } from './store-password-user.ts';
import { sendVerificationEmail } from './tickets.ts';

export interface SignupInput {
  readonly tenantId: string;
  readonly connection: string;
  readonly email: string;
  readonly password: string;
  readonly username?: string;
  readonly given_name?: string;
  readonly family_name?: string;
  readonly name?: string;
  readonly nickname?: string;
  readonly picture?: string;
  readonly user_metadata?: Record<string, unknown>;
  /** The client the user signs up through (recorded on the verification ticket). */
  readonly clientId?: string;
  /** Origin for the verification link (e.g. https://login.example.com); no email is sent without it. */
  readonly linkOrigin?: string;
  /** Admin creation ignores the connection's disable_signup; public signup must not. */
  readonly bypassDisableSignup?: boolean;
  /** A public signup's request: the registration Actions run (signupDatabaseUser) only when it is given. */
  readonly actions?: RegistrationContext;
  /** The new user's id when a pre-user-registration Action chose it (api.user.setUserId). */
  readonly user_id?: string;
}

export interface SignupResult {
  readonly user: UserRecord;
}

const email = z.email();
// Auth0's rule for database usernames: 1–15 characters by default, letters, digits and _+-.!#$^`~@'.
const username = z.string().min(1).max(128).regex(/^[A-Za-z0-9_+\-.!#$^`~@']+$/);

/**
 * Public signup to a native database connection: policy-checked password hashed with argon2id,
 * email unique per connection ignoring case, email_verified false until the link is followed.
 */
export async function signup(deps: NativeDbDeps, input: SignupInput): Promise<SignupResult> {
  const d = resolveDeps(deps);
  const connection = await findNativeConnection(d, input.tenantId, input.connection);
  if (connection.options.disable_signup === true && !input.bypassDisableSignup) throw new GatehouseError('SIGNUP_DISABLED');
  if (!email.safeParse(input.email).success) {
    throw new GatehouseError('DBCONN_INVALID_BODY', `Object didn't pass validation for format email: ${input.email}`);
  }
  if (connection.options.requires_username === true && input.username === undefined) {
    throw new GatehouseError('DBCONN_INVALID_BODY', 'Missing required parameter: username');
  }
  if (input.username !== undefined && !username.safeParse(input.username).success) {
    throw new GatehouseError('DBCONN_INVALID_BODY', 'Object didn\'t pass validation for format username');
  }
  enforcePolicy(connection, input.password);

  const users = createUserQueries(d.database, input.tenantId);
  if (await users.findByEmail(connection.name, input.email)) throw new GatehouseError('USER_EXISTS');
  if (input.username !== undefined && await users.findByUsername(connection.name, input.username)) throw new GatehouseError('USER_EXISTS');
  const user = await storePasswordUser(d.database, connection.name, input);
  if (input.linkOrigin) await sendVerificationEmail(deps, { tenantId: input.tenantId, userId: user.user_id, linkOrigin: input.linkOrigin, clientId: input.clientId });
  return { user };
}
