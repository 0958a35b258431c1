// The OAuth 2 / OpenID Connect server (docs/protocol.md). src/http/ mounts registerProtocol;
// the login pages use the authorize seam (completeLogin, findLoginTransaction).
export { registerProtocol, createProtocolContext, type ProtocolOptions } from './routes.ts';
export type { ProtocolContext, ProtocolDeps, PasswordAuthenticator, PasswordLogin } from './context.ts';
export {
  completeLogin, findLoginTransaction, readSession, endSession, LOGIN_PATH, SIGNUP_PATH,
  type CompleteLoginInput, type OpenLoginTransaction, type LiveSession,
} from './authorize/index.ts';
export { createKeyStore, rotateSigningKeys, type KeyStore, type RotationResult } from './keys/index.ts';
export { openidConfiguration } from './discovery/openid-configuration.ts';
export { issueTokens, type TokenResponse, type IssueInput } from './tokens/issue.ts';
