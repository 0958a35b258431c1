import { GatehouseError } from '../../errors/index.ts';
import { createTenantQueries, type Tenant } from '../../storage/index.ts';
import { createTenant } from '../tenants/index.ts';
import { applyActions, applyTriggers } from './apply-actions.ts';
import { applyClients } from './apply-clients.ts';
import { applyDatabases } from './apply-databases.ts';
import { applyResourceServers } from './apply-resource-servers.ts';
import type { ApplyDeps, Change } from './context.ts';
import { saveTenantSettings } from './tenant-settings.ts';
import type { Problem, TenantDirectory } from './types.ts';

// Applies a directory to a tenant, in dependency order: applications before the connections
// that enable them, Actions before the triggers that bind them. Each object is applied on its
// own; one that fails becomes a Problem and the others still apply.

export interface ApplyInput {
  readonly tenant: string;
  /** For a tenant created here (default `<tenant>.localhost`). */
  readonly hostnames?: readonly string[];
  readonly directory: TenantDirectory;
  /** The env file's values: secrets and configuration values the directory leaves empty. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface ApplyResult {
  readonly tenant: Tenant;
  readonly tenantCreated: boolean;
  readonly changes: readonly Change[];
  readonly problems: readonly Problem[];
}

export async function applyTenantDirectory(deps: ApplyDeps, input: ApplyInput): Promise<ApplyResult> {
  const env = input.env ?? {};
  let tenant = await createTenantQueries(deps.database).findByName(input.tenant);
  const tenantCreated = tenant === undefined;
  if (!tenant) tenant = (await createTenant(deps, { name: input.tenant, hostnames: input.hostnames })).tenant;
  if (!tenant) throw new GatehouseError('TENANT_DIRECTORY_INVALID', `tenant ${input.tenant} could not be created`);

  const changes: Change[] = [{ kind: 'tenant', name: tenant.name, result: tenantCreated ? 'created' : 'unchanged' }];
  const problems: Problem[] = [];
  if (input.directory.tenant && await saveTenantSettings(deps.database, tenant.id, input.directory.tenant)) {
    changes[0] = { kind: 'tenant', name: tenant.name, result: tenantCreated ? 'created' : 'updated', detail: 'tenant.json' };
  }
  const steps = [
    () => applyClients(deps, tenant.id, input.directory.clients),
    () => applyResourceServers(deps, tenant.id, input.directory.resourceServers),
    () => applyDatabases(deps, tenant.id, input.directory.databases, env),
    () => applyActions(deps, tenant.id, input.directory.actions, env),
    () => applyTriggers(deps, tenant.id, input.directory.triggers),
  ];
  for (const step of steps) {
    const result = await step();
    changes.push(...result.changes);
    problems.push(...result.problems);
  }
  return { tenant, tenantCreated, changes, problems };
}
