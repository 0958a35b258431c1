import type { FastifyInstance } from 'fastify';
import type { ProtocolContext } from '../context.ts';

/**
 * How long clients may cache the JWKS. A new key is published as `next` a whole rotation
 * ahead of signing, so a cache this old always already holds it.
 */
export const JWKS_MAX_AGE = 600;

export function registerJwks(app: FastifyInstance, context: ProtocolContext): void {
  app.get('/.well-known/jwks.json', async (request, reply) => {
    const keys = await context.keys.publishedKeys(request.tenant.id);
    return reply.header('cache-control', `public, max-age=${JWKS_MAX_AGE}`).send({ keys });
  });
}
