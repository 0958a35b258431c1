// An Action's secrets (actions.md §9): sealed at rest, write-only (only names and dates are
// ever listed), part of the draft: a deploy snapshots them into the new version.
import { GatehouseError } from '../../errors/index.ts';
import { createActionQueries, createSecretQueries, type SecretName } from '../../storage/index.ts';
import type { ActionsDeps } from './types.ts';
import { validateSecrets } from './validate.ts';

async function existing(deps: ActionsDeps, tenantId: string, actionId: string): Promise<void> {
  if (!(await createActionQueries(deps.database, tenantId).find(actionId))) throw new GatehouseError('MGMT_NOT_FOUND', 'The Action does not exist.');
}

/** Sets (creates or replaces) secrets of the draft; with `replace`, removes the ones not given. */
export async function setActionSecrets(
  deps: ActionsDeps, tenantId: string, actionId: string, secrets: ReadonlyArray<{ name: string; value: string }>, options: { replace?: boolean } = {},
): Promise<SecretName[]> {
  const valid = validateSecrets(secrets);
  await existing(deps, tenantId, actionId);
  const store = createSecretQueries(deps.database, deps.box, tenantId);
  if (options.replace) {
    for (const old of await store.listNames('action', actionId)) {
      if (!valid.some((s) => s.name === old.name)) await store.remove('action', actionId, old.name);
    }
  }
  for (const s of valid) await store.set('action', actionId, s.name, s.value);
  await createActionQueries(deps.database, tenantId).touch(actionId);
  return store.listNames('action', actionId);
}

export async function removeActionSecret(deps: ActionsDeps, tenantId: string, actionId: string, name: string): Promise<boolean> {
  await existing(deps, tenantId, actionId);
  const removed = await createSecretQueries(deps.database, deps.box, tenantId).remove('action', actionId, name);
  if (removed) await createActionQueries(deps.database, tenantId).touch(actionId);
  return removed;
}

/** Names and dates only: values never leave. */
export async function listActionSecrets(deps: ActionsDeps, tenantId: string, actionId: string): Promise<SecretName[]> {
  return createSecretQueries(deps.database, deps.box, tenantId).listNames('action', actionId);
}
