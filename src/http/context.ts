import type { FastifyInstance } from 'fastify';
import type { Config, Logger } from '../config/index.ts';
import type { Database } from '../storage/index.ts';
import type { SecretBox } from '../storage/index.ts';
import type { Tenant, TenantQueries } from '../storage/index.ts';
import type { ScriptRunner } from '../extensibility/custom-db/index.ts';
import type { ActionCache, RecycleSignal, SharedState } from '../cache/index.ts';
import type { AttemptCounter } from '../flows/native-db/index.ts';
import type { ActionFlowStateQueries, SessionQueries } from '../storage/index.ts';
import type { Metrics } from './operations/metrics.ts';

/** What every HTTP surface is handed: the frozen config and the process-wide handles. */
export interface ServerContext {
  readonly config: Config;
  readonly database: Database;
  readonly logger: Logger;
  readonly box: SecretBox;
  readonly tenants: TenantQueries;
  /** Runs custom database scripts (created by boot from config.runtime); absent → custom connections fail. */
  readonly runner?: ScriptRunner;
  // The scaled setup (docs/deploy.md). Each is absent on a single node without Redis, and the
  // code that takes it falls back to the database, as before.
  /** Redis (or memory) cache and bus of this node; /readyz pings it. */
  readonly shared?: SharedState;
  /** Prometheus metrics of this node (boot creates them; /metrics serves them). */
  readonly metrics?: Metrics;
  /** Tells every node to recycle a tenant's containers after a deploy. */
  readonly recycleSignal?: RecycleSignal;
  /** Brute-force counters on Redis; absent → the login_attempts table. */
  readonly attempts?: AttemptCounter;
  /** SSO sessions on Redis; absent → the sessions table. */
  readonly sessionStore?: (tenantId: string) => SessionQueries;
  /** api.cache on Redis; absent → the Actions engine's default (its storage table). */
  readonly actionCache?: ActionCache;
  /** Suspended redirect-Action flows on Redis; absent → the action_flow_states table. */
  readonly flowStateStore?: (tenantId: string) => ActionFlowStateQueries;
  /** The Management API's rate-limit buckets on Redis; absent → per-node memory. */
  readonly bucketStore?: { take(key: string, settings: { limit: number; windowSeconds: number }, nowMs: number): Promise<{ tokens: number; allowed: boolean }> };
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
