import { GatehouseError } from '../../errors/index.ts';
import { isManagementAudienceOf, MANAGEMENT_AUDIENCE_KEY, managementAudience } from '../../flows/tenants/index.ts';
import {
  createClientGrantQueries, createClientQueries, createResourceServerQueries, type ClientGrantRecord, type Database, type SecretBox,
} from '../../storage/index.ts';
import { pageOf, paging, withTotals } from '../pagination.ts';
import { route, type ManagementRoute } from '../route.ts';
import { idParams } from '../schemas.ts';
import { clientGrant, clientGrantList, createClientGrantBody, listClientGrantsQuery, updateClientGrantBody, type ClientGrant } from './schemas.ts';

/** A stored grant as Auth0 shows it; the Management API grant shows this host's audience. */
export function renderGrant(grant: ClientGrantRecord, issuer: string): ClientGrant {
  const audience = grant.audience === MANAGEMENT_AUDIENCE_KEY ? managementAudience(issuer) : grant.audience;
  return { id: grant.id, client_id: grant.client_id, audience, scope: grant.scopes };
}

/** The stored audience for a given one: the Management API's key, or an existing API's identifier. */
export async function storedAudience(database: Database, tenant: { id: string; hostnames: readonly string[] }, audience: string): Promise<string> {
  if (audience === MANAGEMENT_AUDIENCE_KEY || isManagementAudienceOf(audience, tenant.hostnames)) return MANAGEMENT_AUDIENCE_KEY;
  if (!await createResourceServerQueries(database, tenant.id).findByIdentifier(audience)) {
    throw new GatehouseError('MGMT_NOT_FOUND', 'No resource server found by specified audience');
  }
  return audience;
}

async function grantClient(database: Database, box: SecretBox, tenantId: string, clientId: string): Promise<void> {
  if (!await createClientQueries(database, box, tenantId).find(clientId)) throw new GatehouseError('MGMT_NOT_FOUND', 'Client not found');
}

export const clientGrantRoutes: readonly ManagementRoute[] = [
  route({
    method: 'GET', url: '/client-grants', scopes: ['read:client_grants'], query: listClientGrantsQuery, response: clientGrantList,
    async handler({ context, tenantId, issuer, query, request }) {
      const audience = query.audience === undefined ? undefined : await storedAudience(context.database, request.tenant, query.audience).catch(() => query.audience);
      const all = await createClientGrantQueries(context.database, tenantId).list({ client_id: query.client_id, audience });
      const p = paging(query);
      return withTotals('client_grants', pageOf(all, p).map((g) => renderGrant(g, issuer)), all.length, p);
    },
  }),
  route({
    method: 'POST', url: '/client-grants', scopes: ['create:client_grants'], body: createClientGrantBody, response: clientGrant, status: 201,
    async handler({ context, tenantId, issuer, body, request }) {
      await grantClient(context.database, context.box, tenantId, body.client_id);
      const audience = await storedAudience(context.database, request.tenant, body.audience);
      const created = await createClientGrantQueries(context.database, tenantId).create({ client_id: body.client_id, audience, scopes: body.scope });
      return renderGrant(created, issuer);
    },
  }),
  route({
    method: 'GET', url: '/client-grants/:id', scopes: ['read:client_grants'], params: idParams, response: clientGrant,
    async handler({ context, tenantId, issuer, params }) {
      const grant = await createClientGrantQueries(context.database, tenantId).find(params.id);
      if (!grant) throw new GatehouseError('MGMT_NOT_FOUND', 'The client grant does not exist.');
      return renderGrant(grant, issuer);
    },
  }),
  route({
    method: 'PATCH', url: '/client-grants/:id', scopes: ['update:client_grants'], params: idParams, body: updateClientGrantBody, response: clientGrant,
    async handler({ context, tenantId, issuer, params, body }) {
      const grants = createClientGrantQueries(context.database, tenantId);
      const current = await grants.find(params.id);
      if (!current) throw new GatehouseError('MGMT_NOT_FOUND', 'The client grant does not exist.');
      const updated = body.scope === undefined ? current : await grants.updateScopes(params.id, body.scope);
      if (!updated) throw new GatehouseError('MGMT_NOT_FOUND', 'The client grant does not exist.');
      return renderGrant(updated, issuer);
    },
  }),
  route({
    method: 'DELETE', url: '/client-grants/:id', scopes: ['delete:client_grants'], params: idParams, status: 204,
    async handler({ context, tenantId, params }) {
      if (!await createClientGrantQueries(context.database, tenantId).remove(params.id)) {
        throw new GatehouseError('MGMT_NOT_FOUND', 'The client grant does not exist.');
      }
      return undefined;
    },
  }),
];
