import { compactVerify, errors, jwtVerify, type JWTPayload } from 'jose';
import type { KeyStore } from '../keys/index.ts';
import { SIGNING_ALG } from '../keys/index.ts';

function resolver(keys: KeyStore, tenantId: string) {
  return async (header: { kid?: string }) => {
    const key = header.kid === undefined ? undefined : await keys.verificationKey(tenantId, header.kid);
    // A jose error like every other verification failure, so callers can tell a bad token from
    // a failure to read the keys (storage down), which must not pass for an invalid token.
    if (!key) throw new errors.JWKSNoMatchingKey('unknown signing key');
    return key;
  };
}

/** Verifies a token this tenant issued: signature by a published key, issuer, audience, expiry. */
export async function verifyIssuedToken(keys: KeyStore, tenantId: string, token: string, expected: { issuer: string; audience: string }): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, resolver(keys, tenantId), { issuer: expected.issuer, audience: expected.audience, algorithms: [SIGNING_ALG] });
  return payload;
}

/**
 * An ID token used as a logout hint: the signature must be ours, but it may have expired
 * (OpenID RP-Initiated Logout §2 allows that), so only the signature and issuer are checked.
 */
export async function verifyIdTokenHint(keys: KeyStore, tenantId: string, token: string, issuer: string): Promise<JWTPayload> {
  const { payload } = await compactVerify(token, resolver(keys, tenantId), { algorithms: [SIGNING_ALG] });
  const claims = JSON.parse(new TextDecoder().decode(payload)) as JWTPayload;
  if (claims.iss !== issuer) throw new Error('id_token_hint from another issuer');
  return claims;
}
