import { GatehouseError } from '../../errors/index.ts';
import { deleteUser } from '../../flows/custom-db/index.ts';
import { createConnectionQueries, createUserQueries, type ConnectionRecord } from '../../storage/index.ts';
import { createManagementExtrasQueries } from '../../storage/management-extras.ts';
import type { ManagementContext } from '../context.ts';
import { checkpointPage, isCheckpoint, pageOf, paging, withTotals } from '../pagination.ts';
import { route, type ManagementRoute } from '../route.ts';
import { idParams, pick, selectFields } from '../schemas.ts';
import { z } from 'zod';
import { renderConnection } from './render.ts';
import { writeConnection } from './save.ts';
import { connection, connectionClientsBody, CONNECTION_EXTRA_FIELDS, createConnectionBody, listConnectionsQuery, updateConnectionBody } from './schemas.ts';
import { checkpointQuery } from '../pagination.ts';

async function findOr404(context: ManagementContext, tenantId: string, id: string): Promise<ConnectionRecord> {
  const found = await createConnectionQueries(context.database, context.box, tenantId).find(id);
  if (!found) throw new GatehouseError('MGMT_CONNECTION_NOT_FOUND', 'The connection does not exist');
  return found;
}

export const connectionRoutes: readonly ManagementRoute[] = [
  route({
    method: 'GET', url: '/connections', scopes: ['read:connections'], query: listConnectionsQuery,
    async handler({ context, tenantId, query }) {
      let all = await createConnectionQueries(context.database, context.box, tenantId).list();
      if (query.strategy !== undefined) {
        const wanted = new Set(Array.isArray(query.strategy) ? query.strategy : query.strategy.split(','));
        all = all.filter((c) => wanted.has(c.strategy));
      }
      if (query.name !== undefined) all = all.filter((c) => c.name === query.name);
      const extras = await createManagementExtrasQueries(context.database, tenantId).getAll('connection');
      const rendered = all.map((c) => selectFields(renderConnection(c, extras.get(c.id) ?? {}), query));
      if (isCheckpoint(query)) return checkpointPage('connections', rendered, query);
      const p = paging(query);
      return withTotals('connections', pageOf(rendered, p), rendered.length, p);
    },
  }),
  route({
    method: 'POST', url: '/connections', scopes: ['create:connections'], body: createConnectionBody, response: connection, status: 201,
    async handler({ context, tenantId, body }) {
      if (body.strategy !== 'auth0') {
        throw new GatehouseError('MGMT_BAD_REQUEST', `Payload validation error: strategy "${body.strategy.slice(0, 64)}" is not supported; Gatehouse has database connections (strategy "auth0") only.`);
      }
      if (await createConnectionQueries(context.database, context.box, tenantId).findByName(body.name)) {
        throw new GatehouseError('MGMT_CONFLICT', 'A connection with the same name already exists');
      }
      const created = await writeConnection(context, tenantId, { name: body.name, options: body.options ?? {}, enabledClients: body.enabled_clients ?? [] });
      const extras = pick(body, CONNECTION_EXTRA_FIELDS);
      await createManagementExtrasQueries(context.database, tenantId).set('connection', created.id, extras);
      return renderConnection(created, extras);
    },
  }),
  route({
    method: 'GET', url: '/connections/:id', scopes: ['read:connections'], params: idParams,
    query: z.object({ fields: z.string().optional(), include_fields: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }),
    async handler({ context, tenantId, params, query }) {
      const found = await findOr404(context, tenantId, params.id);
      const extras = await createManagementExtrasQueries(context.database, tenantId).get('connection', found.id);
      return selectFields(connection.parse(renderConnection(found, extras)), query);
    },
  }),
  route({
    method: 'PATCH', url: '/connections/:id', scopes: ['update:connections'], params: idParams, body: updateConnectionBody, response: connection,
    async handler({ context, tenantId, params, body }) {
      const found = await findOr404(context, tenantId, params.id);
      const updated = await writeConnection(context, tenantId, {
        name: found.name, options: body.options === null ? {} : body.options, enabledClients: body.enabled_clients,
      }, found);
      const extrasQueries = createManagementExtrasQueries(context.database, tenantId);
      const extras = { ...await extrasQueries.get('connection', found.id), ...pick(body, CONNECTION_EXTRA_FIELDS) };
      await extrasQueries.set('connection', found.id, extras);
      return renderConnection(updated, extras);
    },
  }),
  route({
    method: 'DELETE', url: '/connections/:id', scopes: ['delete:connections'], params: idParams, status: 204,
    async handler({ context, tenantId, params }) {
      const found = await findOr404(context, tenantId, params.id);
      // Auth0 deletes the connection's users with it.
      const users = createUserQueries(context.database, tenantId);
      for (;;) {
        const batch = await users.list({ connection: found.name, limit: 100 });
        if (batch.length === 0) break;
        for (const user of batch) await users.remove(user.user_id);
      }
      await createConnectionQueries(context.database, context.box, tenantId).remove(found.id);
      await createManagementExtrasQueries(context.database, tenantId).remove('connection', found.id);
      return undefined;
    },
  }),
  route({
    // Auth0's "delete a database connection user by email"; legacy mode runs the delete script first.
    method: 'DELETE', url: '/connections/:id/users', scopes: ['delete:users'], params: idParams,
    query: z.object({ email: z.email().max(254) }), status: 204,
    async handler({ context, tenantId, params, query }) {
      const found = await findOr404(context, tenantId, params.id);
      const user = await createUserQueries(context.database, tenantId).findByEmail(found.name, query.email);
      if (!user) throw new GatehouseError('MGMT_USER_NOT_FOUND', 'The user does not exist.');
      await deleteUser(context, { tenantId, userId: user.user_id });
      return undefined;
    },
  }),
  route({
    method: 'GET', url: '/connections/:id/clients', scopes: ['read:connections'], params: idParams, query: z.object({ ...checkpointQuery }),
    async handler({ context, tenantId, params, query }) {
      const found = await findOr404(context, tenantId, params.id);
      return checkpointPage('clients', found.enabled_clients.map((client_id) => ({ client_id })), query);
    },
  }),
  route({
    method: 'PATCH', url: '/connections/:id/clients', scopes: ['update:connections'], params: idParams, body: connectionClientsBody, status: 204,
    async handler({ context, tenantId, params, body }) {
      const found = await findOr404(context, tenantId, params.id);
      const enabled = new Set(found.enabled_clients);
      for (const change of body) {
        if (change.status) enabled.add(change.client_id);
        else enabled.delete(change.client_id);
      }
      await createConnectionQueries(context.database, context.box, tenantId).update(found.id, { enabled_clients: [...enabled] });
      return undefined;
    },
  }),
];
