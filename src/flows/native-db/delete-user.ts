import { createUserQueries } from '../../storage/index.ts';
import { resolveDeps, type NativeDbDeps } from './deps.ts';

/** Deletes a user with its identities and tickets (cascade) and its brute-force counters; false if absent. */
export async function deleteUser(deps: NativeDbDeps, input: { readonly tenantId: string; readonly userId: string }): Promise<boolean> {
  const d = resolveDeps(deps);
  const users = createUserQueries(d.database, input.tenantId);
  const user = await users.find(input.userId);
  if (!user) return false;
  await d.attempts.resetUser(input.tenantId, user.connection, user.user_id);
  return users.remove(user.user_id);
}
