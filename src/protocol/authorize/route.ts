import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatehouseError, errors } from '../../errors/index.ts';
import { eventRequest } from '../../flows/actions/index.ts';
import { createConnectionQueries } from '../../storage/index.ts';
import { clock, type ProtocolDeps } from '../context.ts';
import { sendPage } from '../html.ts';
import { maybeSweep } from '../housekeeping.ts';
import { bindBrowser } from './browser.ts';
import { finishAuthorization, browserTransaction } from './finish.ts';
import { sendErrorToClient } from './respond.ts';
import { readSession, touchSession, type LiveSession } from './session.ts';
import { createLoginTransaction } from './transaction.ts';
import { validateAuthorize, type AuthorizeRequest } from './validate.ts';

/** Universal Login's paths: the login page engineer serves them. */
export const LOGIN_PATH = '/u/login';
export const SIGNUP_PATH = '/u/signup';

/** Whether a live session may answer this request without the login form. */
function ssoAllowed(authorize: AuthorizeRequest, live: LiveSession | undefined, at: Date): live is LiveSession {
  if (!live || authorize.prompt.has('login')) return false;
  if (authorize.connection !== null && live.session.connection !== authorize.connection) return false;
  if (authorize.maxAge !== null && at.getTime() - Date.parse(live.session.authenticated_at) > authorize.maxAge * 1000) return false;
  return true;
}

function errorPage(reply: FastifyReply, error: GatehouseError): FastifyReply {
  return sendPage(reply, error.status, 'Something went wrong', [`${errors[error.code].wire}: ${error.message}`]);
}

async function authorize(deps: ProtocolDeps, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const tenantId = request.tenant.id;
  maybeSweep(deps.database, tenantId, (err) => request.log.warn({ err }, 'sweeping expired protocol state failed'));
  const checked = await validateAuthorize(deps.database, deps.box, tenantId, request.query);
  if (!checked.ok) {
    if ('page' in checked) return errorPage(reply, checked.page);
    return sendErrorToClient(reply, checked.target, checked.error);
  }
  const request_ = checked.value;
  const at = clock(deps);
  let live = await readSession(deps, request);
  // A session is only good for clients its connection is enabled for (another application of
  // the tenant may use another directory).
  if (live) {
    const connection = await createConnectionQueries(deps.database, deps.box, tenantId).findByName(live.session.connection);
    if (!connection || !connection.enabled_clients.includes(request_.client.client_id)) live = undefined;
  }

  if (ssoAllowed(request_, live, at)) {
    await touchSession(deps, request, live.session);
    // SSO (and prompt=none with a session) runs post-login too, with event.session set.
    return finishAuthorization(deps, request, reply, {
      client: request_.client,
      user: live.user,
      session: live.session,
      code: {
        clientId: request_.client.client_id,
        userId: live.user.user_id,
        redirectUri: request_.redirectUriExplicit ? request_.target.redirectUri : null,
        scope: request_.scope,
        audience: request_.audience,
        nonce: request_.nonce,
        codeChallenge: request_.codeChallenge,
        codeChallengeMethod: request_.codeChallengeMethod,
        sid: live.session.sid,
        authTime: live.session.authenticated_at,
        target: request_.target,
      },
      transaction: browserTransaction(request_.query, {
        redirectUri: request_.target.redirectUri, state: request_.target.state, responseMode: request_.target.responseMode, prompt: [...request_.prompt],
      }),
      request: eventRequest(request, { query: { ...request_.query } }),
    });
  }
  if (request_.prompt.has('none')) return sendErrorToClient(reply, request_.target, new GatehouseError('OAUTH_LOGIN_REQUIRED'));

  const browser = bindBrowser(request, reply, deps.config.publicScheme === 'https');
  const transaction = await createLoginTransaction(deps, tenantId, request_, browser);
  const path = request_.screenHint === 'signup' ? SIGNUP_PATH : LOGIN_PATH;
  return reply.header('cache-control', 'no-store').redirect(`${path}?state=${encodeURIComponent(transaction.id)}`, 302);
}

export function registerAuthorize(app: FastifyInstance, deps: ProtocolDeps): void {
  app.get('/authorize', (request, reply) => authorize(deps, request, reply));
}
