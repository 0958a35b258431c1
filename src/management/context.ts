import type { FastifyRequest } from 'fastify';
import type { Config, Logger } from '../config/index.ts';
import type { ScriptRunner } from '../extensibility/custom-db/index.ts';
import type { Database, SecretBox } from '../storage/index.ts';
import type { RateLimiter } from './rate-limit.ts';

/** The claims of a verified Management API token that the endpoints use. */
export interface ManagementToken {
  readonly sub: string;
  /** The client that obtained the token (azp), when the token says. */
  readonly clientId?: string;
  readonly scopes: ReadonlySet<string>;
  readonly raw: string;
}

export interface SigningKeyRotation {
  readonly current: string;
  readonly next: string;
}

/**
 * What the Management API is handed. The parts of the OAuth server it needs (verifying this
 * tenant's tokens, the issuer of a request, key rotation) arrive as functions from http/, which
 * may import protocol/; management/ itself may not (STYLE.md §3).
 */
export interface ManagementContext {
  readonly config: Config;
  readonly database: Database;
  readonly box: SecretBox;
  readonly logger: Logger;
  readonly runner?: ScriptRunner;
  /** `https://host[:port]/` of the request, as the token endpoint names it. */
  issuer(request: FastifyRequest): string;
  /** Verifies a JWT this tenant issued for `audience` (signature by a published key, issuer, expiry); throws otherwise. */
  verifyToken(tenantId: string, token: string, expected: { issuer: string; audience: string }): Promise<Record<string, unknown>>;
  rotateSigningKeys(tenantId: string): Promise<SigningKeyRotation>;
  readonly rateLimiter: RateLimiter;
}
