import type { UserRecord } from '../../storage/index.ts';

/** OIDC standard claims by scope (Auth0's set); null values are left out, as Auth0 does. */
export function profileClaims(user: UserRecord, scopes: readonly string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  const put = (name: string, value: unknown) => { if (value !== null && value !== undefined) claims[name] = value; };
  if (scopes.includes('profile')) {
    put('given_name', user.given_name);
    put('family_name', user.family_name);
    put('nickname', user.nickname);
    put('name', user.name);
    put('picture', user.picture);
    put('updated_at', user.updated_at);
  }
  if (scopes.includes('email')) {
    put('email', user.email);
    put('email_verified', user.email === null ? null : user.email_verified);
  }
  if (scopes.includes('phone')) {
    put('phone_number', user.phone_number);
    put('phone_number_verified', user.phone_number === null ? null : user.phone_verified);
  }
  return claims;
}
