// Load section (`npm run bench -- load`): the mixed workload of bench/load/workload.ts against
// one SQLite node, one node on PostgreSQL + Redis and three such nodes, on loopback, each bounded
// in time and count. Writes bench/results/load.json. This machine is shared (2 cores, other
// engineers' tests running): the figures are pessimistic and only comparable within one run.
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startDeployment, type DeploymentSpec } from './load/deployments.ts';
import { drive, type RunResult } from './load/driver.ts';
import { HOST, setUpWorkload } from './load/workload.ts';
import { postgresMissing } from '../test/scale/cluster.ts';
import type { BenchSection } from './section.ts';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const MAX_REQUESTS = Number(process.env.BENCH_LOAD_MAX ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_LOAD_CONCURRENCY ?? 12);
const WARMUP_SECONDS = 3;

const specs: DeploymentSpec[] = [
  { name: 'sqlite-1', kind: 'sqlite', nodes: 1 },
  { name: 'pg-redis-1', kind: 'postgres', nodes: 1 },
  { name: 'pg-redis-3', kind: 'postgres', nodes: 3 },
];

export async function run(): Promise<BenchSection> {
  const pgSkip = await postgresMissing().catch((err: Error) => err.message);
  const results: Array<{ name: string; storage: string; nodes: number; run: RunResult }> = [];
  for (const spec of specs) {
    if (spec.kind === 'postgres' && pgSkip) continue;
    const deployment = await startDeployment(spec);
    try {
      const workload = await setUpWorkload(deployment);
      await workload.prepare(CONCURRENCY);
      // Warm every node's containers and caches, then measure.
      await drive({ ports: deployment.ports, host: HOST, types: workload.types, concurrency: CONCURRENCY, seconds: WARMUP_SECONDS, maxRequests: 500 });
      const measured = await drive({ ports: deployment.ports, host: HOST, types: workload.types, concurrency: CONCURRENCY, seconds: SECONDS, maxRequests: MAX_REQUESTS });
      results.push({ name: spec.name, storage: deployment.storage, nodes: spec.nodes, run: measured });
    } finally {
      await deployment.close();
    }
  }
  const one = results.find((r) => r.name === 'pg-redis-1');
  const three = results.find((r) => r.name === 'pg-redis-3');
  const ratio = one && three ? three.run.throughput / one.run.throughput : undefined;
  const report = {
    when: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    bounds: { seconds: SECONDS, maxRequests: MAX_REQUESTS, concurrency: CONCURRENCY, warmupSeconds: WARMUP_SECONDS },
    note: 'Loopback, one shared 2-core machine running other test suites at the same time: pessimistic figures, comparable within this run only. Latencies in milliseconds.',
    deployments: results.map((r) => ({
      name: r.name, storage: r.storage, nodes: r.nodes,
      seconds: round(r.run.seconds), requests: r.run.total, throughput: round(r.run.throughput),
      errors: r.run.types.reduce((n, t) => n + t.errors, 0),
      types: r.run.types.map((t) => ({ name: t.name, count: t.count, errors: t.errors, throughput: round(t.throughput), p50_ms: round(t.p50), p99_ms: round(t.p99), sample_errors: t.sampleErrors })),
    })),
    ratio_3_nodes_to_1_node: ratio === undefined ? null : round(ratio),
    skipped: pgSkip ? `PostgreSQL deployments: ${pgSkip}` : undefined,
  };
  await writeFile(fileURLToPath(new URL('./results/load.json', import.meta.url)), `${JSON.stringify(report, null, 2)}\n`);
  const rows = results.flatMap((r) => r.run.types.map((t) => [
    r.name, t.name, t.count, t.errors, round(t.throughput), round(t.p50), round(t.p99),
  ] as const));
  return {
    title: 'Load: mixed workload (1 SQLite node, 1 and 3 nodes on PostgreSQL + Redis)',
    columns: ['deployment', 'request type', 'requests', 'errors', 'req/s', 'p50 ms', 'p99 ms'],
    rows,
    notes: [
      ...results.map((r) => `${r.name}: ${round(r.run.throughput)} req/s over ${round(r.run.seconds)} s, ${r.run.total} requests, concurrency ${CONCURRENCY}`),
      ratio === undefined ? 'ratio 3 nodes / 1 node: not measured' : `ratio 3 nodes / 1 node (PostgreSQL + Redis): ${round(ratio)}`,
      'Loopback on one shared 2-core machine with other suites running: pessimistic; three nodes share the same two cores, so little gain is expected.',
      ...(pgSkip ? [`skipped PostgreSQL deployments: ${pgSkip}`] : []),
    ],
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
