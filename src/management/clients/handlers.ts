import { GatehouseError } from '../../errors/index.ts';
import { createClientGrantQueries, createClientQueries, type ClientRecord } from '../../storage/index.ts';
import { createManagementExtrasQueries } from '../../storage/management-extras.ts';
import { pageOf, paging, withTotals } from '../pagination.ts';
import { route, type ManagementRoute } from '../route.ts';
import { idParams, pick, selectFields } from '../schemas.ts';
import { client, clientList, CLIENT_EXTRA_FIELDS, createClientBody, listClientsQuery, updateClientBody } from './schemas.ts';
import { z } from 'zod';

/** A client as Auth0 returns it; the secret only for callers allowed to read client keys. */
export function renderClient(record: ClientRecord, tenantName: string, extras: Record<string, unknown>, withSecret: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...extras,
    client_id: record.client_id,
    tenant: tenantName,
    name: record.name,
    global: false,
    app_type: record.app_type,
    is_first_party: record.is_first_party,
    callbacks: record.redirect_uris,
    allowed_logout_urls: record.allowed_logout_urls,
    web_origins: record.web_origins,
    grant_types: record.grant_types,
    client_metadata: record.client_metadata,
    token_endpoint_auth_method: record.token_endpoint_auth_method,
  };
  if (record.description !== null) out.description = record.description;
  if (withSecret && record.client_secret !== null) out.client_secret = record.client_secret;
  return out;
}

const readsSecrets = (scopes: ReadonlySet<string>) => scopes.has('read:client_keys');

export const clientRoutes: readonly ManagementRoute[] = [
  route({
    method: 'GET', url: '/clients', scopes: ['read:clients', 'read:client_keys'], query: listClientsQuery, response: clientList,
    async handler({ context, tenantId, request, token, query }) {
      let all = await createClientQueries(context.database, context.box, tenantId).list();
      if (query.app_type) {
        const types = new Set(query.app_type.split(','));
        all = all.filter((c) => types.has(c.app_type));
      }
      if (query.is_first_party !== undefined) all = all.filter((c) => c.is_first_party === (query.is_first_party === 'true'));
      if (query.is_global === 'true') all = [];
      const extras = await createManagementExtrasQueries(context.database, tenantId).getAll('client');
      const p = paging(query);
      const items = pageOf(all, p).map((c) => selectFields(renderClient(c, request.tenant.name, extras.get(c.client_id) ?? {}, readsSecrets(token.scopes)), query));
      return withTotals('clients', items, all.length, p);
    },
  }),
  route({
    method: 'POST', url: '/clients', scopes: ['create:clients'], body: createClientBody, response: client, status: 201,
    async handler({ context, tenantId, request, body }) {
      const created = await createClientQueries(context.database, context.box, tenantId).create({
        name: body.name,
        client_id: body.client_id,
        client_secret: body.client_secret,
        app_type: body.app_type ?? 'regular_web',
        description: body.description,
        redirect_uris: body.callbacks,
        allowed_logout_urls: body.allowed_logout_urls,
        web_origins: body.web_origins,
        grant_types: body.grant_types,
        client_metadata: body.client_metadata,
        is_first_party: body.is_first_party,
        token_endpoint_auth_method: body.token_endpoint_auth_method,
      });
      const extras = pick(body, CLIENT_EXTRA_FIELDS);
      await createManagementExtrasQueries(context.database, tenantId).set('client', created.client_id, extras);
      // Auth0 shows the new secret to its creator once, whatever the creator's scopes.
      return renderClient(created, request.tenant.name, extras, true);
    },
  }),
  route({
    method: 'GET', url: '/clients/:id', scopes: ['read:clients', 'read:client_keys'], params: idParams,
    query: z.strictObject({ fields: z.string().optional(), include_fields: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }),
    async handler({ context, tenantId, request, token, params, query }) {
      const found = await createClientQueries(context.database, context.box, tenantId).find(params.id);
      if (!found) throw new GatehouseError('MGMT_NOT_FOUND', 'The client does not exist');
      const extras = await createManagementExtrasQueries(context.database, tenantId).get('client', found.client_id);
      return selectFields(client.parse(renderClient(found, request.tenant.name, extras, readsSecrets(token.scopes))), query);
    },
  }),
  route({
    method: 'PATCH', url: '/clients/:id', scopes: ['update:clients', 'update:client_keys'], params: idParams, body: updateClientBody, response: client,
    async handler({ context, tenantId, request, token, params, body }) {
      const clients = createClientQueries(context.database, context.box, tenantId);
      if (!await clients.find(params.id)) throw new GatehouseError('MGMT_NOT_FOUND', 'The client does not exist');
      if (body.client_secret !== undefined) {
        if (!token.scopes.has('update:client_keys')) throw new GatehouseError('MGMT_INSUFFICIENT_SCOPE', 'Insufficient scope, expected any of: update:client_keys');
        await clients.rotateSecret(params.id, body.client_secret);
      }
      const updated = await clients.update(params.id, {
        name: body.name, description: body.description, app_type: body.app_type,
        redirect_uris: body.callbacks, allowed_logout_urls: body.allowed_logout_urls, web_origins: body.web_origins,
        grant_types: body.grant_types, client_metadata: body.client_metadata, is_first_party: body.is_first_party,
        token_endpoint_auth_method: body.token_endpoint_auth_method,
      });
      if (!updated) throw new GatehouseError('MGMT_NOT_FOUND', 'The client does not exist');
      const extrasQueries = createManagementExtrasQueries(context.database, tenantId);
      // PATCH merges top-level fields, as Auth0 does: extras not sent are kept.
      const extras = { ...await extrasQueries.get('client', params.id), ...pick(body, CLIENT_EXTRA_FIELDS) };
      await extrasQueries.set('client', params.id, extras);
      return renderClient(updated, request.tenant.name, extras, readsSecrets(token.scopes));
    },
  }),
  route({
    method: 'DELETE', url: '/clients/:id', scopes: ['delete:clients'], params: idParams, status: 204,
    async handler({ context, tenantId, params }) {
      const grants = createClientGrantQueries(context.database, tenantId);
      for (const grant of await grants.list({ client_id: params.id })) await grants.remove(grant.id);
      if (!await createClientQueries(context.database, context.box, tenantId).remove(params.id)) {
        throw new GatehouseError('MGMT_NOT_FOUND', 'The client does not exist');
      }
      await createManagementExtrasQueries(context.database, tenantId).remove('client', params.id);
      return undefined;
    },
  }),
  route({
    method: 'POST', url: '/clients/:id/rotate-secret', scopes: ['update:client_keys'], params: idParams, response: client,
    async handler({ context, tenantId, request, params }) {
      const rotated = await createClientQueries(context.database, context.box, tenantId).rotateSecret(params.id);
      if (!rotated) throw new GatehouseError('MGMT_NOT_FOUND', 'The client does not exist');
      const extras = await createManagementExtrasQueries(context.database, tenantId).get('client', params.id);
      return renderClient(rotated, request.tenant.name, extras, true);
    },
  }),
];
