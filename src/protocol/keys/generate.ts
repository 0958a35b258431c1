import { exportJWK, generateKeyPair } from 'jose';
import type { CreateSigningKeyInput, SigningKeyStatus } from '../../storage/index.ts';

export const SIGNING_ALG = 'RS256';

/** A fresh RS256 key pair as the storage layer keeps it (private JWK sealed there). */
export async function generateSigningKey(status: SigningKeyStatus): Promise<CreateSigningKeyInput> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { modulusLength: 2048, extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return {
    alg: SIGNING_ALG,
    status,
    private_jwk: { ...(await exportJWK(privateKey)), alg: SIGNING_ALG },
    public_jwk: { kty: publicJwk.kty, n: publicJwk.n, e: publicJwk.e, alg: SIGNING_ALG, use: 'sig' },
  };
}
