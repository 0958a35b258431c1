import type { IdentityRecord, UserRecord } from '../../storage/index.ts';

/**
 * A user as Auth0 returns it: null fields left out, identities listed (a native user has the
 * one implicit auth0 identity), IdP tokens only for a caller holding read:user_idp_tokens.
 */
export function renderUser(user: UserRecord, identities: readonly IdentityRecord[], withIdpTokens: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { user_id: user.user_id };
  for (const key of ['email', 'username', 'phone_number', 'name', 'nickname', 'picture', 'given_name', 'family_name'] as const) {
    if (user[key] !== null) out[key] = user[key];
  }
  if (user.email !== null) out.email_verified = user.email_verified;
  if (user.phone_number !== null) out.phone_verified = user.phone_verified;
  out.user_metadata = user.user_metadata;
  out.app_metadata = user.app_metadata;
  out.identities = identities.length === 0
    ? [{ connection: user.connection, provider: 'auth0', user_id: user.user_id.replace(/^auth0\|/, ''), isSocial: false }]
    : identities.map((i) => {
      const identity: Record<string, unknown> = { connection: i.connection, provider: i.provider, user_id: i.identity_user_id, isSocial: i.is_social };
      if (Object.keys(i.profile_data).length > 0) identity.profileData = i.profile_data;
      if (withIdpTokens && i.access_token !== null) identity.access_token = i.access_token;
      if (withIdpTokens && i.refresh_token !== null) identity.refresh_token = i.refresh_token;
      return identity;
    });
  out.created_at = user.created_at;
  out.updated_at = user.updated_at;
  if (user.last_login !== null) out.last_login = user.last_login;
  if (user.last_ip !== null) out.last_ip = user.last_ip;
  if (user.last_password_reset !== null) out.last_password_reset = user.last_password_reset;
  out.logins_count = user.logins_count;
  if (user.blocked) out.blocked = true;
  return out;
}
