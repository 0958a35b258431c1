import type { Config, Logger } from '../config/index.ts';
import type { ScriptRunner } from '../extensibility/custom-db/index.ts';
import type { Database, SecretBox, SessionQueries, UserRecord } from '../storage/index.ts';
import type { KeyStore } from './keys/key-store.ts';

/** The process-wide handles the protocol endpoints need (the HTTP server's context satisfies it). */
export interface ProtocolDeps {
  readonly config: Config;
  readonly database: Database;
  readonly box: SecretBox;
  readonly logger: Logger;
  /** The clock; tests move it to expire codes, sessions and keys. Defaults to the system clock. */
  readonly now?: () => Date;
  /** Where SSO sessions live: Redis in the scaled setup (docs/deploy.md); absent → the sessions table. */
  readonly sessionStore?: (tenantId: string) => SessionQueries;
  /** Runs Actions (and custom database scripts); without it a trigger with bound Actions fails. */
  readonly runner?: ScriptRunner;
}

export interface PasswordLogin {
  readonly tenantId: string;
  readonly connection: string;
  readonly username: string;
  readonly password: string;
  /** The end user's address, for brute-force protection. */
  readonly ip: string;
}

/**
 * Checks a username and password against a database connection. Throws a GatehouseError in
 * Auth0's terms (wrong credentials, blocked user, too many attempts) on failure.
 */
export type PasswordAuthenticator = (login: PasswordLogin) => Promise<{ user: UserRecord }>;

/** ProtocolDeps plus what the endpoints build once: the signing-key cache and the authenticator. */
export interface ProtocolContext extends ProtocolDeps {
  readonly keys: KeyStore;
  readonly authenticate: PasswordAuthenticator;
}

export function clock(deps: Pick<ProtocolDeps, 'now'>): Date {
  return deps.now ? deps.now() : new Date();
}
