import { createManagementExtrasQueries, type ExtrasKind } from '../../storage/management-extras.ts';
import type { Database } from '../../storage/index.ts';
import type { Json } from './types.ts';

// tenant.json is kept as it is for the round trip: Gatehouse acts on none of its settings yet.
// It lives in management_extras under the kind "tenant" (one row per tenant, keyed by its id);
// the kind is outside ExtrasKind's list because the Management API does not serve it yet.
const TENANT_KIND = 'tenant' as ExtrasKind;

export async function saveTenantSettings(database: Database, tenantId: string, settings: Json): Promise<boolean> {
  const extras = createManagementExtrasQueries(database, tenantId);
  const before = await extras.get(TENANT_KIND, tenantId);
  if (JSON.stringify(before) === JSON.stringify(settings)) return false;
  await extras.set(TENANT_KIND, tenantId, settings);
  return true;
}

export async function loadTenantSettings(database: Database, tenantId: string): Promise<Json | undefined> {
  const settings = await createManagementExtrasQueries(database, tenantId).get(TENANT_KIND, tenantId);
  return Object.keys(settings).length > 0 ? settings : undefined;
}
