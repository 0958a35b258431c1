import { fastify, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { fastifyFormbody } from '@fastify/formbody';
import type { ServerContext, Surface } from './context.ts';
import { installErrorHandling } from './error-handler.ts';
import { installTenantResolver } from './tenant-resolver.ts';
import { installRequestLogging } from './request-logging.ts';
import { surfaces as defaultSurfaces } from './surfaces.ts';

/** Auth0 caps scripts at 100 kB; a body carrying one plus its JSON envelope needs headroom. */
export const BODY_LIMIT = 512 * 1024;

export interface CreateServerOptions extends ServerContext {
  /** Replaces the default surface table (tests add routes of their own). */
  readonly surfaces?: readonly Surface[];
}

/** Assembles the fastify app (not yet listening): tenant resolution, error shapes, surfaces. */
export async function createServer(options: CreateServerOptions): Promise<FastifyInstance> {
  const { surfaces = defaultSurfaces, ...context } = options;
  const app = fastify({
    loggerInstance: context.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    // Auth0 treats /path and /path/ alike for its endpoints; so does Gatehouse.
    routerOptions: { ignoreTrailingSlash: true },
  });
  installErrorHandling(app);
  installTenantResolver(app, context.tenants);
  installRequestLogging(app, context.logger);
  await app.register(fastifyFormbody, { bodyLimit: BODY_LIMIT });
  for (const surface of surfaces) {
    await app.register(async (scope) => surface.register(scope, context), { prefix: surface.prefix });
  }
  return app;
}
