import type { FastifyInstance } from 'fastify';
import type { ProtocolDeps } from '../context.ts';
import { issuerFor } from '../issuer.ts';
import { grants } from '../token/route.ts';

// Only what Gatehouse implements: a client that reads this document never tries a flow that
// would then fail (protocol.md §1 lists Auth0's fuller set).
export function openidConfiguration(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}authorize`,
    token_endpoint: `${issuer}oauth/token`,
    userinfo_endpoint: `${issuer}userinfo`,
    jwks_uri: `${issuer}.well-known/jwks.json`,
    revocation_endpoint: `${issuer}oauth/revoke`,
    end_session_endpoint: `${issuer}oidc/logout`,
    scopes_supported: ['openid', 'profile', 'email', 'phone', 'offline_access'],
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    grant_types_supported: Object.keys(grants),
    code_challenge_methods_supported: ['S256', 'plain'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    claims_supported: [
      'aud', 'auth_time', 'email', 'email_verified', 'exp', 'family_name', 'given_name', 'iat', 'iss', 'name',
      'nickname', 'nonce', 'phone_number', 'phone_number_verified', 'picture', 'sid', 'sub', 'updated_at',
    ],
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
  };
}

export function registerDiscovery(app: FastifyInstance, deps: ProtocolDeps): void {
  app.get('/.well-known/openid-configuration', async (request, reply) =>
    reply.header('cache-control', 'public, max-age=600').send(openidConfiguration(issuerFor(deps.config, request))));
}
