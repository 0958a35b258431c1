import { allChangesDeployed, listActionSecrets, type ActionsDeps } from '../../extensibility/actions/index.ts';
import { createActionVersionQueries, createSecretQueries, type ActionRecord, type ActionVersionRecord } from '../../storage/index.ts';

// Actions and versions in Auth0's shapes. Secrets are write-only: names and dates only.

/** Auth0 names the runtime node18 even though the engine stores node18-actions. */
const runtimeName = (runtime: string) => (runtime === 'node18-actions' ? 'node18' : runtime);

function summary(action: ActionRecord, allDeployed: boolean): Record<string, unknown> {
  return {
    id: action.id, name: action.name, supported_triggers: action.supported_triggers, all_changes_deployed: allDeployed,
    created_at: action.created_at, updated_at: action.updated_at,
  };
}

export async function renderVersion(deps: ActionsDeps, tenantId: string, version: ActionVersionRecord, action?: ActionRecord): Promise<Record<string, unknown>> {
  const secrets = await createSecretQueries(deps.database, deps.box, tenantId).listNames('action-version', version.secrets_ref);
  const out: Record<string, unknown> = {
    id: version.id,
    action_id: version.action_id,
    code: version.code,
    dependencies: version.dependencies,
    runtime: runtimeName(version.runtime),
    secrets,
    deployed: version.deployed,
    number: version.number,
    status: 'built',
    errors: [],
    built_at: version.built_at,
    created_at: version.created_at,
    updated_at: version.created_at,
    supported_triggers: version.supported_triggers,
  };
  if (version.modules.length > 0) out.modules = version.modules;
  if (action) out.action = summary(action, await allChangesDeployed(deps, tenantId, action.id));
  return out;
}

export async function renderAction(deps: ActionsDeps, tenantId: string, action: ActionRecord): Promise<Record<string, unknown>> {
  const deployed = await createActionVersionQueries(deps.database, tenantId).deployed(action.id);
  const allDeployed = await allChangesDeployed(deps, tenantId, action.id);
  const out: Record<string, unknown> = {
    ...summary(action, allDeployed),
    code: action.code,
    dependencies: action.dependencies,
    runtime: runtimeName(action.runtime),
    secrets: await listActionSecrets(deps, tenantId, action.id),
    status: 'built',
  };
  // Auth0 lists modules only on Actions that use some.
  if (action.modules.length > 0) out.modules = action.modules;
  if (deployed) {
    out.deployed_version = await renderVersion(deps, tenantId, deployed);
    out.built_at = deployed.built_at;
  }
  return out;
}
