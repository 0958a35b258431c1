// Creating and editing an Action's draft (actions.md §9). Edits never change what runs: only a
// deploy does. `deploy: true` deploys right after saving, as Auth0's API allows.
import { GatehouseError } from '../../errors/index.ts';
import { createActionQueries, createSecretQueries, inTransaction, type ActionRecord } from '../../storage/index.ts';
import { deployAction } from './deploy.ts';
import { resolveModulePins } from './module-pins.ts';
import type { ActionsDeps } from './types.ts';
import { validateCode, validateDependencies, validateName, validateRuntime, validateSecrets, validateTriggers } from './validate.ts';

export interface ActionInput {
  readonly name?: string;
  readonly supported_triggers?: ReadonlyArray<{ id: string; version?: string }>;
  readonly code?: string;
  readonly dependencies?: ReadonlyArray<{ name: string; version: string }>;
  readonly runtime?: string;
  /** Module version refs (module_id|module_name + module_version_id|module_version_number). */
  readonly modules?: readonly unknown[];
  /** Given → merged into the draft's secrets (a secret of the same name is replaced). */
  readonly secrets?: ReadonlyArray<{ name: string; value: string }>;
  readonly deploy?: boolean;
}

export async function createAction(deps: ActionsDeps, tenantId: string, input: ActionInput): Promise<ActionRecord> {
  const name = validateName(input.name);
  const trigger = validateTriggers(input.supported_triggers);
  const code = validateCode(input.code ?? '', name);
  const dependencies = validateDependencies(input.dependencies);
  const runtime = validateRuntime(input.runtime);
  const secrets = input.secrets === undefined ? [] : validateSecrets(input.secrets);
  const modules = await resolveModulePins(deps.database, tenantId, input.modules);
  const action = await inTransaction(deps.database, async (tx) => {
    const created = await createActionQueries(tx, tenantId).create({ name, trigger, code, dependencies, runtime, modules });
    const store = createSecretQueries(tx, deps.box, tenantId);
    for (const s of secrets) await store.set('action', created.id, s.name, s.value);
    return created;
  });
  if (input.deploy) await deployAction(deps, tenantId, action.id);
  return action;
}

export async function updateAction(deps: ActionsDeps, tenantId: string, actionId: string, input: ActionInput): Promise<ActionRecord> {
  const actions = createActionQueries(deps.database, tenantId);
  const current = await actions.find(actionId);
  if (!current) throw new GatehouseError('MGMT_NOT_FOUND', 'The Action does not exist.');
  const name = input.name === undefined ? undefined : validateName(input.name);
  const trigger = input.supported_triggers === undefined ? undefined : validateTriggers(input.supported_triggers);
  const code = input.code === undefined ? undefined : validateCode(input.code, name ?? current.name);
  const dependencies = input.dependencies === undefined ? undefined : validateDependencies(input.dependencies);
  const runtime = input.runtime === undefined ? undefined : validateRuntime(input.runtime);
  const secrets = input.secrets === undefined ? undefined : validateSecrets(input.secrets);
  const modules = input.modules === undefined ? undefined : await resolveModulePins(deps.database, tenantId, input.modules);
  const updated = await inTransaction(deps.database, async (tx) => {
    const store = createSecretQueries(tx, deps.box, tenantId);
    for (const s of secrets ?? []) await store.set('action', actionId, s.name, s.value);
    return createActionQueries(tx, tenantId).update(actionId, {
      ...(name !== undefined ? { name } : {}), ...(trigger !== undefined ? { trigger } : {}), ...(code !== undefined ? { code } : {}),
      ...(dependencies !== undefined ? { dependencies } : {}), ...(runtime !== undefined ? { runtime } : {}), ...(modules !== undefined ? { modules } : {}),
    });
  });
  if (!updated) throw new GatehouseError('MGMT_NOT_FOUND', 'The Action was deleted meanwhile.');
  if (input.deploy) await deployAction(deps, tenantId, actionId);
  return updated;
}
