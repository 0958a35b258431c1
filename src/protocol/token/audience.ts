import { GatehouseError } from '../../errors/index.ts';
import { findManagementApi } from '../../flows/tenants/management-api.ts';
import { createResourceServerQueries, type Database, type ResourceServerRecord } from '../../storage/index.ts';

/** The API named by `audience`; Auth0's 403 access_denied "Service not found: X" when none is. */
export async function findApi(database: Database, tenantId: string, audience: string | undefined | null): Promise<ResourceServerRecord | undefined> {
  if (audience === undefined || audience === null) return undefined;
  const api = await createResourceServerQueries(database, tenantId).findByIdentifier(audience)
    // The tenant's Management API (https://<host>/api/v2/) is no stored row: see management-api.ts.
    ?? await findManagementApi(database, tenantId, audience);
  if (!api) throw new GatehouseError('OAUTH_ACCESS_DENIED', `Service not found: ${audience}`);
  return api;
}
