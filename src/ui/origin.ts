import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/index.ts';

/**
 * scheme://host of the tenant as the browser reached it, for links in emails and pages. The Host
 * header was already matched to a tenant hostname by the resolver, so it cannot point elsewhere.
 */
export function publicOrigin(config: Pick<Config, 'publicScheme'>, request: FastifyRequest): string {
  return `${config.publicScheme}://${(request.headers.host ?? '').trim().toLowerCase()}`;
}
