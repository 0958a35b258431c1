import type { FastifyRequest } from 'fastify';
import { GatehouseError } from '../../errors/index.ts';
import {
  createClientQueries, createLoginTransactionQueries, type ClientRecord, type LoginTransactionRecord,
} from '../../storage/index.ts';
import { clock, type ProtocolDeps } from '../context.ts';
import { LOGIN_TRANSACTION_LIFETIME } from '../defaults.ts';
import { randomToken } from '../random.ts';
import { browserHash } from './browser.ts';
import type { AuthorizeRequest } from './validate.ts';

/** Remembers an authorization request while the user logs in; its id is the login page's `state`. */
export async function createLoginTransaction(deps: ProtocolDeps, tenantId: string, authorize: AuthorizeRequest, browser: string): Promise<LoginTransactionRecord> {
  const at = clock(deps);
  return createLoginTransactionQueries(deps.database, tenantId).create({
    id: randomToken(24),
    client_id: authorize.client.client_id,
    redirect_uri: authorize.target.redirectUri,
    redirect_uri_explicit: authorize.redirectUriExplicit,
    response_type: authorize.responseType,
    response_mode: authorize.target.responseMode,
    scope: authorize.scope,
    state: authorize.target.state,
    nonce: authorize.nonce,
    audience: authorize.audience,
    code_challenge: authorize.codeChallenge,
    code_challenge_method: authorize.codeChallengeMethod,
    prompt: authorize.prompt.size > 0 ? [...authorize.prompt].join(' ') : null,
    max_age: authorize.maxAge,
    connection: authorize.connection,
    login_hint: authorize.loginHint,
    screen_hint: authorize.screenHint,
    query: { ...authorize.query },
    browser_hash: browser,
    expires_at: new Date(at.getTime() + LOGIN_TRANSACTION_LIFETIME * 1000).toISOString(),
  });
}

export interface OpenLoginTransaction {
  readonly transaction: LoginTransactionRecord;
  readonly client: ClientRecord;
}

/**
 * The login transaction `id` as the login page may use it: of this tenant, not expired, not yet
 * completed, started by this browser, for a client that still exists. Otherwise
 * LOGIN_TRANSACTION_INVALID (the page shows it and offers to start again).
 */
export async function findLoginTransaction(deps: ProtocolDeps, request: FastifyRequest, id: string): Promise<OpenLoginTransaction> {
  const invalid = () => new GatehouseError('LOGIN_TRANSACTION_INVALID');
  const transaction = await createLoginTransactionQueries(deps.database, request.tenant.id).find(id);
  if (!transaction || transaction.completed_at !== null) throw invalid();
  if (Date.parse(transaction.expires_at) <= clock(deps).getTime()) throw invalid();
  if (browserHash(request) !== transaction.browser_hash) throw invalid();
  const client = await createClientQueries(deps.database, deps.box, request.tenant.id).find(transaction.client_id);
  if (!client) throw invalid();
  return { transaction, client };
}
