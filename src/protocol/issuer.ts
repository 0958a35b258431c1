import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/index.ts';

/**
 * The issuer as Auth0 spells it: scheme://host/ with a trailing slash, identical in discovery
 * and in every token. The host is the request's own Host header (already matched to the
 * tenant by the resolver), so each tenant hostname is its own issuer.
 */
export function issuerFor(config: Pick<Config, 'publicScheme'>, request: FastifyRequest): string {
  const host = (request.headers.host ?? '').trim().toLowerCase();
  return `${config.publicScheme}://${host}/`;
}

/** The audience Auth0 gives tokens that are good for /userinfo. */
export function userinfoAudience(issuer: string): string {
  return `${issuer}userinfo`;
}
