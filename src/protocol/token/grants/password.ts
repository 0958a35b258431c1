import { GatehouseError } from '../../../errors/index.ts';
import { createConnectionQueries } from '../../../storage/index.ts';
import { DEFAULT_CONNECTION } from '../../../flows/tenants/index.ts';
import { clock } from '../../context.ts';
import { required } from '../../params.ts';
import { grantUserScopes, splitScope } from '../../scopes.ts';
import { issueTokens } from '../../tokens/issue.ts';
import { accessTokenScopes, customClaimsOf } from '../../../flows/actions/index.ts';
import { findApi } from '../audience.ts';
import { tokenPostLogin } from '../post-login.ts';
import type { GrantRequest } from '../grant.ts';

export const PASSWORD_REALM = 'http://auth0.com/oauth/grant-type/password-realm';

/**
 * The end user's address for brute-force counting. Auth0 trusts `auth0-forwarded-for` only
 * from a confidential client that authenticated (a backend relaying its user's login); from
 * anyone else it would let an attacker choose the address being counted.
 */
function endUserIp({ request, confidential }: GrantRequest): string {
  const forwarded = request.headers['auth0-forwarded-for'];
  if (confidential && typeof forwarded === 'string' && forwarded.trim() !== '') return forwarded.split(',')[0].trim();
  return request.ip;
}

async function passwordLogin(grant: GrantRequest, connectionName: string) {
  const { context, params, tenantId, issuer, client } = grant;
  const username = required(params, 'username');
  const password = required(params, 'password');
  const connection = await createConnectionQueries(context.database, context.box, tenantId).findByName(connectionName);
  if (!connection || !connection.enabled_clients.includes(client.client_id)) {
    throw new GatehouseError('OAUTH_INVALID_REQUEST', `The connection ${connectionName} does not exist or is not enabled for this client.`);
  }
  const api = await findApi(context.database, tenantId, params.audience);
  const ip = endUserIp(grant);
  const { user } = await context.authenticate({ tenantId, connection: connection.name, username, password, ip });
  const requested = splitScope(params.scope ?? 'openid');
  const scopes = grantUserScopes(requested, client, api);
  const authTime = clock(context).toISOString();
  const effects = await tokenPostLogin(grant, {
    user, protocol: 'oauth2-password', requestedScopes: requested, api, connection, authenticatedAt: authTime, ip,
  });
  return issueTokens(context, {
    tenantId, issuer, client, user, scopes, api, gty: 'password',
    customClaims: customClaimsOf(effects), accessScopes: accessTokenScopes(scopes, effects),
    authTime,
    refresh: scopes.includes('offline_access') ? { kind: 'new' } : undefined,
  });
}

/** Resource-owner password grant against the tenant's default directory. */
export const passwordGrant = (grant: GrantRequest) => passwordLogin(grant, DEFAULT_CONNECTION);

/** Auth0's password-realm grant: the same, against the connection named by `realm`. */
export const passwordRealmGrant = (grant: GrantRequest) => passwordLogin(grant, required(grant.params, 'realm'));
