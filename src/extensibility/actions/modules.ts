// Action Modules (actions.md §9): shared code with its own npm dependencies and secrets
// (`actions.secrets.X` inside the module), published in numbered immutable versions. An Action
// pins a version; publishing a new one changes no Action until it is re-pinned and redeployed.
import { GatehouseError } from '../../errors/index.ts';
import { installDependencySet } from '../../runtime/modules/install.ts';
import {
  createActionModuleQueries, createActionModuleVersionQueries, createSecretQueries, inTransaction,
  type ActionModuleRecord, type ActionModuleVersionRecord,
} from '../../storage/index.ts';
import type { ActionsDeps } from './types.ts';
import { validateCode, validateDependencies, validateName, validateSecrets } from './validate.ts';

export interface ModuleInput {
  readonly name?: string;
  readonly code?: string;
  readonly dependencies?: ReadonlyArray<{ name: string; version: string }>;
  /** Merged into the module's secrets (a secret of the same name is replaced). */
  readonly secrets?: ReadonlyArray<{ name: string; value: string }>;
}

export async function createModule(deps: ActionsDeps, tenantId: string, input: ModuleInput): Promise<ActionModuleRecord> {
  const name = validateName(input.name, 'Action Module');
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new GatehouseError('ACTION_INVALID', 'An Action Module name may only have letters, digits, "_", "." and "-" (it is required as actions:<name>).');
  const code = validateCode(input.code ?? '', `module-${name}`);
  const dependencies = validateDependencies(input.dependencies);
  const secrets = input.secrets === undefined ? [] : validateSecrets(input.secrets);
  return inTransaction(deps.database, async (tx) => {
    const module = await createActionModuleQueries(tx, tenantId).create({ name, code, dependencies });
    const store = createSecretQueries(tx, deps.box, tenantId);
    for (const s of secrets) await store.set('action-module', module.id, s.name, s.value);
    return module;
  });
}

export async function updateModule(deps: ActionsDeps, tenantId: string, moduleId: string, input: Omit<ModuleInput, 'name'>): Promise<ActionModuleRecord> {
  const modules = createActionModuleQueries(deps.database, tenantId);
  const current = await modules.find(moduleId);
  if (!current) throw new GatehouseError('MGMT_NOT_FOUND', 'The Action Module does not exist.');
  const code = input.code === undefined ? undefined : validateCode(input.code, `module-${current.name}`);
  const dependencies = input.dependencies === undefined ? undefined : validateDependencies(input.dependencies);
  const secrets = input.secrets === undefined ? [] : validateSecrets(input.secrets);
  return inTransaction(deps.database, async (tx) => {
    const store = createSecretQueries(tx, deps.box, tenantId);
    for (const s of secrets) await store.set('action-module', moduleId, s.name, s.value);
    const updated = await createActionModuleQueries(tx, tenantId).update(moduleId, {
      ...(code !== undefined ? { code } : {}), ...(dependencies !== undefined ? { dependencies } : {}),
    });
    if (!updated) throw new GatehouseError('MGMT_NOT_FOUND', 'The Action Module was deleted meanwhile.');
    return updated;
  });
}

/** Snapshots the module's draft (code, dependencies, secrets) as its next version. */
export async function publishModule(deps: ActionsDeps, tenantId: string, moduleId: string): Promise<ActionModuleVersionRecord> {
  const module = await createActionModuleQueries(deps.database, tenantId).find(moduleId);
  if (!module) throw new GatehouseError('MGMT_NOT_FOUND', 'The Action Module does not exist.');
  const set = Object.fromEntries(module.dependencies.map((d) => [d.name, d.version]));
  if (deps.runner && Object.keys(set).length > 0) await installDependencySet(deps.runner.moduleCacheDir, set);
  return inTransaction(deps.database, async (tx) => {
    const version = await createActionModuleVersionQueries(tx, tenantId).create({ module_id: module.id, code: module.code, dependencies: module.dependencies });
    const store = createSecretQueries(tx, deps.box, tenantId);
    for (const s of await store.list('action-module', module.id)) await store.set('action-module-version', version.secrets_ref, s.name, s.value);
    return version;
  });
}

export async function listModules(deps: ActionsDeps, tenantId: string): Promise<ActionModuleRecord[]> {
  return createActionModuleQueries(deps.database, tenantId).list();
}

/** Newest first. */
export async function listModuleVersions(deps: ActionsDeps, tenantId: string, moduleId: string): Promise<ActionModuleVersionRecord[]> {
  return createActionModuleVersionQueries(deps.database, tenantId).list(moduleId);
}
