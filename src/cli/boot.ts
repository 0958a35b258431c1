import type { FastifyInstance } from 'fastify';
import type { Config, Logger } from '../config/index.ts';
import { ensureDemoTenant, findDemoApplication, type CreatedTenant } from '../flows/tenants/index.ts';
import { createServer, type Surface } from '../http/index.ts';
import { createScriptRunner, type ScriptRunner } from '../extensibility/custom-db/index.ts';
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
  /** Stops the HTTP server (waiting for requests in flight), then the database. */
  close(): Promise<void>;
}

/**
 * Everything `gatehouse start` does before listening: open and migrate storage, load the key,
 * create the demo tenant on first start, assemble the server. Shared with the tests' helper so
 * they boot exactly what users run.
 */
export async function boot(config: Config, logger: Logger, options: { surfaces?: readonly Surface[] } = {}): Promise<Booted> {
  const database = await openDatabase(config.db);
  try {
    const { applied } = await migrate(database);
    const box = createSecretBox(await loadSecretKey({ secretKey: config.secretKey, keyFile: config.keyFile }));
    const demo = await ensureDemoTenant({ database, box }, { port: config.port });
    const demoClient = demo?.application ?? await findDemoApplication({ database, box });
    const demoApplication = demoClient && { client_id: demoClient.client_id, redirect_uri: demoClient.redirect_uris[0] };
    // Started lazily on the first script call; closed after the server so calls in flight finish.
    const runner = createScriptRunner(config.runtime);
    const app = await createServer({ config, database, logger, box, tenants: createTenantQueries(database), runner, surfaces: options.surfaces });
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= app.close().then(() => runner.close()).then(() => database.close()));
    return { app, database, box, demo, demoApplication, migrations: applied, runner, close };
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}
