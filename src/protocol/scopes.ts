import type { ClientRecord, ResourceServerRecord } from '../storage/index.ts';
import { OIDC_SCOPES } from './defaults.ts';

export function splitScope(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(' ').filter((s) => s !== ''))];
}

/**
 * The scopes a user flow grants, as Auth0 does: OIDC scopes always, an API's own scopes only
 * when that API is the audience, anything else silently dropped. offline_access needs the
 * client to be allowed refresh tokens and, with an audience, the API to allow offline access.
 */
export function grantUserScopes(requested: readonly string[], client: ClientRecord, api: ResourceServerRecord | undefined): string[] {
  const apiScopes = new Set(api?.scopes.map((s) => s.value) ?? []);
  return requested.filter((s) => {
    if (s === 'offline_access') return client.grant_types.includes('refresh_token') && (api === undefined || api.allow_offline_access);
    return OIDC_SCOPES.has(s) || apiScopes.has(s);
  });
}

/**
 * Auth0 adds a `permissions` claim when the API enforces RBAC and its token dialect asks for
 * it. Gatehouse has no roles yet, so the permissions are the API scopes granted.
 */
export function permissionsFor(api: ResourceServerRecord | undefined, granted: readonly string[]): string[] | undefined {
  if (!api || !api.enforce_policies || !api.token_dialect.endsWith('_authz')) return undefined;
  return granted.filter((s) => !OIDC_SCOPES.has(s));
}
