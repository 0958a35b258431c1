import { SignJWT, type JWTPayload } from 'jose';
import type { KeyStore } from '../keys/index.ts';

// Registered claims are written last, so a custom claim (Actions later) can never replace
// iss, sub, aud, exp or the like.

export interface SignInput {
  readonly tenantId: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string | string[];
  readonly issuedAt: number;
  readonly lifetime: number;
  /** Protocol claims (scope, azp, gty, nonce, …). */
  readonly claims: Record<string, unknown>;
  /** Extra claims from extensibility; registered and protocol claims win over them. */
  readonly custom?: Record<string, unknown>;
}

export async function signJwt(keys: KeyStore, input: SignInput): Promise<string> {
  const key = await keys.signingKey(input.tenantId);
  const payload: JWTPayload = {
    ...input.custom,
    ...input.claims,
    iss: input.issuer,
    sub: input.subject,
    aud: input.audience,
    iat: input.issuedAt,
    exp: input.issuedAt + input.lifetime,
  };
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, typ: 'JWT', kid: key.kid }).sign(key.key);
}
