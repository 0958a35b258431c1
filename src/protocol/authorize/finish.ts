import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { GatehouseError } from '../../errors/index.ts';
import {
  runPostLogin, suspendFlow, type EventRequest, type FinishLogin, type PostLoginOutcome, type PostLoginTransaction, type TokenEffects,
} from '../../flows/actions/index.ts';
import {
  createActionCodeEffectsQueries, createConnectionQueries, type ClientRecord, type SessionRecord, type UserRecord,
} from '../../storage/index.ts';
import { clock, type ProtocolDeps } from '../context.ts';
import { CODE_LIFETIME } from '../defaults.ts';
import { sha256Hex } from '../random.ts';
import { splitScope } from '../scopes.ts';
import { findApi } from '../token/audience.ts';
import { bindContinueCookie } from '../continue/cookie.ts';
import { issueCode } from './issue-code.ts';
import { RESPONSE_MODES, sendToClient, type RedirectTarget } from './respond.ts';

// The last step of every browser login (the login page, SSO, prompt=none): post-login Actions,
// then the authorization code — or the Actions' error to the application, or a detour to a
// redirect Action's site that comes back through /continue (continue/route.ts finishes it).

/** The code to issue once the Actions agree: what /authorize asked for. JSON, so it can wait in a suspended flow. */
export const PendingCode = z.object({
  clientId: z.string(),
  userId: z.string(),
  redirectUri: z.string().nullable(),
  scope: z.string(),
  audience: z.string().nullable(),
  nonce: z.string().nullable(),
  codeChallenge: z.string().nullable(),
  codeChallengeMethod: z.string().nullable(),
  sid: z.string(),
  authTime: z.string(),
  target: z.object({ redirectUri: z.string(), responseMode: z.enum(RESPONSE_MODES as [string, ...string[]]), state: z.string().nullable() }),
});
export type PendingCode = z.infer<typeof PendingCode>;

export interface FinishAuthorizationInput {
  readonly client: ClientRecord;
  readonly user: UserRecord;
  readonly session: SessionRecord;
  readonly code: PendingCode;
  readonly transaction: PostLoginTransaction;
  readonly request: EventRequest;
}

function targetOf(code: PendingCode): RedirectTarget {
  return code.target as RedirectTarget;
}

function hasTokenEffects(tokens: TokenEffects): boolean {
  return Object.keys(tokens.idTokenClaims).length > 0 || Object.keys(tokens.accessTokenClaims).length > 0
    || tokens.addedScopes.length > 0 || tokens.removedScopes.length > 0 || tokens.multifactor !== null || tokens.authenticationMethods.length > 0;
}

/** Issues the code and sends it to the application, with the Actions' token effects waiting beside it. */
async function issue(deps: ProtocolDeps, reply: FastifyReply, tenantId: string, code: PendingCode, tokens: TokenEffects): Promise<FastifyReply> {
  const at = clock(deps);
  const value = await issueCode(deps.database, {
    tenantId, clientId: code.clientId, userId: code.userId, redirectUri: code.redirectUri, scope: code.scope, audience: code.audience,
    nonce: code.nonce, codeChallenge: code.codeChallenge, codeChallengeMethod: code.codeChallengeMethod as 'S256' | 'plain' | null,
    sid: code.sid, authTime: code.authTime,
  }, at);
  if (hasTokenEffects(tokens)) {
    const effects = createActionCodeEffectsQueries(deps.database, tenantId);
    // Rows of codes never exchanged would stay forever: each new one clears the expired ones.
    await effects.deleteExpired(at.toISOString());
    await effects.put(sha256Hex(value), { ...tokens }, new Date(at.getTime() + CODE_LIFETIME * 1000).toISOString());
  }
  return sendToClient(reply, targetOf(code), { code: value });
}

/**
 * Applies a post-login outcome to the browser: the code, the error (`error`, `error_description`,
 * `state` in the response mode), or a redirect to the Action's site with the flow suspended and
 * bound to this browser and session.
 */
export async function applyPostLoginOutcome(
  deps: ProtocolDeps, request: FastifyRequest, reply: FastifyReply, code: PendingCode, outcome: PostLoginOutcome,
): Promise<FastifyReply> {
  const tenantId = request.tenant.id;
  if (outcome.kind === 'completed') return issue(deps, reply, tenantId, code, outcome.tokens);
  if (outcome.kind === 'error') {
    return sendToClient(reply, targetOf(code), { error: outcome.error.wire, error_description: outcome.error.description });
  }
  const browserHash = bindContinueCookie(request, reply, deps.config.publicScheme === 'https');
  const finish: FinishLogin = { ...code };
  await suspendFlow(deps, { tenantId, suspended: outcome.suspended, browserHash, sid: code.sid, finish });
  return reply.header('cache-control', 'no-store').redirect(outcome.url, 302);
}

/** Runs post-login for a browser login and answers the browser (see applyPostLoginOutcome). */
export async function finishAuthorization(deps: ProtocolDeps, request: FastifyRequest, reply: FastifyReply, input: FinishAuthorizationInput): Promise<FastifyReply> {
  const tenantId = request.tenant.id;
  const connection = await createConnectionQueries(deps.database, deps.box, tenantId).findByName(input.session.connection);
  // The audience was checked by /authorize; one deleted since is no resource server for the event.
  const api = await findApi(deps.database, tenantId, input.code.audience).catch(() => undefined);
  const prompt = input.transaction.prompt ?? [];
  const outcome = await runPostLogin(deps, {
    tenantId,
    tenantName: request.tenant.name,
    user: input.user,
    client: input.client,
    connection,
    request: input.request,
    transaction: input.transaction,
    session: input.session,
    authentication: { method: input.session.auth_method, authenticatedAt: input.session.authenticated_at },
    api,
    // A silent request has no user in front of a page to send anywhere.
    canRedirect: !prompt.includes('none'),
  });
  return applyPostLoginOutcome(deps, request, reply, input.code, outcome);
}

/** `event.transaction` of a browser login, from the /authorize query as received. */
export function browserTransaction(query: Readonly<Record<string, string>>, known: {
  readonly id?: string; readonly redirectUri: string; readonly state: string | null; readonly responseMode: string; readonly prompt: readonly string[];
}): PostLoginTransaction {
  const list = (name: string) => (query[name] === undefined ? undefined : splitScope(query[name]));
  return {
    id: known.id,
    protocol: 'oidc-basic-profile',
    requestedScopes: splitScope(query.scope ?? 'openid'),
    redirectUri: known.redirectUri,
    state: known.state,
    responseType: splitScope(query.response_type ?? 'code'),
    responseMode: known.responseMode,
    prompt: known.prompt,
    loginHint: query.login_hint ?? null,
    uiLocales: list('ui_locales'),
    acrValues: list('acr_values'),
  };
}

/** The finish data a suspended flow kept, checked (it went through storage). */
export function pendingCodeOf(finish: FinishLogin): PendingCode {
  const parsed = PendingCode.safeParse(finish);
  if (!parsed.success) throw new GatehouseError('STORAGE_CORRUPT', 'a suspended Action flow holds an unreadable login');
  return parsed.data;
}
