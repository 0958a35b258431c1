// Several real Gatehouse nodes (child processes running src/main.ts start) on one fresh
// PostgreSQL database and one Redis, as docs/deploy.md describes: the same secret key and
// settings on each. Skips with a reason when PostgreSQL or Redis is missing — except under
// CI=true, where that fails.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, runGatehouse, startGatehouse, type CliResult, type RunningServer } from '../cli/spawn.ts';
import { pgAdminUrl } from '../helpers/dialects.ts';
import { send, type Reply, type SendOptions } from './http.ts';

export async function postgresMissing(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: pgAdminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (err) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is required under CI=true: ${(err as Error).message}`, { cause: err });
    return `PostgreSQL unreachable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); set GATEHOUSE_TEST_PG or start it`;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'gh_scale'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await admin(pgAdminUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin(pgAdminUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

export interface Node {
  readonly index: number;
  readonly port: number;
  readonly server: RunningServer;
  send(path: string, options: SendOptions): Promise<Reply>;
  /** Prometheus text of this node. */
  metrics(): Promise<string>;
}

export interface Cluster {
  readonly db: TestDatabase;
  readonly redisUrl: string;
  readonly secretKey: string;
  readonly dir: string;
  readonly nodes: Node[];
  /** The gatehouse CLI on the cluster's database, Redis and key. */
  cli(args: readonly string[]): Promise<CliResult>;
  startNode(index: number): Promise<Node>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  readonly size: number;
  readonly redisUrl: string;
  /** Extra environment for every node (e.g. GATEHOUSE_RUNTIME_SPARES). */
  readonly env?: Record<string, string>;
  /** Runs with the CLI before any node starts (tenants, connections). */
  readonly setup?: (cli: Cluster['cli']) => Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const db = await createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'gh-scale-'));
  const secretKey = randomBytes(32).toString('hex');
  const env = { GATEHOUSE_SECRET_KEY: secretKey, GATEHOUSE_REDIS_URL: options.redisUrl, GATEHOUSE_LOG_LEVEL: 'warn', ...options.env };
  const cli = (args: readonly string[]) => runGatehouse([...args, '--db', db.url], { env, cwd: dir });
  const nodes: Node[] = [];
  const startNode = async (index: number): Promise<Node> => {
    const port = await freePort();
    const server = await startGatehouse(['--port', String(port), '--host', '127.0.0.1', '--db', db.url, '--redis', options.redisUrl], { env, cwd: dir });
    const node: Node = {
      index,
      port,
      server,
      send: (path, o) => send(port, path, o),
      metrics: async () => (await send(port, '/metrics', { host: '127.0.0.1' })).text,
    };
    nodes[index] = node;
    return node;
  };
  const cluster: Cluster = {
    db, redisUrl: options.redisUrl, secretKey, dir, nodes, cli, startNode,
    async close() {
      await Promise.all(nodes.map((n) => (n.server.child.exitCode === null && n.server.child.signalCode === null ? n.server.stop('SIGTERM') : undefined)));
      await db.drop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    // The first start migrates; the CLI runs migrations too, so setup may come first.
    await options.setup?.(cli);
    // One at a time: on two cores, parallel starts only race for the migration lock.
    for (let i = 0; i < options.size; i += 1) await startNode(i);
    return cluster;
  } catch (err) {
    await cluster.close();
    throw err;
  }
}

/** One sample's value from Prometheus text, or 0 when the series is absent. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const inner = /\{(.*)\}/.exec(line)?.[1] ?? '';
    if (want.every((pair) => inner.split(',').includes(pair))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}
