import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatehouseError } from '../errors/index.ts';
import type { TenantQueries } from '../storage/index.ts';

/**
 * Finds each request's tenant from its Host header (lowercase, port dropped) before anything
 * else runs. Looked up per request rather than cached, so a tenant or hostname added through the
 * CLI on the same database is served at once.
 */
export function installTenantResolver(app: FastifyInstance, tenants: TenantQueries): void {
  app.decorateRequest('tenant', null as unknown as FastifyRequest['tenant']);
  app.addHook('onRequest', async (request) => {
    const host = request.headers.host;
    const tenant = host ? await tenants.findByHostname(host) : undefined;
    if (!tenant) throw new GatehouseError('TENANT_NOT_FOUND');
    request.tenant = tenant;
    request.log = request.log.child({ tenant: tenant.name });
  });
}
