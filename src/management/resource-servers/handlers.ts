import { GatehouseError } from '../../errors/index.ts';
import { MANAGEMENT_API_ID, MANAGEMENT_SCOPES, managementApiRecord, managementAudience } from '../../flows/tenants/index.ts';
import { createClientGrantQueries, createResourceServerQueries, type ResourceServerRecord } from '../../storage/index.ts';
import { createManagementExtrasQueries } from '../../storage/management-extras.ts';
import { pageOf, paging, withTotals } from '../pagination.ts';
import { route, type ManagementRoute } from '../route.ts';
import { idParams, pick } from '../schemas.ts';
import {
  createResourceServerBody, listResourceServersQuery, RESOURCE_SERVER_EXTRA_FIELDS, resourceServer, resourceServerList, updateResourceServerBody,
} from './schemas.ts';

export function renderResourceServer(record: ResourceServerRecord, extras: Record<string, unknown>, system = false): Record<string, unknown> {
  return {
    ...extras,
    id: record.id,
    name: record.name,
    identifier: record.identifier,
    // Auth0 marks only its own APIs.
    ...(system ? { is_system: true } : {}),
    scopes: record.scopes,
    signing_alg: record.signing_alg,
    token_lifetime: record.token_lifetime,
    enforce_policies: record.enforce_policies,
    token_dialect: record.token_dialect,
    skip_consent_for_verifiable_first_party_clients: record.skip_consent_for_verifiable_first_party_clients,
    allow_offline_access: record.allow_offline_access,
  };
}

/** Auth0 lists its Management API among a tenant's APIs, marked is_system. */
function systemApi(tenantId: string, issuer: string): Record<string, unknown> {
  const record = managementApiRecord(tenantId, managementAudience(issuer));
  return renderResourceServer({ ...record, scopes: MANAGEMENT_SCOPES.map((value) => ({ value })) }, {}, true);
}

const systemReadOnly = () => new GatehouseError('MGMT_FORBIDDEN', 'The Auth0 Management API is a system API and cannot be changed.');

export const resourceServerRoutes: readonly ManagementRoute[] = [
  route({
    method: 'GET', url: '/resource-servers', scopes: ['read:resource_servers'], query: listResourceServersQuery, response: resourceServerList,
    async handler({ context, tenantId, issuer, query }) {
      const extras = await createManagementExtrasQueries(context.database, tenantId).getAll('resource_server');
      let all = [
        systemApi(tenantId, issuer),
        ...(await createResourceServerQueries(context.database, tenantId).list()).map((r) => renderResourceServer(r, extras.get(r.id) ?? {})),
      ];
      if (query.identifiers !== undefined) {
        const wanted = new Set(Array.isArray(query.identifiers) ? query.identifiers : [query.identifiers]);
        all = all.filter((r) => wanted.has(r.identifier as string));
      }
      const p = paging(query);
      return withTotals('resource_servers', pageOf(all, p), all.length, p);
    },
  }),
  route({
    method: 'POST', url: '/resource-servers', scopes: ['create:resource_servers'], body: createResourceServerBody, response: resourceServer, status: 201,
    async handler({ context, tenantId, body }) {
      if (body.identifier.endsWith('/api/v2/')) throw new GatehouseError('MGMT_CONFLICT', 'The identifier of the Management API is reserved.');
      const created = await createResourceServerQueries(context.database, tenantId).create({
        identifier: body.identifier, name: body.name, scopes: body.scopes, signing_alg: body.signing_alg, token_lifetime: body.token_lifetime,
        enforce_policies: body.enforce_policies, token_dialect: body.token_dialect, allow_offline_access: body.allow_offline_access,
        skip_consent_for_verifiable_first_party_clients: body.skip_consent_for_verifiable_first_party_clients,
      });
      const extras = pick(body, RESOURCE_SERVER_EXTRA_FIELDS);
      await createManagementExtrasQueries(context.database, tenantId).set('resource_server', created.id, extras);
      return renderResourceServer(created, extras);
    },
  }),
  route({
    method: 'GET', url: '/resource-servers/:id', scopes: ['read:resource_servers'], params: idParams, response: resourceServer,
    async handler({ context, tenantId, issuer, params }) {
      if (params.id === MANAGEMENT_API_ID || params.id === managementAudience(issuer)) return systemApi(tenantId, issuer);
      const servers = createResourceServerQueries(context.database, tenantId);
      // Auth0 takes the id or the identifier here.
      const found = await servers.find(params.id) ?? await servers.findByIdentifier(params.id);
      if (!found) throw new GatehouseError('MGMT_NOT_FOUND', 'The resource server does not exist');
      return renderResourceServer(found, await createManagementExtrasQueries(context.database, tenantId).get('resource_server', found.id));
    },
  }),
  route({
    method: 'PATCH', url: '/resource-servers/:id', scopes: ['update:resource_servers'], params: idParams, body: updateResourceServerBody, response: resourceServer,
    async handler({ context, tenantId, params, body }) {
      if (params.id === MANAGEMENT_API_ID) throw systemReadOnly();
      const servers = createResourceServerQueries(context.database, tenantId);
      const found = await servers.find(params.id) ?? await servers.findByIdentifier(params.id);
      if (!found) throw new GatehouseError('MGMT_NOT_FOUND', 'The resource server does not exist');
      const updated = await servers.update(found.id, {
        name: body.name, scopes: body.scopes, signing_alg: body.signing_alg, token_lifetime: body.token_lifetime,
        enforce_policies: body.enforce_policies, token_dialect: body.token_dialect, allow_offline_access: body.allow_offline_access,
        skip_consent_for_verifiable_first_party_clients: body.skip_consent_for_verifiable_first_party_clients,
      });
      if (!updated) throw new GatehouseError('MGMT_NOT_FOUND', 'The resource server does not exist');
      const extrasQueries = createManagementExtrasQueries(context.database, tenantId);
      const extras = { ...await extrasQueries.get('resource_server', found.id), ...pick(body, RESOURCE_SERVER_EXTRA_FIELDS) };
      await extrasQueries.set('resource_server', found.id, extras);
      return renderResourceServer(updated, extras);
    },
  }),
  route({
    method: 'DELETE', url: '/resource-servers/:id', scopes: ['delete:resource_servers'], params: idParams, status: 204,
    async handler({ context, tenantId, params }) {
      if (params.id === MANAGEMENT_API_ID) throw systemReadOnly();
      const servers = createResourceServerQueries(context.database, tenantId);
      const found = await servers.find(params.id) ?? await servers.findByIdentifier(params.id);
      if (!found) throw new GatehouseError('MGMT_NOT_FOUND', 'The resource server does not exist');
      const grants = createClientGrantQueries(context.database, tenantId);
      for (const grant of await grants.list({ audience: found.identifier })) await grants.remove(grant.id);
      await servers.remove(found.id);
      await createManagementExtrasQueries(context.database, tenantId).remove('resource_server', found.id);
      return undefined;
    },
  }),
];
