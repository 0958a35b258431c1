import type { Surface } from '../context.ts';
import { createMetrics } from '../operations/metrics.ts';
import { checkReadiness } from '../operations/readiness.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served for any Host (load balancers and scrapers use the node's address), no tenant. */
    tenantless?: boolean;
  }
}

/**
 * Operations endpoints for load balancers and monitoring (docs/deploy.md): /readyz answers 200
 * only when storage (and Redis, when configured) answer; /metrics is Prometheus text. Both
 * answer for any Host. /healthz (health.ts) stays a liveness check that touches nothing.
 */
export const operations: Surface = {
  name: 'operations',
  register(app, context) {
    const metrics = context.metrics ?? createMetrics({ defaultMetrics: false });
    app.get('/readyz', { config: { tenantless: true } }, async (_request, reply) => {
      const readiness = await checkReadiness({ database: context.database, cache: context.shared?.cache });
      return reply.code(readiness.ready ? 200 : 503).send({ status: readiness.ready ? 'ready' : 'unavailable', checks: readiness.checks });
    });
    app.get('/metrics', { config: { tenantless: true } }, async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    });
  },
};
