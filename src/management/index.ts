// The Management API v2 (docs/management-api.md): Auth0's /api/v2 endpoints over storage and the
// flows, driven unchanged by the official `auth0` SDK and auth0-deploy-cli. src/http/ mounts it
// with registerManagement, handing it the OAuth server's token verification and key rotation.
import type { FastifyInstance } from 'fastify';
import { GatehouseError } from '../errors/index.ts';
import type { ManagementContext } from './context.ts';
import { installManagementErrors } from './errors.ts';
import { registerRoutes, type ManagementRoute } from './route.ts';
import { managementRoutes } from './routes.ts';

export type { ManagementContext, ManagementToken, SigningKeyRotation } from './context.ts';
export { createRateLimiter, createMemoryBucketStore, type RateLimiter, type RateLimitSettings, type BucketStore, type RateDecision } from './rate-limit.ts';
export { renderManagementError } from './errors.ts';
export { parseUserQuery, type UserQuery } from './users/query.ts';
export { mergeMetadata } from './users/metadata.ts';
export { managementRoutes } from './routes.ts';
export type { ManagementRoute } from './route.ts';

export const MANAGEMENT_PREFIX = '/api/v2';

/**
 * Registers every endpoint on `app` (a scope prefixed /api/v2). `toGatehouse` turns fastify's
 * own failures into catalogue errors (the server's mapping), which are then rendered in the
 * Management shape. `extraRoutes` lets the server add endpoints backed by other libraries.
 */
export function registerManagement(app: FastifyInstance, context: ManagementContext, toGatehouse: (err: unknown) => GatehouseError, extraRoutes: readonly ManagementRoute[] = []): void {
  // The SDKs send `content-type: application/json` on bodiless DELETEs and POSTs too.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new GatehouseError('MGMT_BAD_REQUEST', 'Payload validation error: the body is not valid JSON.', { cause: err }), undefined);
    }
  });
  installManagementErrors(app, toGatehouse);
  app.setNotFoundHandler(() => {
    throw new GatehouseError('MGMT_NOT_FOUND', 'Not Found');
  });
  registerRoutes(app, context, [...managementRoutes, ...extraRoutes]);
}
