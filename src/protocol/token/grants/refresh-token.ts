import { GatehouseError } from '../../../errors/index.ts';
import { createRefreshTokenQueries, createResourceServerQueries, createUserQueries } from '../../../storage/index.ts';
import { clock } from '../../context.ts';
import { required } from '../../params.ts';
import { sha256Hex } from '../../random.ts';
import { splitScope } from '../../scopes.ts';
import { accessTokenScopes, customClaimsOf } from '../../../flows/actions/index.ts';
import { issueTokens } from '../../tokens/issue.ts';
import { tokenPostLogin } from '../post-login.ts';
import type { GrantHandler } from '../grant.ts';

const invalidToken = () => new GatehouseError('OAUTH_INVALID_GRANT', 'Unknown or invalid refresh token.');

/**
 * refresh_token with rotation: every use spends the token and returns the next one of its
 * family. A spent token coming back means two parties hold the family, so all of it is revoked
 * (reuse detection) and neither gets tokens.
 */
export const refreshTokenGrant: GrantHandler = async (grant) => {
  const { context, params, tenantId, issuer, client } = grant;
  const presented = required(params, 'refresh_token');
  const tokenHash = sha256Hex(presented);
  const tokens = createRefreshTokenQueries(context.database, tenantId);
  const row = await tokens.find(tokenHash);
  if (!row || row.client_id !== client.client_id || row.revoked_at !== null) throw invalidToken();
  if (row.rotated_at !== null) {
    await tokens.revokeFamily(row.family_id);
    context.logger.warn({ tenant: tenantId, client_id: client.client_id }, 'rotated refresh token reused; family revoked');
    throw invalidToken();
  }
  if (Date.parse(row.expires_at) <= clock(context).getTime()) throw invalidToken();

  const original = splitScope(row.scope);
  let scopes = original;
  if (params.scope !== undefined) {
    const asked = splitScope(params.scope);
    const extra = asked.filter((s) => !original.includes(s));
    if (extra.length > 0) throw new GatehouseError('OAUTH_INVALID_SCOPE', `Scope not granted originally: ${extra.join(' ')}`);
    scopes = asked;
  }
  const user = await createUserQueries(context.database, tenantId).find(row.user_id);
  if (!user || user.blocked) throw invalidToken();
  const api = row.audience === null ? undefined : await createResourceServerQueries(context.database, tenantId).findByIdentifier(row.audience);
  if (row.audience !== null && !api) throw new GatehouseError('OAUTH_ACCESS_DENIED', `Service not found: ${row.audience}`);

  // post-login runs before the token is spent, so a denied refresh leaves it usable.
  const effects = await tokenPostLogin(grant, { user, protocol: 'oauth2-refresh-token', requestedScopes: scopes, api, refreshToken: row });

  // The conditional update decides between two concurrent uses of one token: one rotates it,
  // the other is reuse.
  if (!(await tokens.markRotated(tokenHash))) {
    await tokens.revokeFamily(row.family_id);
    throw invalidToken();
  }
  // The family keeps its original scope: a narrower request narrows this response only.
  return issueTokens(context, {
    tenantId, issuer, client, user, scopes, api, gty: 'refresh_token', authTime: row.auth_time, sid: row.sid,
    customClaims: customClaimsOf(effects), accessScopes: accessTokenScopes(scopes, effects),
    refresh: { kind: 'rotate', familyId: row.family_id, generation: row.generation + 1, expiresAt: row.expires_at, scope: row.scope },
  });
};
