export { createKeyStore, type KeyStore, type KeyStoreOptions, type SigningKey } from './key-store.ts';
export { rotateSigningKeys, expiredPrevious, type RotationResult } from './rotate.ts';
export { generateSigningKey, SIGNING_ALG } from './generate.ts';
export { maxTokenLifetime, ID_TOKEN_LIFETIME, USERINFO_TOKEN_LIFETIME } from './lifetimes.ts';
export { registerJwks, JWKS_MAX_AGE } from './jwks.ts';
