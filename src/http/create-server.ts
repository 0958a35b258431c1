import { readFileSync } from 'node:fs';
import { fastify, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { GatehouseError } from '../errors/index.ts';
import type { Config } from '../config/index.ts';
import { fastifyFormbody } from '@fastify/formbody';
import type { ServerContext, Surface } from './context.ts';
import { installErrorHandling } from './error-handler.ts';
import { installTenantResolver } from './tenant-resolver.ts';
import { installRequestLogging } from './request-logging.ts';
import { installHttpMetrics } from './operations/http-metrics.ts';
import { surfaces as defaultSurfaces } from './surfaces.ts';

/** Auth0 caps scripts at 100 kB; a body carrying one plus its JSON envelope needs headroom. */
export const BODY_LIMIT = 512 * 1024;

export interface CreateServerOptions extends ServerContext {
  /** Replaces the default surface table (tests add routes of their own). */
  readonly surfaces?: readonly Surface[];
}

/** PEM files of config.tls, read once at start; an unreadable one is a configuration error naming the setting. */
function tlsOptions(config: Config): { https: { cert: Buffer; key: Buffer } } | Record<string, never> {
  if (!config.tls?.cert || !config.tls.key) return {};
  const read = (setting: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new GatehouseError('CONFIG_INVALID', `invalid setting "${setting}": ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
  };
  return { https: { cert: read('tls.cert', config.tls.cert), key: read('tls.key', config.tls.key) } };
}

/** Assembles the fastify app (not yet listening): tenant resolution, error shapes, surfaces. */
export async function createServer(options: CreateServerOptions): Promise<FastifyInstance> {
  const { surfaces = defaultSurfaces, ...context } = options;
  const app = fastify({
    loggerInstance: context.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    // Auth0 treats /path and /path/ alike for its endpoints; so does Gatehouse.
    routerOptions: { ignoreTrailingSlash: true },
    // Gatehouse serves TLS itself when given a certificate (the auth0 SDKs speak only https).
    ...tlsOptions(context.config),
  }) as unknown as FastifyInstance;
  installErrorHandling(app);
  installTenantResolver(app, context.tenants);
  installRequestLogging(app, context.logger);
  if (context.metrics) installHttpMetrics(app, context.metrics);
  await app.register(fastifyFormbody, { bodyLimit: BODY_LIMIT });
  for (const surface of surfaces) {
    await app.register(async (scope) => surface.register(scope, context), { prefix: surface.prefix });
  }
  return app;
}
