import { GatehouseError } from '../../errors/index.ts';
import { eventRequest, runPostLogin, type PostLoginTransaction, type TokenEffects } from '../../flows/actions/index.ts';
import type { ConnectionRecord, RefreshTokenRecord, ResourceServerRecord, UserRecord } from '../../storage/index.ts';
import { createConnectionQueries } from '../../storage/index.ts';
import type { GrantRequest } from './grant.ts';

export interface TokenPostLoginInput {
  readonly user: UserRecord;
  readonly protocol: 'oauth2-password' | 'oauth2-refresh-token';
  readonly requestedScopes: readonly string[];
  readonly api?: ResourceServerRecord;
  readonly connection?: ConnectionRecord;
  readonly refreshToken?: RefreshTokenRecord;
  /** ISO time the user authenticated with a password in this request (password grants). */
  readonly authenticatedAt?: string;
  /** The end user's address when the client relayed it (auth0-forwarded-for). */
  readonly ip?: string;
}

/**
 * post-login at the token endpoint (password grants, refresh): nobody is there to redirect, so
 * a redirect fails the flow. A deny, a throw or a timeout becomes the endpoint's error (403
 * access_denied with the reason, or a generic one); the returned effects go into the tokens.
 */
export async function tokenPostLogin(grant: GrantRequest, input: TokenPostLoginInput): Promise<TokenEffects> {
  const { context, request, client, tenantId } = grant;
  const connection = input.connection ?? await createConnectionQueries(context.database, context.box, tenantId).findByName(input.user.connection);
  const transaction: PostLoginTransaction = { protocol: input.protocol, requestedScopes: input.requestedScopes };
  // event.request.query is empty: a token request has only a body.
  const outcome = await runPostLogin(context, {
    tenantId,
    tenantName: request.tenant.name,
    user: input.user,
    client,
    connection,
    request: { ...eventRequest(request, { body: true, ip: input.ip }), query: {} },
    transaction,
    authentication: input.authenticatedAt ? { method: 'pwd', authenticatedAt: input.authenticatedAt } : undefined,
    api: input.api,
    refreshToken: input.refreshToken,
    canRedirect: false,
  });
  if (outcome.kind === 'completed') return outcome.tokens;
  if (outcome.kind === 'redirect') throw new GatehouseError('OAUTH_ACCESS_DENIED', 'Redirect actions are not supported for this grant type');
  throw new GatehouseError(outcome.error.code, outcome.error.description);
}
