import type { FastifyInstance } from 'fastify';
import { GatehouseError } from '../../errors/index.ts';
import type { ProtocolContext } from '../context.ts';
import { issuerFor } from '../issuer.ts';
import { parseParams, required } from '../params.ts';
import { authenticateClient } from './client-auth.ts';
import type { GrantHandler } from './grant.ts';
import { authorizationCodeGrant } from './grants/authorization-code.ts';
import { clientCredentialsGrant } from './grants/client-credentials.ts';
import { PASSWORD_REALM, passwordGrant, passwordRealmGrant } from './grants/password.ts';
import { refreshTokenGrant } from './grants/refresh-token.ts';

/** The grants Gatehouse implements; anything else is unsupported_grant_type. */
export const grants: Readonly<Record<string, GrantHandler>> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
  password: passwordGrant,
  [PASSWORD_REALM]: passwordRealmGrant,
};

/**
 * POST /oauth/token, as a pipeline: parameters, grant type known, client authenticated, grant
 * allowed for the client, then the grant itself. Form and JSON bodies alike.
 */
export function registerToken(app: FastifyInstance, context: ProtocolContext): void {
  app.post('/oauth/token', async (request, reply) => {
    // Set first so error responses are not cached either.
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const params = parseParams(request.body);
    const grantType = required(params, 'grant_type');
    const handler = Object.hasOwn(grants, grantType) ? grants[grantType] : undefined;
    if (!handler) throw new GatehouseError('OAUTH_UNSUPPORTED_GRANT_TYPE', `Unsupported grant type: ${grantType}`);
    const { client, confidential } = await authenticateClient(context, request, params);
    if (!client.grant_types.includes(grantType)) {
      throw new GatehouseError('OAUTH_UNAUTHORIZED_CLIENT', `Grant type '${grantType}' not allowed for the client.`);
    }
    const tenantId = request.tenant.id;
    const response = await handler({ context, request, params, tenantId, issuer: issuerFor(context.config, request), client, confidential });
    return reply.type('application/json; charset=utf-8').send(response);
  });
}
