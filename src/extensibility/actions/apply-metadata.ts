import { GatehouseError } from '../../errors/index.ts';
import { createUserQueries, inTransaction } from '../../storage/index.ts';
import type { ActionsDeps, Effects, MetadataPatch } from './types.ts';

/** Top-level merge; a null value deletes the key (api.user.setUserMetadata(key, null)). */
export function mergeMetadata(current: Record<string, unknown>, patch: MetadataPatch): Record<string, unknown> {
  const out: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

/**
 * Writes a flow's batched user_metadata / app_metadata patches to the user in one update
 * (actions.md §5.3): at the end of the flow, before a redirect, and after a deny (a deny does not
 * cancel them). Returns false when there was nothing to write.
 */
export async function applyMetadata(
  deps: Pick<ActionsDeps, 'database'>,
  input: { tenantId: string; userId: string; effects: Pick<Effects, 'userMetadata' | 'appMetadata'> },
): Promise<boolean> {
  const { userMetadata, appMetadata } = input.effects;
  if (userMetadata === null && appMetadata === null) return false;
  return inTransaction(deps.database, async (tx) => {
    const users = createUserQueries(tx, input.tenantId);
    const user = await users.find(input.userId);
    if (!user) throw new GatehouseError('MGMT_NOT_FOUND', 'The user whose metadata an Action changed no longer exists.');
    await users.update(input.userId, {
      ...(userMetadata !== null ? { user_metadata: mergeMetadata(user.user_metadata, userMetadata) } : {}),
      ...(appMetadata !== null ? { app_metadata: mergeMetadata(user.app_metadata, appMetadata) } : {}),
    });
    return true;
  });
}
