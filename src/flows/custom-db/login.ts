import { GatehouseError } from '../../errors/index.ts';
import { BRUTE_FORCE_THRESHOLD, hashPassword, verifyPassword, type AttemptKey, type AuthenticateResult } from '../native-db/index.ts';
import { resolveDeps } from '../native-db/deps.ts';
import { createUserQueries, type ConnectionRecord, type UserRecord } from '../../storage/index.ts';
import type { CustomDbDeps } from './deps.ts';
import { callScript } from './run-script.ts';
import { profileOf, storeProfile } from './store-profile.ts';

export interface CustomLoginInput {
  readonly tenantId: string;
  readonly connection: ConnectionRecord;
  readonly username: string;
  readonly password: string;
  readonly ip?: string | null;
}

/**
 * A login on a custom database connection (custom-db.md §5):
 *   import mode, user already migrated (has a password here) → checked locally, no script;
 *   otherwise → the `login` script; its profile is stored (legacy: a cached profile, never a
 *   password; import mode: the migrated user with this password hashed by Gatehouse).
 * Brute-force protection counts per (user, IP) as on native connections, for users Gatehouse
 * already knows (a legacy user is known after its first successful login).
 */
export async function customLogin(deps: CustomDbDeps, input: CustomLoginInput): Promise<AuthenticateResult> {
  const d = resolveDeps(deps);
  const { connection, tenantId } = input;
  const users = createUserQueries(d.database, tenantId);
  const known = (await users.findByEmail(connection.name, input.username)) ?? (await users.findByUsername(connection.name, input.username));
  const protectedLogin = connection.options.brute_force_protection !== false;
  const key: AttemptKey | undefined = known && { tenantId, connection: connection.name, userId: known.user_id, ip: input.ip ?? '' };
  const failures = key && protectedLogin ? await d.attempts.failures(key) : 0;
  if (failures >= BRUTE_FORCE_THRESHOLD) throw new GatehouseError('TOO_MANY_ATTEMPTS');

  let user: UserRecord;
  try {
    user = connection.import_mode && known?.password_hash
      ? await localLogin(known, input.password)
      : await scriptLogin(deps, input);
  } catch (err) {
    if (key && protectedLogin && err instanceof GatehouseError && err.code === 'WRONG_CREDENTIALS') await d.attempts.recordFailure(key);
    throw err;
  }
  if (user.blocked) throw new GatehouseError('USER_BLOCKED');
  if (failures > 0 && key) await d.attempts.reset(key);
  const logged = await users.recordLogin(user.user_id, input.ip ?? null);
  return { user: logged ?? user };
}

async function localLogin(user: UserRecord, password: string): Promise<UserRecord> {
  if (!(await verifyPassword(user.password_hash ?? '', password))) throw new GatehouseError('WRONG_CREDENTIALS');
  return user;
}

async function scriptLogin(deps: CustomDbDeps, input: CustomLoginInput): Promise<UserRecord> {
  const value = await callScript(deps, {
    tenantId: input.tenantId, connection: input.connection, script: 'login', args: [input.username, input.password], secrets: [input.password],
  });
  // callback(null) / callback(null, null): no such user (how a finished migration "disconnects" the store).
  if (value === null || value === undefined || value === false) throw new GatehouseError('WRONG_CREDENTIALS');
  const profile = profileOf(value, 'login');
  const passwordHash = input.connection.import_mode ? await hashPassword(input.password) : undefined;
  return storeProfile(deps, input.tenantId, input.connection, profile, { passwordHash });
}
