import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createClientQueries, type ClientRecord } from '../../storage/index.ts';
import { endSession } from '../authorize/session.ts';
import type { ProtocolContext } from '../context.ts';
import { sendPage } from '../html.ts';
import { issuerFor } from '../issuer.ts';
import { parseParams, type Params } from '../params.ts';
import { verifyIdTokenHint } from '../tokens/verify.ts';

function paramsOrNothing(input: unknown): Params | undefined {
  try {
    return parseParams(input);
  } catch {
    return undefined;
  }
}

async function findClient(context: ProtocolContext, request: FastifyRequest, clientId: string | undefined): Promise<ClientRecord | undefined> {
  return clientId === undefined ? undefined : createClientQueries(context.database, context.box, request.tenant.id).find(clientId);
}

const loggedOut = (reply: FastifyReply) => sendPage(reply, 200, 'Logged out', ['You have been logged out.']);

const notAllowed = (reply: FastifyReply, url: string) => sendPage(reply, 400, 'Logged out', [
  'You have been logged out, but you were not sent back to the application:',
  `${url} is not one of the application's Allowed Logout URLs.`,
]);

/**
 * GET /v2/logout: ends the SSO session first, whatever happens next, then sends the browser to
 * returnTo only when it is one of the client's allowed logout URLs (exact match).
 */
async function v2Logout(context: ProtocolContext, request: FastifyRequest, reply: FastifyReply) {
  await endSession(context, request, reply);
  const params = paramsOrNothing(request.query);
  const returnTo = params?.returnTo;
  if (returnTo === undefined) return loggedOut(reply);
  const client = await findClient(context, request, params?.client_id);
  if (!client || !client.allowed_logout_urls.includes(returnTo)) return notAllowed(reply, returnTo);
  return reply.redirect(returnTo, 302);
}

/**
 * GET|POST /oidc/logout (OpenID RP-Initiated Logout): the client comes from client_id or the
 * audience of id_token_hint; post_logout_redirect_uri must be one of its allowed logout URLs.
 */
async function oidcLogout(context: ProtocolContext, request: FastifyRequest, reply: FastifyReply) {
  await endSession(context, request, reply);
  const params = paramsOrNothing(request.method === 'POST' ? request.body : request.query);
  const redirect = params?.post_logout_redirect_uri;
  if (redirect === undefined) return loggedOut(reply);
  let clientId = params?.client_id;
  if (params?.id_token_hint !== undefined) {
    try {
      const hint = await verifyIdTokenHint(context.keys, request.tenant.id, params.id_token_hint, issuerFor(context.config, request));
      const aud = Array.isArray(hint.aud) ? hint.aud[0] : hint.aud;
      if (clientId !== undefined && aud !== clientId) return notAllowed(reply, redirect);
      clientId = aud;
    } catch {
      return notAllowed(reply, redirect);
    }
  }
  const client = await findClient(context, request, clientId);
  if (!client || !client.allowed_logout_urls.includes(redirect)) return notAllowed(reply, redirect);
  const url = new URL(redirect);
  if (params?.state !== undefined) url.searchParams.set('state', params.state);
  return reply.redirect(url.toString(), 302);
}

export function registerLogout(app: FastifyInstance, context: ProtocolContext): void {
  app.get('/v2/logout', (request, reply) => v2Logout(context, request, reply));
  app.get('/oidc/logout', (request, reply) => oidcLogout(context, request, reply));
  app.post('/oidc/logout', (request, reply) => oidcLogout(context, request, reply));
}
