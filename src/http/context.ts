import type { FastifyInstance } from 'fastify';
import type { Config, Logger } from '../config/index.ts';
import type { Database } from '../storage/index.ts';
import type { SecretBox } from '../storage/index.ts';
import type { Tenant, TenantQueries } from '../storage/index.ts';
import type { ScriptRunner } from '../extensibility/custom-db/index.ts';

/** What every HTTP surface is handed: the frozen config and the process-wide handles. */
export interface ServerContext {
  readonly config: Config;
  readonly database: Database;
  readonly logger: Logger;
  readonly box: SecretBox;
  readonly tenants: TenantQueries;
  /** Runs custom database scripts (created by boot from config.runtime); absent → custom connections fail. */
  readonly runner?: ScriptRunner;
}

/** One surface (health, OIDC, Management API, login pages…): a plugin registered in its own scope. */
export interface Surface {
  readonly name: string;
  readonly prefix?: string;
  register(app: FastifyInstance, context: ServerContext): Promise<void> | void;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant found from the Host header; every route runs for exactly one tenant. */
    tenant: Tenant;
  }
}
