import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config, Logger } from '../config/index.ts';
import type { Database, SecretBox } from '../storage/index.ts';
import type { ScriptRunner } from '../extensibility/custom-db/index.ts';
import type { AttemptCounter } from '../flows/native-db/index.ts';

export interface LoginCompletion {
  readonly transactionId: string;
  readonly userId: string;
  readonly connection: string;
  /** How the user proved who they are (the session's amr): 'pwd' for a password. */
  readonly authMethod: string;
}

/**
 * Hands a successful login back to the protocol layer, which creates the SSO session, issues
 * the code and redirects to the application (src/protocol's completeLogin).
 */
export type CompleteLogin = (request: FastifyRequest, reply: FastifyReply, login: LoginCompletion) => Promise<unknown>;

export interface UiDeps {
  readonly config: Config;
  readonly database: Database;
  readonly box: SecretBox;
  readonly logger: Logger;
  readonly completeLogin: CompleteLogin;
  /** Runs custom database scripts for connections that have them. */
  readonly runner?: ScriptRunner;
  /** Brute-force counters shared by every node (Redis); absent → the database. */
  readonly attempts?: AttemptCounter;
  /** The clock for transaction and ticket expiry; tests move it. */
  readonly now?: () => Date;
}
