import { GatehouseError } from '../../errors/index.ts';
import { createUserQueries } from '../../storage/index.ts';
import { resolveDeps, type NativeDbDeps } from './deps.ts';

/**
 * The admin's unblock (Auth0's DELETE /api/v2/user-blocks/{id}): lifts the brute-force blocks of
 * the user from every IP. It does not touch the `blocked` flag, which is a separate admin setting.
 * Returns how many (user, IP) counters were cleared.
 */
export async function unblockUser(deps: NativeDbDeps, input: { readonly tenantId: string; readonly userId: string }): Promise<number> {
  const d = resolveDeps(deps);
  const user = await createUserQueries(d.database, input.tenantId).find(input.userId);
  if (!user) throw new GatehouseError('MGMT_NOT_FOUND', 'The user does not exist.');
  return d.attempts.resetUser(input.tenantId, user.connection, user.user_id);
}
