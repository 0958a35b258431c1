// The three setups the load bench compares, each fresh: one node on SQLite (the embedded
// default), one node on PostgreSQL + Redis, three nodes on PostgreSQL + Redis. Nodes are real
// `gatehouse start` processes on loopback; Redis is a private redis-server when one is installed
// (else the shared one at GATEHOUSE_TEST_REDIS, database 15).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, runGatehouse, startGatehouse, type CliResult, type RunningServer } from '../../test/cli/spawn.ts';
import { createTestDatabase, type TestDatabase } from '../../test/scale/cluster.ts';
import { redisServerMissing, startPrivateRedis, type PrivateRedis } from '../../test/scale/redis-server.ts';

export interface Deployment {
  readonly name: string;
  readonly storage: string;
  readonly ports: number[];
  cli(args: readonly string[]): Promise<CliResult>;
  close(): Promise<void>;
}

export interface DeploymentSpec {
  readonly name: string;
  readonly kind: 'sqlite' | 'postgres';
  readonly nodes: number;
}

/** Module sets installed once for every deployment (the repository's own cache). */
export const moduleCache = resolve('.gatehouse/modules');

export async function startDeployment(spec: DeploymentSpec): Promise<Deployment> {
  const dir = await mkdtemp(join(tmpdir(), 'gh-load-'));
  let db: TestDatabase | undefined;
  let redis: PrivateRedis | undefined;
  const servers: RunningServer[] = [];
  const env: Record<string, string> = {
    GATEHOUSE_SECRET_KEY: randomBytes(32).toString('hex'),
    GATEHOUSE_LOG_LEVEL: 'error',
    GATEHOUSE_MODULE_CACHE: moduleCache,
    // Management API calls of the set-up must not be metered like a tenant's.
    GATEHOUSE_MGMT_RATE_LIMIT: '100000',
  };
  let url: string;
  if (spec.kind === 'sqlite') {
    url = `sqlite:${join(dir, 'gatehouse.db')}`;
  } else {
    db = await createTestDatabase('gh_load');
    url = db.url;
    if (!redisServerMissing()) {
      redis = await startPrivateRedis();
      env.GATEHOUSE_REDIS_URL = redis.url;
    } else {
      env.GATEHOUSE_REDIS_URL = process.env.GATEHOUSE_TEST_REDIS ?? 'redis://127.0.0.1:6379/15';
    }
  }
  const close = async () => {
    await Promise.all(servers.map((s) => s.stop('SIGTERM')));
    await db?.drop().catch(() => {});
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const ports: number[] = [];
    const deployment: Deployment = {
      name: spec.name,
      storage: spec.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL + Redis',
      ports,
      cli: (args) => runGatehouse([...args, '--db', url], { env, cwd: dir }),
      close,
    };
    // The tenant exists before the nodes start, as in the tests.
    const migrated = await deployment.cli(['migrate']);
    if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
    for (let i = 0; i < spec.nodes; i += 1) {
      const port = await freePort();
      servers.push(await startGatehouse(['--port', String(port), '--host', '127.0.0.1', '--db', url], { env, cwd: dir }));
      ports.push(port);
    }
    return deployment;
  } catch (err) {
    await close();
    throw err;
  }
}
