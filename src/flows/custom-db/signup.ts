import { z } from 'zod';
import { GatehouseError } from '../../errors/index.ts';
import {
  checkPassword, policyOf, PasswordStrengthError, sendVerificationEmail, storePasswordUser, type SignupInput, type SignupResult,
} from '../native-db/index.ts';
import { createTenantQueries, createUserQueries, type ConnectionRecord, type UserRecord } from '../../storage/index.ts';
import type { CustomDbDeps } from './deps.ts';
import { callScript } from './run-script.ts';
import { profileOf, storeProfile } from './store-profile.ts';

const email = z.email();

export interface CustomSignupInput extends Omit<SignupInput, 'connection'> {
  readonly connection: ConnectionRecord;
}

/**
 * Signup on a custom database connection (custom-db.md §2.3, §5):
 *   legacy mode: get_user (found → user_exists) → create → login with the same credentials, whose
 *   profile becomes the cached user (if that login fails the signup fails: Auth0's "partial user");
 *   import mode: get_user (found → user_exists), then the user is created here with the password
 *   hashed by Gatehouse; the create script is not used.
 * The connection's password policy applies first, as on native connections.
 */
export async function customSignup(deps: CustomDbDeps, input: CustomSignupInput): Promise<SignupResult> {
  const { connection, tenantId } = input;
  if (connection.options.disable_signup === true && !input.bypassDisableSignup) throw new GatehouseError('SIGNUP_DISABLED');
  if (!email.safeParse(input.email).success) {
    throw new GatehouseError('DBCONN_INVALID_BODY', `Object didn't pass validation for format email: ${input.email}`);
  }
  if (connection.options.requires_username === true && input.username === undefined) {
    throw new GatehouseError('DBCONN_INVALID_BODY', 'Missing required parameter: username');
  }
  const { policy, minLength } = policyOf(connection.options);
  const check = checkPassword(policy, input.password, minLength);
  if (!check.verified) throw new PasswordStrengthError(policy, check.rules);

  const users = createUserQueries(deps.database, tenantId);
  if (connection.import_mode && await users.findByEmail(connection.name, input.email)) throw new GatehouseError('USER_EXISTS');
  const found = await callScript(deps, { tenantId, connection, script: 'get_user', args: [input.email] });
  if (found !== null && found !== undefined && found !== false) throw new GatehouseError('USER_EXISTS');

  const user = connection.import_mode ? await storePasswordUser(deps.database, connection.name, input) : await createInLegacyStore(deps, input);
  if (input.linkOrigin) await sendVerificationEmail(deps, { tenantId, userId: user.user_id, linkOrigin: input.linkOrigin, clientId: input.clientId });
  return { user };
}

async function createInLegacyStore(deps: CustomDbDeps, input: CustomSignupInput): Promise<UserRecord> {
  const { connection, tenantId } = input;
  const tenant = await createTenantQueries(deps.database).findById(tenantId);
  const user: Record<string, unknown> = {
    tenant: tenant?.name ?? tenantId,
    connection: connection.name,
    email: input.email,
    password: input.password,
  };
  if (input.clientId !== undefined) user.client_id = input.clientId;
  if (input.username !== undefined) user.username = input.username;
  if (input.user_metadata !== undefined) user.user_metadata = input.user_metadata;
  for (const field of ['given_name', 'family_name', 'name', 'nickname', 'picture'] as const) {
    if (input[field] !== undefined) user[field] = input[field];
  }
  await callScript(deps, { tenantId, connection, script: 'create', args: [user], secrets: [input.password], validation: true });
  const value = await callScript(deps, { tenantId, connection, script: 'login', args: [input.email, input.password], secrets: [input.password] });
  if (value === null || value === undefined || value === false) {
    throw new GatehouseError('SCRIPT_FAILED', 'create succeeded but login with the same credentials found no user');
  }
  const stored = await storeProfile(deps, tenantId, connection, profileOf(value, 'login'));
  // Auth0 keeps signup metadata on its own side of the profile; the script need not store it.
  if (input.user_metadata !== undefined && Object.keys(stored.user_metadata).length === 0) {
    return (await createUserQueries(deps.database, tenantId).update(stored.user_id, { user_metadata: input.user_metadata })) ?? stored;
  }
  return stored;
}

