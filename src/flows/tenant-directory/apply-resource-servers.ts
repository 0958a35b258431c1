import { createResourceServerQueries, type ResourceServerRecord } from '../../storage/index.ts';
import { createManagementExtrasQueries } from '../../storage/management-extras.ts';
import { canonical, reason, split, type ApplyDeps, type StepResult } from './context.ts';
import type { DirectoryResourceServer } from './types.ts';

// resource-servers/*.json → the tenant's APIs, matched by identifier (the audience).

export const RESOURCE_SERVER_FIELDS = [
  'name', 'identifier', 'scopes', 'signing_alg', 'token_lifetime', 'enforce_policies', 'token_dialect',
  'skip_consent_for_verifiable_first_party_clients', 'allow_offline_access',
] as const;

type Patch = Partial<Pick<ResourceServerRecord, 'name' | 'scopes' | 'signing_alg' | 'token_lifetime' | 'enforce_policies' | 'token_dialect' | 'skip_consent_for_verifiable_first_party_clients' | 'allow_offline_access'>>;

export async function applyResourceServers(deps: ApplyDeps, tenantId: string, servers: readonly DirectoryResourceServer[]): Promise<StepResult> {
  const result: StepResult = { changes: [], problems: [] };
  const queries = createResourceServerQueries(deps.database, tenantId);
  const extrasQueries = createManagementExtrasQueries(deps.database, tenantId);
  const existing = await queries.list();
  for (const { file, data } of servers) {
    const { known, extras } = split(data, RESOURCE_SERVER_FIELDS);
    const { identifier, ...patch } = known as Patch & { identifier: string };
    try {
      const found = existing.find((r) => r.identifier === identifier);
      if (!found) {
        const created = await queries.create({ identifier, ...patch });
        await extrasQueries.set('resource_server', created.id, extras);
        result.changes.push({ kind: 'resource-server', name: identifier, result: 'created' });
        continue;
      }
      const changed = Object.entries(patch).some(([k, v]) => canonical(found[k as keyof ResourceServerRecord]) !== canonical(v))
        || canonical(await extrasQueries.get('resource_server', found.id)) !== canonical(extras);
      if (!changed) {
        result.changes.push({ kind: 'resource-server', name: identifier, result: 'unchanged' });
        continue;
      }
      await queries.update(found.id, patch);
      await extrasQueries.set('resource_server', found.id, extras);
      result.changes.push({ kind: 'resource-server', name: identifier, result: 'updated' });
    } catch (err) {
      result.problems.push({ file, message: `not applied: ${reason(err)}` });
    }
  }
  return result;
}
