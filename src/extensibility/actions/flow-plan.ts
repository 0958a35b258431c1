// What a trigger runs: its bound Actions' deployed versions, each with its secrets, pinned
// Action Modules and dependency set. Versions are immutable, so a loaded version is kept
// (secrets included, as the runtime holds them anyway); the list of a trigger's steps is kept
// for at most a second (as the tenant resolver does) and dropped at once by a local change.
import { createActionBindingQueries, createActionModuleVersionQueries, createActionVersionQueries, createSecretQueries, type ActionVersionRecord, type Database } from '../../storage/index.ts';
import type { ActionsDeps } from './types.ts';

export interface PlannedAction {
  readonly actionId: string;
  readonly name: string;
  readonly versionId: string;
  readonly number: number;
  readonly code: string;
  /** The Action's dependencies and its modules', name → exact version. */
  readonly dependencies: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, string>>;
  readonly modules: Readonly<Record<string, { id: string; source: string; secrets: Record<string, string> }>>;
}

const planTtlMs = 1000;
const maxVersions = 2000;

interface Caches {
  plans: Map<string, { at: number; steps: readonly PlannedAction[] }>;
  versions: Map<string, PlannedAction>;
}
const byDatabase = new WeakMap<Database, Caches>();

function caches(database: Database): Caches {
  let found = byDatabase.get(database);
  if (!found) {
    found = { plans: new Map(), versions: new Map() };
    byDatabase.set(database, found);
  }
  return found;
}

/** Drops the cached steps of a tenant's triggers (after a deploy or a bindings change on this node). */
export function invalidatePlans(database: Database, tenantId: string): void {
  const { plans } = caches(database);
  for (const key of plans.keys()) if (key.startsWith(`${tenantId}\u0000`)) plans.delete(key);
}

export async function planFlow(deps: Pick<ActionsDeps, 'database' | 'box'>, tenantId: string, trigger: string): Promise<readonly PlannedAction[]> {
  const { plans } = caches(deps.database);
  const key = `${tenantId}\u0000${trigger}`;
  const hit = plans.get(key);
  if (hit && performance.now() - hit.at < planTtlMs) return hit.steps;
  const rows = await createActionBindingQueries(deps.database, tenantId).flow(trigger);
  const steps = await Promise.all(rows.map((row) => planVersion(deps, tenantId, row.action_name, row.version)));
  plans.set(key, { at: performance.now(), steps });
  return steps;
}

/** The versions a suspended flow pinned; undefined for one that no longer exists. */
export async function plannedVersions(
  deps: Pick<ActionsDeps, 'database' | 'box'>, tenantId: string, ids: ReadonlyArray<{ actionId: string; versionId: string }>, names: (actionId: string) => Promise<string>,
): Promise<Array<PlannedAction | undefined>> {
  const versions = createActionVersionQueries(deps.database, tenantId);
  return Promise.all(ids.map(async ({ actionId, versionId }) => {
    const cached = caches(deps.database).versions.get(`${tenantId}\u0000${versionId}`);
    if (cached) return cached;
    const version = await versions.find(versionId);
    if (!version || version.action_id !== actionId) return undefined;
    return planVersion(deps, tenantId, await names(actionId), version);
  }));
}

async function planVersion(deps: Pick<ActionsDeps, 'database' | 'box'>, tenantId: string, name: string, version: ActionVersionRecord): Promise<PlannedAction> {
  const { versions } = caches(deps.database);
  const key = `${tenantId}\u0000${version.id}`;
  const cached = versions.get(key);
  if (cached && cached.name === name) return cached;
  const secretQueries = createSecretQueries(deps.database, deps.box, tenantId);
  const secrets = Object.fromEntries((await secretQueries.list('action-version', version.secrets_ref)).map((s) => [s.name, s.value]));
  const dependencies: Record<string, string> = {};
  const modules: Record<string, { id: string; source: string; secrets: Record<string, string> }> = {};
  const moduleVersions = createActionModuleVersionQueries(deps.database, tenantId);
  for (const pin of version.modules) {
    const mv = await moduleVersions.find(pin.module_version_id);
    if (!mv) continue;
    const moduleSecrets = await secretQueries.list('action-module-version', mv.secrets_ref);
    modules[pin.module_name] = { id: mv.id, source: mv.code, secrets: Object.fromEntries(moduleSecrets.map((s) => [s.name, s.value])) };
    for (const d of mv.dependencies) dependencies[d.name] = d.version;
  }
  for (const d of version.dependencies) dependencies[d.name] = d.version;
  const planned: PlannedAction = {
    actionId: version.action_id, name, versionId: version.id, number: version.number, code: version.code, dependencies, secrets, modules,
  };
  if (versions.size >= maxVersions) versions.delete(versions.keys().next().value as string);
  versions.set(key, planned);
  return planned;
}
