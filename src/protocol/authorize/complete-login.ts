import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatehouseError } from '../../errors/index.ts';
import { createLoginTransactionQueries, createUserQueries } from '../../storage/index.ts';
import { eventRequest } from '../../flows/actions/index.ts';
import type { ProtocolDeps } from '../context.ts';
import { browserTransaction, finishAuthorization } from './finish.ts';
import { sendErrorToClient, type RedirectTarget, type ResponseMode } from './respond.ts';
import { establishSession } from './session.ts';
import { findLoginTransaction } from './transaction.ts';

export interface CompleteLoginInput {
  /** The login transaction id (the `state` of /u/login). */
  readonly transactionId: string;
  /** The user the login page authenticated. */
  readonly userId: string;
  /** The connection they authenticated with. */
  readonly connection: string;
  /** How: 'pwd' for a password (the ID token's amr vocabulary). */
  readonly authMethod: string;
}

/**
 * What the login page calls once it has authenticated a user: spends the login transaction,
 * creates or extends the SSO session (cookie), issues the authorization code and redirects to
 * the client's redirect_uri with code and state. Throws LOGIN_TRANSACTION_INVALID (nothing
 * changed) when the transaction cannot be finished from this browser.
 */
export async function completeLogin(deps: ProtocolDeps, request: FastifyRequest, reply: FastifyReply, input: CompleteLoginInput): Promise<FastifyReply> {
  const { transaction: tx, client } = await findLoginTransaction(deps, request, input.transactionId);
  const tenantId = request.tenant.id;
  const target: RedirectTarget = { redirectUri: tx.redirect_uri, responseMode: tx.response_mode as ResponseMode, state: tx.state };
  const user = await createUserQueries(deps.database, tenantId).find(input.userId);
  if (!user) throw new GatehouseError('LOGIN_TRANSACTION_INVALID', 'The user of this login does not exist.');
  // Spent before anything is issued: of two concurrent completions only one gets a code.
  if (!(await createLoginTransactionQueries(deps.database, tenantId).complete(tx.id))) throw new GatehouseError('LOGIN_TRANSACTION_INVALID');
  if (user.blocked) return sendErrorToClient(reply, target, new GatehouseError('OAUTH_ACCESS_DENIED', 'user is blocked'));

  const session = await establishSession(deps, request, reply, { userId: user.user_id, connection: input.connection, authMethod: input.authMethod });
  // Post-login Actions decide what happens next: the code, an error to the app, or a redirect.
  return finishAuthorization(deps, request, reply, {
    client,
    user,
    session,
    code: {
      clientId: client.client_id,
      userId: user.user_id,
      redirectUri: tx.redirect_uri_explicit ? tx.redirect_uri : null,
      scope: tx.scope,
      audience: tx.audience,
      nonce: tx.nonce,
      codeChallenge: tx.code_challenge,
      codeChallengeMethod: tx.code_challenge_method,
      sid: session.sid,
      authTime: session.authenticated_at,
      target,
    },
    transaction: browserTransaction(tx.query, {
      id: tx.id, redirectUri: tx.redirect_uri, state: tx.state, responseMode: tx.response_mode, prompt: tx.prompt ? tx.prompt.split(' ') : [],
    }),
    // The login page's POST, with the /authorize query the login started from (unknown parameters included).
    request: eventRequest(request, { query: tx.query, body: true }),
  });
}
