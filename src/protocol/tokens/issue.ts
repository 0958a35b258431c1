import type { ClientRecord, ResourceServerRecord, UserRecord } from '../../storage/index.ts';
import { createRefreshTokenQueries } from '../../storage/index.ts';
import { clock, type ProtocolContext } from '../context.ts';
import { REFRESH_TOKEN_LIFETIME } from '../defaults.ts';
import { ID_TOKEN_LIFETIME, USERINFO_TOKEN_LIFETIME } from '../keys/index.ts';
import { userinfoAudience } from '../issuer.ts';
import { randomToken, sha256Hex } from '../random.ts';
import { permissionsFor } from '../scopes.ts';
import { profileClaims } from './profile-claims.ts';
import { signJwt } from './sign.ts';

/** Auth0's token response (protocol.md §2). */
export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  scope: string;
  expires_in: number;
  token_type: 'Bearer';
}

/** Where a new refresh token goes: a new family, or the next generation of a rotated one. */
export type RefreshPlan =
  | { readonly kind: 'new'; readonly codeHash?: string }
  | { readonly kind: 'rotate'; readonly familyId: string; readonly generation: number; readonly expiresAt: string; readonly scope: string };

export interface IssueInput {
  readonly tenantId: string;
  readonly issuer: string;
  readonly client: ClientRecord;
  /** Absent for client_credentials. */
  readonly user?: UserRecord;
  /** Scopes granted (already filtered). */
  readonly scopes: readonly string[];
  readonly api?: ResourceServerRecord;
  /** Auth0's grant type marker in access tokens. */
  readonly gty?: string;
  readonly nonce?: string | null;
  /** ISO time of the user's authentication. */
  readonly authTime?: string;
  readonly sid?: string | null;
  /** Issue a refresh token (the caller checked offline_access and the client's grant types). */
  readonly refresh?: RefreshPlan;
  /** The hook for Actions: custom claims per token. */
  readonly customClaims?: { readonly accessToken?: Record<string, unknown>; readonly idToken?: Record<string, unknown> };
  /** The access token's scopes (and the response's) when Actions added or removed some; default `scopes`. */
  readonly accessScopes?: readonly string[];
}

/** Signs the access token and, as the grant asks, the ID token; stores the refresh token. */
export async function issueTokens(context: ProtocolContext, input: IssueInput): Promise<TokenResponse> {
  const now = clock(context);
  const iat = Math.floor(now.getTime() / 1000);
  const openid = input.user !== undefined && input.scopes.includes('openid');
  const scope = (input.accessScopes ?? input.scopes).join(' ');
  const subject = input.user?.user_id ?? `${input.client.client_id}@clients`;

  let audience: string | string[];
  if (input.api) audience = openid ? [input.api.identifier, userinfoAudience(input.issuer)] : input.api.identifier;
  else audience = userinfoAudience(input.issuer);
  const lifetime = input.api?.token_lifetime ?? USERINFO_TOKEN_LIFETIME;

  const accessClaims: Record<string, unknown> = { scope, azp: input.client.client_id };
  if (input.gty) accessClaims.gty = input.gty;
  const permissions = permissionsFor(input.api, input.scopes);
  if (permissions) accessClaims.permissions = permissions;

  const response: TokenResponse = {
    access_token: await signJwt(context.keys, {
      tenantId: input.tenantId, issuer: input.issuer, subject, audience, issuedAt: iat, lifetime,
      claims: accessClaims, custom: input.customClaims?.accessToken,
    }),
    scope,
    expires_in: lifetime,
    token_type: 'Bearer',
  };

  if (openid && input.user) {
    const idClaims: Record<string, unknown> = { ...profileClaims(input.user, input.scopes) };
    if (input.authTime) idClaims.auth_time = Math.floor(Date.parse(input.authTime) / 1000);
    if (input.sid) idClaims.sid = input.sid;
    if (input.nonce) idClaims.nonce = input.nonce;
    response.id_token = await signJwt(context.keys, {
      tenantId: input.tenantId, issuer: input.issuer, subject: input.user.user_id, audience: input.client.client_id,
      issuedAt: iat, lifetime: ID_TOKEN_LIFETIME, claims: idClaims, custom: input.customClaims?.idToken,
    });
  }

  if (input.refresh && input.user) {
    const token = randomToken();
    const plan = input.refresh;
    await createRefreshTokenQueries(context.database, input.tenantId).create({
      token_hash: sha256Hex(token),
      family_id: plan.kind === 'rotate' ? plan.familyId : randomToken(16),
      generation: plan.kind === 'rotate' ? plan.generation : 0,
      client_id: input.client.client_id,
      user_id: input.user.user_id,
      // What was granted: an Action's scope changes apply to each access token, not to the family.
      scope: plan.kind === 'rotate' ? plan.scope : input.scopes.join(' '),
      audience: input.api?.identifier ?? null,
      sid: input.sid ?? null,
      auth_time: input.authTime ?? now.toISOString(),
      code_hash: plan.kind === 'new' ? plan.codeHash ?? null : null,
      expires_at: plan.kind === 'rotate' ? plan.expiresAt : new Date(now.getTime() + REFRESH_TOKEN_LIFETIME * 1000).toISOString(),
    });
    response.refresh_token = token;
  }
  return response;
}
