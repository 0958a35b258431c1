import { GatehouseError } from '../../../errors/index.ts';
import { createAuthorizationCodeQueries, createRefreshTokenQueries, createResourceServerQueries, createUserQueries } from '../../../storage/index.ts';
import { clock } from '../../context.ts';
import { required } from '../../params.ts';
import { safeEqual, sha256Base64url, sha256Hex } from '../../random.ts';
import { accessTokenScopes, customClaimsOf } from '../../../flows/actions/index.ts';
import { issueTokens } from '../../tokens/issue.ts';
import { codeTokenEffects } from '../action-effects.ts';
import type { GrantHandler } from '../grant.ts';

const invalidCode = () => new GatehouseError('OAUTH_INVALID_GRANT', 'Invalid authorization code');
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * authorization_code: everything is checked before the code is spent, so a wrong verifier or
 * redirect_uri changes nothing; a code presented after it was spent revokes the refresh tokens
 * issued from it (RFC 6749 §4.1.2), since someone else may hold them.
 */
export const authorizationCodeGrant: GrantHandler = async ({ context, params, tenantId, issuer, client }) => {
  const code = required(params, 'code');
  const codeHash = sha256Hex(code);
  const codes = createAuthorizationCodeQueries(context.database, tenantId);
  const row = await codes.find(codeHash);
  if (!row || row.client_id !== client.client_id) throw invalidCode();
  if (row.used_at !== null) {
    await createRefreshTokenQueries(context.database, tenantId).revokeIssuedFromCode(codeHash);
    context.logger.warn({ tenant: tenantId, client_id: client.client_id }, 'authorization code replayed; tokens issued from it revoked');
    throw invalidCode();
  }
  if (Date.parse(row.expires_at) <= clock(context).getTime()) throw invalidCode();
  if (row.redirect_uri !== null) {
    const redirectUri = required(params, 'redirect_uri');
    if (redirectUri !== row.redirect_uri) throw new GatehouseError('OAUTH_INVALID_GRANT', 'redirect_uri does not match the one used in the authorization request');
  }
  if (row.code_challenge !== null) {
    const verifier = required(params, 'code_verifier');
    const derived = row.code_challenge_method === 'plain' ? verifier : sha256Base64url(verifier);
    if (!VERIFIER.test(verifier) || !safeEqual(derived, row.code_challenge)) throw new GatehouseError('OAUTH_INVALID_GRANT', 'Failed to verify code verifier');
  }
  const user = await createUserQueries(context.database, tenantId).find(row.user_id);
  if (!user || user.blocked) throw invalidCode();
  const api = row.audience === null ? undefined : await createResourceServerQueries(context.database, tenantId).findByIdentifier(row.audience);
  if (row.audience !== null && !api) throw new GatehouseError('OAUTH_ACCESS_DENIED', `Service not found: ${row.audience}`);

  if (!(await codes.consume(codeHash))) throw invalidCode();
  const scopes = row.scope.split(' ').filter(Boolean);
  // What post-login Actions decided when the code was issued (nothing stored: no changes).
  const effects = await codeTokenEffects(context, tenantId, codeHash);
  return issueTokens(context, {
    tenantId, issuer, client, user, scopes, api,
    customClaims: customClaimsOf(effects), accessScopes: accessTokenScopes(scopes, effects),
    nonce: row.nonce, authTime: row.auth_time, sid: row.sid,
    refresh: scopes.includes('offline_access') ? { kind: 'new', codeHash } : undefined,
  });
};
