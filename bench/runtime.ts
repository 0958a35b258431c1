// `npm run bench -- runtime`: the extensibility runtime on both backends, against baselines
// measured in the same run (a plain in-process call; bare round trips over worker_threads, over
// child-process IPC, and over IPC relayed to a worker thread, the worker backend's own path). Writes bench/results/runtime.json and returns the table.
// Also runnable alone: `npx node bench/runtime.ts`.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Backend } from '../src/runtime/runner.ts';
import { renderTable } from './table.ts';
import { childRoundTrip, inProcessCall, relayedWorkerRoundTrip, workerRoundTrip } from './runtime/baselines.ts';
import { coldStart, firstCallWithSpares, throughput, timeoutToReady, warmDispatch, type Crowd, type Setup } from './runtime/measure.ts';
import { round } from './runtime/stats.ts';
import type { BenchCell, BenchSection } from './section.ts';

const backends: readonly Backend[] = ['worker', 'process'];
const concurrencies = [1, 16, 256] as const;

const isolatedEntry = fileURLToPath(new URL('./runtime/isolated.ts', import.meta.url));

/** Memory figures come from a fresh process each (see runtime/isolated.ts). */
async function isolated<T>(what: 'memory' | 'crowd', setup: Setup): Promise<T> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', isolatedEntry, what, setup.backend, setup.moduleCacheDir], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? 'null') as T;
}

async function measureBackend(setup: Setup) {
  const log = (what: string) => process.stderr.write(`bench runtime [${setup.backend}]: ${what}\n`);
  log('warm dispatch');
  const warm = await warmDispatch(setup);
  log('cold start');
  const cold = await coldStart(setup);
  log('first call with spares');
  const settleMs = Math.min(3000, Math.max(200, Math.round(2 * cold.p50)));
  const firstCall = await firstCallWithSpares(setup, settleMs);
  const calls: Record<string, number> = {};
  for (const c of concurrencies) {
    log(`throughput at concurrency ${c}`);
    calls[`c${c}`] = await throughput(setup, c, c === 1 ? 2000 : 5000);
  }
  log('memory per idle container');
  const memoryMb = await isolated<number>('memory', setup);
  log('timeout to fresh container');
  const recovery = await timeoutToReady(setup);
  log('1,000 tenants through 100 containers');
  const tenants = await isolated<Crowd>('crowd', setup);
  return { warm, firstCall: { ...firstCall, settleMs }, cold, throughput: calls, memoryPerIdleContainerMb: memoryMb, timeoutToReady: recovery, crowd: tenants };
}

export async function run(): Promise<BenchSection> {
  const moduleCacheDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-modules-'));
  const gc = (): void => {};
  try {
    process.stderr.write('bench runtime: baselines\n');
    const baselines = {
      inProcessCall: inProcessCall(),
      workerRoundTrip: await workerRoundTrip(300, 3000),
      childRoundTrip: await childRoundTrip(300, 3000),
      relayedWorkerRoundTrip: await relayedWorkerRoundTrip(300, 3000),
    };
    const results: Record<string, Awaited<ReturnType<typeof measureBackend>>> = {};
    for (const backend of backends) results[backend] = await measureBackend({ backend, moduleCacheDir, gc });
    // Each backend against a bare round trip over its own path, and against a bare worker_threads
    // round trip (the cheapest message there is).
    const bare = { worker: baselines.relayedWorkerRoundTrip, process: baselines.childRoundTrip };
    const ratios = Object.fromEntries(backends.map((b) => [b, {
      warmP50VsBareRoundTrip: round(results[b].warm.p50 / bare[b].p50, 2),
      warmP50VsBareWorkerThreads: round(results[b].warm.p50 / baselines.workerRoundTrip.p50, 2),
      warmP50VsInProcessCall: round(results[b].warm.p50 / baselines.inProcessCall.p50, 0),
    }]));
    const report = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGb: round(totalmem() / 2 ** 30, 1), node: process.version },
      units: 'latencies in ms; throughput in calls/s; memory in MB (RSS)',
      targets: { warmP50VsBareRoundTrip: '<= 2', firstCallWithSparesP50Ms: '<= 5' },
      baselines,
      backends: results,
      ratios,
    };
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./results/runtime.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
    return table(report.machine, baselines, results, ratios);
  } finally {
    rmSync(moduleCacheDir, { recursive: true, force: true });
  }
}

function table(
  machine: { cpus: number; model: string; node: string },
  baselines: { inProcessCall: { p50: number }; workerRoundTrip: { p50: number; p99: number }; childRoundTrip: { p50: number; p99: number }; relayedWorkerRoundTrip: { p50: number; p99: number } },
  r: Record<string, Awaited<ReturnType<typeof measureBackend>>>,
  ratios: Record<string, { warmP50VsBareRoundTrip: number; warmP50VsBareWorkerThreads: number; warmP50VsInProcessCall: number }>,
): BenchSection {
  const w = r.worker;
  const p = r.process;
  const row = (measure: string, worker: BenchCell, process: BenchCell, note = ''): BenchCell[] => [measure, worker, process, note];
  return {
    title: 'runtime',
    columns: ['measure', 'worker', 'process', 'baseline / target'],
    rows: [
      row('warm dispatch p50 (ms)', w.warm.p50, p.warm.p50, 'no-op script, callback at once'),
      row('warm dispatch p99 (ms)', w.warm.p99, p.warm.p99, ''),
      row('bare round trip over the same path p50 (ms)', baselines.relayedWorkerRoundTrip.p50, baselines.childRoundTrip.p50, 'IPC relayed to a worker / child IPC echo'),
      row('bare round trip over the same path p99 (ms)', baselines.relayedWorkerRoundTrip.p99, baselines.childRoundTrip.p99, ''),
      row('warm p50 ÷ bare round trip p50', ratios.worker.warmP50VsBareRoundTrip, ratios.process.warmP50VsBareRoundTrip, 'target ≤ 2'),
      row('warm p50 ÷ bare worker_threads round trip p50', ratios.worker.warmP50VsBareWorkerThreads, ratios.process.warmP50VsBareWorkerThreads, `worker_threads echo in-process ${baselines.workerRoundTrip.p50} ms`),
      row('warm p50 ÷ in-process call', ratios.worker.warmP50VsInProcessCall, ratios.process.warmP50VsInProcessCall, `in-process call ${round(baselines.inProcessCall.p50 * 1e6, 1)} ns`),
      row('new tenant, spare ready, p50 (ms)', w.firstCall.p50, p.firstCall.p50, 'target ≤ 5 (20 tenants)'),
      row('new tenant, spare ready, p99 (ms)', w.firstCall.p99, p.firstCall.p99, ''),
      row('cold start, no spares, p50 (ms)', w.cold.p50, p.cold.p50, '20 tenants'),
      row('cold start, no spares, p99 (ms)', w.cold.p99, p.cold.p99, ''),
      ...concurrencies.map((c) => row(`throughput, concurrency ${c} (calls/s)`, w.throughput[`c${c}`], p.throughput[`c${c}`], 'one warm container')),
      row('memory per idle container (MB RSS)', w.memoryPerIdleContainerMb, p.memoryPerIdleContainerMb, 'host + children, 20 containers'),
      row('timeout → fresh container answers, p50 (ms)', w.timeoutToReady.p50, p.timeoutToReady.p50, 'spare ready'),
      row('1,000 tenants / 100 containers: succeeded', w.crowd.succeeded, p.crowd.succeeded, `of 1,000, ${w.crowd.inFlight} in flight`),
      row('1,000 tenants: wall time (s)', w.crowd.seconds, p.crowd.seconds, ''),
      row('1,000 tenants: peak RSS (MB)', w.crowd.peakRssMb, p.crowd.peakRssMb, 'host + children'),
      row('1,000 tenants: peak live child processes', w.crowd.peakChildren, p.crowd.peakChildren, ''),
    ],
    notes: [
      `${machine.cpus} cores (${machine.model}), Node ${machine.node}. Full figures: bench/results/runtime.json.`,
      'Latencies are per call from the host (run() to outcome). The in-process call is timed in batches of 1,000.',
    ],
  };
}

if (import.meta.main) process.stdout.write(`${renderTable(await run())}\n`);
