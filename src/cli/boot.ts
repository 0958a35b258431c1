import type { FastifyInstance } from 'fastify';
import type { Config, Logger } from '../config/index.ts';
import { ensureDemoTenant, findDemoApplication, type CreatedTenant } from '../flows/tenants/index.ts';
import { createServer, type Surface } from '../http/index.ts';
import { createScriptRunner, type ScriptRunner } from '../extensibility/custom-db/index.ts';
import { openSharedState, type RecycleSignal, type SharedState } from '../cache/index.ts';
import { createMetrics, type Metrics } from '../http/operations/metrics.ts';
import { instrumentRunner } from '../http/operations/instrument-runner.ts';
import { clusterRunner, listenForRecycles, recycleSignalOf, scaledStores } from './scaled-context.ts';
import { randomUUID } from 'node:crypto';
import {
  createSecretBox, createTenantQueries, loadSecretKey, migrate, openDatabase, type Database, type SecretBox,
} from '../storage/index.ts';

export interface Booted {
  readonly app: FastifyInstance;
  readonly database: Database;
  readonly box: SecretBox;
  /** Set on the first start only, when the demo tenant was just created. */
  readonly demo?: CreatedTenant;
  /** The demo application (first start or later), for the URLs the banner prints. */
  readonly demoApplication?: { readonly client_id: string; readonly redirect_uri?: string };
  readonly migrations: readonly string[];
  /** The custom database script runner the server uses (library callers and tests share it). */
  readonly runner: ScriptRunner;
  /** Redis (with --redis) or memory: the node's shared cache and bus. */
  readonly shared: SharedState;
  readonly metrics: Metrics;
  /** Announces a deploy to every node (itself included). */
  readonly recycleSignal: RecycleSignal;
  /** Stops the HTTP server (waiting for requests in flight), then the runtime, Redis and the database. */
  close(): Promise<void>;
}

/**
 * Everything `gatehouse start` does before listening: open and migrate storage, load the key,
 * create the demo tenant on first start, assemble the server. Shared with the tests' helper so
 * they boot exactly what users run.
 */
export async function boot(config: Config, logger: Logger, options: { surfaces?: readonly Surface[] } = {}): Promise<Booted> {
  const database = await openDatabase(config.db);
  let shared: SharedState | undefined;
  try {
    const { applied } = await migrate(database);
    const box = createSecretBox(await loadSecretKey({ secretKey: config.secretKey, keyFile: config.keyFile }));
    const demo = await ensureDemoTenant({ database, box }, { port: config.port });
    const demoClient = demo?.application ?? await findDemoApplication({ database, box });
    const demoApplication = demoClient && { client_id: demoClient.client_id, redirect_uri: demoClient.redirect_uris[0] };
    shared = await openSharedState(config.redisUrl);
    const metrics = createMetrics();
    // Started lazily on the first script call; closed after the server so calls in flight finish.
    const local = instrumentRunner(createScriptRunner(config.runtime), metrics);
    const recycleSignal = recycleSignalOf(shared);
    const nodeId = randomUUID();
    const stopListening = await listenForRecycles(recycleSignal, local, metrics, logger, nodeId);
    const runner = clusterRunner(local, recycleSignal, nodeId, logger);
    const app = await createServer({
      config, database, logger, box, tenants: createTenantQueries(database), runner, surfaces: options.surfaces,
      shared, metrics, recycleSignal, ...scaledStores(shared, box),
    });
    const opened = shared;
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= app.close()
      .then(() => stopListening())
      .then(() => runner.close())
      .then(() => opened.close())
      .then(() => database.close()));
    return { app, database, box, demo, demoApplication, migrations: applied, runner, shared, metrics, recycleSignal, close };
  } catch (err) {
    await shared?.close().catch(() => {});
    await database.close().catch(() => {});
    throw err;
  }
}
