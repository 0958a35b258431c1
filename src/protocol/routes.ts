import type { FastifyInstance } from 'fastify';
import { authenticate } from '../flows/native-db/index.ts';
import { registerAuthorize } from './authorize/index.ts';
import type { PasswordAuthenticator, ProtocolContext, ProtocolDeps } from './context.ts';
import { registerContinue } from './continue/route.ts';
import { registerDiscovery } from './discovery/openid-configuration.ts';
import { registerLogout } from './endpoints/logout.ts';
import { registerRevoke } from './endpoints/revoke.ts';
import { registerUserinfo } from './endpoints/userinfo.ts';
import { createKeyStore, registerJwks, type KeyStore } from './keys/index.ts';
import { registerToken } from './token/route.ts';

export interface ProtocolOptions {
  /** Replaces the signing-key cache (tests share one with their own code). */
  readonly keys?: KeyStore;
  /** Replaces the native database authenticator of the password grants. */
  readonly authenticate?: PasswordAuthenticator;
}

/** Builds the protocol context once per server: one key cache, one authenticator. */
export function createProtocolContext(deps: ProtocolDeps, options: ProtocolOptions = {}): ProtocolContext {
  return {
    ...deps,
    keys: options.keys ?? createKeyStore(deps.database, deps.box, { now: deps.now }),
    authenticate: options.authenticate ?? ((login) => authenticate(deps, login)),
  };
}

/** Every OAuth 2 / OpenID Connect route, on one fastify scope. */
export function registerProtocol(app: FastifyInstance, context: ProtocolContext): void {
  registerDiscovery(app, context);
  registerJwks(app, context);
  registerAuthorize(app, context);
  registerToken(app, context);
  registerUserinfo(app, context);
  registerRevoke(app, context);
  registerLogout(app, context);
  registerContinue(app, context);
}
