import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatehouseError } from '../../errors/index.ts';
import { createUserQueries } from '../../storage/index.ts';
import type { ProtocolContext } from '../context.ts';
import { issuerFor, userinfoAudience } from '../issuer.ts';
import { splitScope } from '../scopes.ts';
import { profileClaims } from '../tokens/profile-claims.ts';
import { verifyIssuedToken } from '../tokens/verify.ts';

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim()) : null;
  return match?.[1];
}

/** GET|POST /userinfo: the user's claims for the scopes of a valid access token with openid. */
async function userinfo(context: ProtocolContext, request: FastifyRequest, reply: FastifyReply) {
  // RFC 6750 §3: every refusal names the scheme and the error.
  reply.header('www-authenticate', 'Bearer error="invalid_token"').header('cache-control', 'no-store');
  const token = bearer(request);
  if (!token) throw new GatehouseError('OAUTH_INVALID_TOKEN', 'Missing access token.');
  const issuer = issuerFor(context.config, request);
  let payload;
  try {
    payload = await verifyIssuedToken(context.keys, request.tenant.id, token, { issuer, audience: userinfoAudience(issuer) });
  } catch {
    throw new GatehouseError('OAUTH_INVALID_TOKEN');
  }
  const scopes = splitScope(typeof payload.scope === 'string' ? payload.scope : '');
  if (!scopes.includes('openid') || typeof payload.sub !== 'string') throw new GatehouseError('OAUTH_INVALID_TOKEN', 'The access token was not issued for openid.');
  const user = await createUserQueries(context.database, request.tenant.id).find(payload.sub);
  if (!user || user.blocked) throw new GatehouseError('OAUTH_INVALID_TOKEN', 'The user of this token no longer exists or is blocked.');
  reply.removeHeader('www-authenticate');
  return reply.send({ sub: user.user_id, ...profileClaims(user, scopes) });
}

export function registerUserinfo(app: FastifyInstance, context: ProtocolContext): void {
  app.get('/userinfo', (request, reply) => userinfo(context, request, reply));
  app.post('/userinfo', (request, reply) => userinfo(context, request, reply));
}
