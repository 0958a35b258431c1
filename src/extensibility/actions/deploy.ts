// Deploy, rollback and the version history (actions.md §9). A deploy snapshots the draft
// (code, dependencies, runtime, module pins, secrets) as the next immutable version and makes it
// the one that runs; the dependency set is installed first, so a deploy that cannot install
// changes nothing. The previous version's container is recycled.
import { GatehouseError } from '../../errors/index.ts';
import { installDependencySet } from '../../runtime/modules/install.ts';
import {
  createActionModuleVersionQueries, createActionQueries, createActionVersionQueries, createSecretQueries, inTransaction,
  type ActionDependency, type ActionModulePin, type ActionVersionRecord, type Database,
} from '../../storage/index.ts';
import { invalidatePlans } from './flow-plan.ts';
import { containerKeyOf } from './run-one.ts';
import type { ActionsDeps } from './types.ts';
import { validateCode } from './validate.ts';

interface Snapshot {
  trigger: { id: string; version: string };
  code: string;
  dependencies: ActionDependency[];
  runtime: string;
  modules: ActionModulePin[];
  draft_revision: number;
  /** Where the secrets come from: the draft ('action') or an earlier version ('action-version'). */
  secrets: { ownerType: 'action' | 'action-version'; ownerId: string };
}

/** The Action's dependencies with its pinned modules', as installed and required together. */
export async function dependencySetOf(database: Database, tenantId: string, dependencies: ActionDependency[], modules: ActionModulePin[]): Promise<Record<string, string>> {
  const set: Record<string, string> = {};
  const versions = createActionModuleVersionQueries(database, tenantId);
  for (const pin of modules) {
    for (const d of (await versions.find(pin.module_version_id))?.dependencies ?? []) set[d.name] = d.version;
  }
  for (const d of dependencies) {
    if (set[d.name] !== undefined && set[d.name] !== d.version) {
      throw new GatehouseError('ACTION_INVALID', `The dependency ${d.name} is ${d.version} in the Action but ${set[d.name]} in a pinned module.`);
    }
    set[d.name] = d.version;
  }
  return set;
}

async function snapshotAsVersion(deps: ActionsDeps, tenantId: string, actionId: string, snapshot: Snapshot): Promise<ActionVersionRecord> {
  const set = await dependencySetOf(deps.database, tenantId, snapshot.dependencies, snapshot.modules);
  if (deps.runner && Object.keys(set).length > 0) await installDependencySet(deps.runner.moduleCacheDir, set);
  const { version, previous } = await inTransaction(deps.database, async (tx) => {
    const versions = createActionVersionQueries(tx, tenantId);
    const previous = await versions.deployed(actionId);
    const version = await versions.createDeployed({
      action_id: actionId, trigger: snapshot.trigger, code: snapshot.code, dependencies: snapshot.dependencies, runtime: snapshot.runtime,
      modules: snapshot.modules, draft_revision: snapshot.draft_revision, built_at: new Date().toISOString(),
    });
    const store = createSecretQueries(tx, deps.box, tenantId);
    for (const s of await store.list(snapshot.secrets.ownerType, snapshot.secrets.ownerId)) {
      await store.set('action-version', version.secrets_ref, s.name, s.value);
    }
    return { version, previous };
  });
  invalidatePlans(deps.database, tenantId);
  if (previous && deps.runner) await deps.runner.recycle(tenantId, containerKeyOf(actionId, previous.number));
  return version;
}

export async function deployAction(deps: ActionsDeps, tenantId: string, actionId: string): Promise<ActionVersionRecord> {
  const action = await createActionQueries(deps.database, tenantId).find(actionId);
  if (!action) throw new GatehouseError('MGMT_NOT_FOUND', 'The Action does not exist.');
  validateCode(action.code, action.name);
  return snapshotAsVersion(deps, tenantId, actionId, {
    trigger: action.supported_triggers[0], code: action.code, dependencies: action.dependencies, runtime: action.runtime,
    modules: action.modules, draft_revision: action.revision, secrets: { ownerType: 'action', ownerId: action.id },
  });
}

/** Auth0's "deploy a previous version": a new version copying it (secrets included). The draft is unchanged. */
export async function rollbackAction(deps: ActionsDeps, tenantId: string, actionId: string, versionId: string): Promise<ActionVersionRecord> {
  const old = await createActionVersionQueries(deps.database, tenantId).find(versionId);
  if (!old || old.action_id !== actionId) throw new GatehouseError('MGMT_NOT_FOUND', 'The Action version does not exist.');
  return snapshotAsVersion(deps, tenantId, actionId, {
    trigger: old.supported_triggers[0], code: old.code, dependencies: old.dependencies, runtime: old.runtime,
    modules: old.modules, draft_revision: old.draft_revision, secrets: { ownerType: 'action-version', ownerId: old.secrets_ref },
  });
}

/** Newest first. */
export async function listVersions(deps: ActionsDeps, tenantId: string, actionId: string): Promise<ActionVersionRecord[]> {
  return createActionVersionQueries(deps.database, tenantId).list(actionId);
}

/** Auth0's `all_changes_deployed`: the deployed version was made from the current draft. */
export async function allChangesDeployed(deps: ActionsDeps, tenantId: string, actionId: string): Promise<boolean> {
  const [action, deployed] = await Promise.all([
    createActionQueries(deps.database, tenantId).find(actionId),
    createActionVersionQueries(deps.database, tenantId).deployed(actionId),
  ]);
  return action !== undefined && deployed !== undefined && deployed.draft_revision === action.revision;
}
