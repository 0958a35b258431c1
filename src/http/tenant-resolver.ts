import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatehouseError } from '../errors/index.ts';
import { normalizeHost, type Tenant, type TenantQueries } from '../storage/index.ts';

export interface TenantResolverOptions {
  /** How long a found tenant is reused without asking the database (default 1000 ms; 0 = never). */
  readonly ttlMs?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

const MAX_ENTRIES = 10_000;

/**
 * Finds each request's tenant from its Host header (lowercase, port dropped) before anything
 * else runs. A found tenant is reused for a second at most — the lookup is most of a cheap
 * request's cost — while unknown hosts are always asked again, so a tenant or hostname added
 * through the CLI on the same database is served at once; a removed one lingers for ≤ ttlMs.
 */
export function installTenantResolver(app: FastifyInstance, tenants: TenantQueries, options: TenantResolverOptions = {}): void {
  const ttl = options.ttlMs ?? 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { tenant: Tenant; expires: number }>();

  async function resolve(host: string): Promise<Tenant | undefined> {
    const key = normalizeHost(host);
    const hit = cache.get(key);
    if (hit && hit.expires > now()) return hit.tenant;
    const tenant = await tenants.findByHostname(key);
    if (!tenant || ttl <= 0) {
      cache.delete(key);
      return tenant;
    }
    // Bounded by distinct known hostnames; cleared wholesale if a flood of them ever fills it.
    if (cache.size >= MAX_ENTRIES) cache.clear();
    const frozen = Object.freeze({ ...tenant, hostnames: Object.freeze([...tenant.hostnames]) as string[] });
    cache.set(key, { tenant: frozen, expires: now() + ttl });
    return frozen;
  }

  app.decorateRequest('tenant', null as unknown as FastifyRequest['tenant']);
  app.addHook('onRequest', async (request) => {
    // Operations endpoints (/readyz, /metrics) answer for a node's own address, tenant or not.
    if (request.routeOptions.config?.tenantless === true) return;
    const host = request.headers.host;
    const tenant = host ? await resolve(host) : undefined;
    if (!tenant) throw new GatehouseError('TENANT_NOT_FOUND');
    request.tenant = tenant;
    request.log = request.log.child({ tenant: tenant.name });
  });
}
