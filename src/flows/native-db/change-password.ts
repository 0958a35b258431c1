import { GatehouseError } from '../../errors/index.ts';
import { createTicketQueries, createUserQueries, type UserRecord } from '../../storage/index.ts';
import { enforcePolicy, findNativeConnection } from './connection.ts';
import { resolveDeps, type NativeDbDeps } from './deps.ts';
import { hashPassword } from './password-hash.ts';

export interface ChangePasswordInput {
  readonly tenantId: string;
  readonly userId: string;
  readonly password: string;
}

/**
 * Sets a new password under the connection's policy. As on Auth0, a successful change also lifts
 * every brute-force block of the user and voids reset links still outstanding.
 */
export async function changePassword(deps: NativeDbDeps, input: ChangePasswordInput): Promise<{ user: UserRecord }> {
  const d = resolveDeps(deps);
  const users = createUserQueries(d.database, input.tenantId);
  const user = await users.find(input.userId);
  if (!user) throw new GatehouseError('MGMT_NOT_FOUND', 'The user does not exist.');
  const connection = await findNativeConnection(d, input.tenantId, user.connection);
  enforcePolicy(connection, input.password);
  await users.setPasswordHash(user.user_id, await hashPassword(input.password));
  await d.attempts.resetUser(input.tenantId, connection.name, user.user_id);
  await createTicketQueries(d.database, input.tenantId).revokeForUser(user.user_id, 'password_reset');
  return { user: (await users.find(user.user_id)) ?? user };
}
