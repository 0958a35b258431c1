import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatehouseError, errors, isGatehouseError, renderError } from '../../errors/index.ts';
import { eventRequest, resumeFlow, resumePostLogin } from '../../flows/actions/index.ts';
import { createClientQueries, createUserQueries } from '../../storage/index.ts';
import { readCookie, SESSION_COOKIE } from '../cookies.ts';
import { applyPostLoginOutcome, pendingCodeOf } from '../authorize/finish.ts';
import { sendErrorToClient, type RedirectTarget } from '../authorize/respond.ts';
import { readSession } from '../authorize/session.ts';
import type { ProtocolDeps } from '../context.ts';
import { sendPage } from '../html.ts';
import { continueCookieHash } from './cookie.ts';

// GET|POST /continue?state=… (actions.md §6, protocol.md §2): where a redirect Action's site sends
// the browser back. The suspended post-login flow is found by its state, must belong to this
// browser and session, is spent, resumes (onContinuePostLogin of the redirecting Action, then
// the rest) and the login finishes like any other: a code, an error to the app, or another
// redirect. Before the flow is found there is no trusted redirect_uri, so failures are a page
// (or JSON for non-browser callers), never a redirect.

/** The state from the body (a POST, as Auth0 recommends for tokens) or else the query. */
function stateOf(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const query = request.query as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' ? body.state : undefined;
  const state = typeof fromBody === 'string' ? fromBody : query?.state;
  return typeof state === 'string' ? state : undefined;
}

function wantsHtml(request: FastifyRequest): boolean {
  return /text\/html/.test(String(request.headers.accept ?? ''));
}

function refuse(request: FastifyRequest, reply: FastifyReply, error: GatehouseError): FastifyReply {
  if (wantsHtml(request)) return sendPage(reply, error.status, 'Something went wrong', [`${errors[error.code].wire}: ${error.message}`]);
  const { status, body } = renderError(error);
  return reply.code(status).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(body);
}

async function resume(deps: ProtocolDeps, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const tenantId = request.tenant.id;
  // A cross-site POST carries no Lax cookie: without a session cookie only the continue cookie
  // binds the flow; with one, it must be the session the flow started in.
  const sessionCookie = readCookie(request, SESSION_COOKIE) !== undefined;
  const sid = sessionCookie ? (await readSession(deps, request))?.session.sid ?? null : undefined;
  let flow;
  try {
    flow = await resumeFlow(deps, { tenantId, state: stateOf(request), browserHash: continueCookieHash(request), sid });
  } catch (err) {
    if (isGatehouseError(err) && err.code === 'ACTIONS_CONTINUE_INVALID') {
      request.log.info({ code: err.code }, '/continue refused');
      return refuse(request, reply, err);
    }
    throw err;
  }
  const code = pendingCodeOf(flow.finish);
  const client = await createClientQueries(deps.database, deps.box, tenantId).find(code.clientId);
  const user = await createUserQueries(deps.database, tenantId).find(code.userId);
  if (!client) return refuse(request, reply, new GatehouseError('ACTIONS_CONTINUE_INVALID'));
  // Blocked or deleted while away: the app hears it, as from a login that had just finished.
  if (!user || user.blocked) return sendErrorToClient(reply, code.target as RedirectTarget, new GatehouseError('OAUTH_ACCESS_DENIED', 'user is blocked'));
  const outcome = await resumePostLogin(deps, {
    tenantId, userId: user.user_id, suspended: flow.suspended, request: eventRequest(request, { body: true }),
  });
  return applyPostLoginOutcome(deps, request, reply, code, outcome);
}

export function registerContinue(app: FastifyInstance, deps: ProtocolDeps): void {
  app.get('/continue', (request, reply) => resume(deps, request, reply));
  app.post('/continue', (request, reply) => resume(deps, request, reply));
}
