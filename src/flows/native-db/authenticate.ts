import { GatehouseError } from '../../errors/index.ts';
import { createUserQueries, type UserRecord } from '../../storage/index.ts';
import { BRUTE_FORCE_THRESHOLD, type AttemptKey } from './attempt-counter.ts';
import { bruteForceProtected, findNativeConnection } from './connection.ts';
import { resolveDeps, type NativeDbDeps } from './deps.ts';
import { verifyAgainstNothing, verifyPassword } from './password-hash.ts';

export interface AuthenticateInput {
  readonly tenantId: string;
  /** Connection name, e.g. Username-Password-Authentication. */
  readonly connection: string;
  /** Email, or username on connections that have usernames. */
  readonly username: string;
  readonly password: string;
  /** The end user's IP (brute-force protection is per user and IP); omitted counts as one unknown IP. */
  readonly ip?: string | null;
}

export interface AuthenticateResult {
  /** With logins_count, last_login and last_ip already updated for this login. */
  readonly user: UserRecord;
}

/**
 * Native database login, the checks in Auth0's order:
 *   unknown user or wrong password → WRONG_CREDENTIALS (403 invalid_grant), counting a failure;
 *   10 consecutive failures for (user, IP) → TOO_MANY_ATTEMPTS (429) before the password is looked at;
 *   `blocked` → USER_BLOCKED (401), only once the password matched, so it reveals nothing to a guesser.
 * A success clears the (user, IP) count and records the login.
 */
export async function authenticate(deps: NativeDbDeps, input: AuthenticateInput): Promise<AuthenticateResult> {
  const d = resolveDeps(deps);
  const connection = await findNativeConnection(d, input.tenantId, input.connection);
  const users = createUserQueries(d.database, input.tenantId);
  const user = (await users.findByEmail(connection.name, input.username)) ?? (await users.findByUsername(connection.name, input.username));
  if (!user || !user.password_hash) {
    await verifyAgainstNothing(input.password);
    throw new GatehouseError('WRONG_CREDENTIALS');
  }

  const protectedLogin = bruteForceProtected(connection);
  const key: AttemptKey = { tenantId: input.tenantId, connection: connection.name, userId: user.user_id, ip: input.ip ?? '' };
  const failures = protectedLogin ? await d.attempts.failures(key) : 0;
  if (failures >= BRUTE_FORCE_THRESHOLD) throw new GatehouseError('TOO_MANY_ATTEMPTS');

  if (!(await verifyPassword(user.password_hash, input.password))) {
    if (protectedLogin) {
      const count = await d.attempts.recordFailure(key);
      if (count === BRUTE_FORCE_THRESHOLD && user.email) {
        await d.mailer.send(input.tenantId, {
          template: 'blocked_account',
          to: user.email,
          subject: 'Your account has been blocked',
          text: 'We detected multiple consecutive failed login attempts and blocked further logins from that address. Reset your password to unblock it.',
        });
      }
    }
    throw new GatehouseError('WRONG_CREDENTIALS');
  }
  if (user.blocked) throw new GatehouseError('USER_BLOCKED');

  if (failures > 0) await d.attempts.reset(key);
  const logged = await users.recordLogin(user.user_id, input.ip ?? null);
  return { user: logged ?? user };
}
