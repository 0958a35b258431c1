// Measurements of the real runtime (createRunner) on one backend. Every loop is bounded; each
// measurement gets a runner of its own so that spares, queues and caches never carry over.
import { setTimeout as sleep } from 'node:timers/promises';
import { createRunner, type RunnerOptions } from '../../src/runtime/create-runner.ts';
import type { Backend, Outcome, Runner, RunRequest } from '../../src/runtime/runner.ts';
import { noopSource } from './baselines.ts';
import { rss } from './rss.ts';
import { round, since, summarize, type Latency } from './stats.ts';

export interface Setup {
  readonly backend: Backend;
  readonly moduleCacheDir: string;
  readonly gc: () => void;
}

const loopSource = 'function login(email, password, callback) { while (true) {} }';

function runnerFor(setup: Setup, overrides: Partial<RunnerOptions> = {}): Runner {
  return createRunner({
    backend: setup.backend, moduleCacheDir: setup.moduleCacheDir, timeoutMs: 10_000, heapMb: 128,
    maxContainers: 100, idleMs: 300_000, spares: 2, queueTimeoutMs: 120_000, ...overrides,
  });
}

function call(tenant: string, source = noopSource, codeId = 'login'): RunRequest {
  return { tenant, containerKey: 'con_1', codeId, codeVersion: '1', source, kind: 'script', args: [`${tenant}@example.com`, 'pw'] };
}

function ok(outcome: Outcome, tenant: string): boolean {
  return outcome.kind === 'result' && outcome.value === `${tenant}@example.com`;
}

async function must(runner: Runner, request: RunRequest): Promise<Outcome> {
  const outcome = await runner.run(request);
  if (!ok(outcome, request.tenant)) throw new Error(`bench call failed: ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome;
}

async function timed(runner: Runner, request: RunRequest): Promise<number> {
  const start = process.hrtime.bigint();
  await must(runner, request);
  return since(start);
}

/** Waits until the pool has `n` spares ready (or gives up after `maxMs`). */
async function spares(runner: Runner, n: number, maxMs = 10_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (runner.stats().spares < n && Date.now() < deadline) await sleep(2);
}

export async function warmDispatch(setup: Setup, warmup = 300, samples = 3000): Promise<Latency> {
  const runner = runnerFor(setup, { spares: 0 });
  try {
    for (let i = 0; i < warmup; i++) await must(runner, call('warm'));
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push(await timed(runner, call('warm')));
    return summarize(times);
  } finally {
    await runner.close();
  }
}

/**
 * First call of a never-seen tenant while spares are ready: what a new tenant pays. Each call
 * waits until the pool reports both spares ready, then `settleMs` more (about two cold starts),
 * so that the previous replacement's start-up no longer competes for the CPU.
 */
export async function firstCallWithSpares(setup: Setup, settleMs: number, tenants = 20): Promise<Latency> {
  const runner = runnerFor(setup, { spares: 2 });
  try {
    await spares(runner, 2);
    await sleep(settleMs);
    await must(runner, call('warmup-tenant')); // loads the code paths once
    const times: number[] = [];
    for (let i = 0; i < tenants; i++) {
      await spares(runner, 2);
      await sleep(settleMs);
      times.push(await timed(runner, call(`fresh-${i}`)));
    }
    return summarize(times);
  } finally {
    await runner.close();
  }
}

/** First call of a never-seen tenant with no spares: a worker or process start on the path. */
export async function coldStart(setup: Setup, tenants = 20): Promise<Latency> {
  const runner = runnerFor(setup, { spares: 0 });
  try {
    const times: number[] = [];
    for (let i = 0; i < tenants; i++) times.push(await timed(runner, call(`cold-${i}`)));
    return summarize(times);
  } finally {
    await runner.close();
  }
}

/** Calls per second into one warm container with `concurrency` calls in flight. */
export async function throughput(setup: Setup, concurrency: number, total: number): Promise<number> {
  const runner = runnerFor(setup, { spares: 0 });
  try {
    for (let i = 0; i < 200; i++) await must(runner, call('busy'));
    let issued = 0;
    const start = process.hrtime.bigint();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (issued < total) {
        issued += 1;
        await must(runner, call('busy'));
      }
    }));
    return round(total / (since(start) / 1000), 0);
  } finally {
    await runner.close();
  }
}

/** Resident memory added per idle container (host + child processes), over `count` containers. */
export async function memoryPerContainer(setup: Setup, count = 20): Promise<number> {
  const runner = runnerFor(setup, { spares: 0 });
  try {
    await must(runner, call('baseline'));
    setup.gc();
    await sleep(300);
    const before = rss().totalMb;
    for (let i = 0; i < count; i++) await must(runner, call(`idle-${i}`));
    await sleep(500);
    setup.gc();
    const after = rss().totalMb;
    return round((after - before) / count, 1);
  } finally {
    await runner.close();
  }
}

/** From a timed-out call's outcome to the next call of that tenant answered by a fresh container. */
export async function timeoutToReady(setup: Setup, repeats = 10): Promise<Latency> {
  const runner = runnerFor(setup, { spares: 2 });
  try {
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      await spares(runner, 2);
      await must(runner, call('looper', noopSource, 'noop'));
      const timedOut = await runner.run({ ...call('looper', loopSource, 'loop'), timeoutMs: 100 });
      if (timedOut.kind !== 'timeout') throw new Error(`expected a timeout, got ${timedOut.kind}`);
      times.push(await timed(runner, call('looper', noopSource, 'noop')));
    }
    return summarize(times);
  } finally {
    await runner.close();
  }
}

export interface Crowd {
  readonly tenants: number;
  readonly maxContainers: number;
  readonly inFlight: number;
  readonly succeeded: number;
  readonly outcomes: Record<string, number>;
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly peakHostRssMb: number;
  readonly peakChildren: number;
}

/**
 * `tenants` tenants, one call each, `inFlight` calls at a time, through at most `maxContainers`
 * live containers (default time limit, 20 s).
 */
export async function crowd(setup: Setup, tenants = 1000, maxContainers = 100, inFlight = 200): Promise<Crowd> {
  const runner = runnerFor(setup, { spares: 2, maxContainers, timeoutMs: 20_000 });
  let peak = { totalMb: 0, hostMb: 0, children: 0 };
  const sample = (): void => {
    const now = rss();
    peak = { totalMb: Math.max(peak.totalMb, now.totalMb), hostMb: Math.max(peak.hostMb, now.hostMb), children: Math.max(peak.children, now.children) };
  };
  const sampler = setInterval(sample, 100);
  try {
    const start = process.hrtime.bigint();
    let next = 0;
    let succeeded = 0;
    const outcomes: Record<string, number> = {};
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (next < tenants) {
        const tenant = `crowd-${next++}`;
        const outcome = await runner.run(call(tenant));
        if (ok(outcome, tenant)) succeeded += 1;
        const label = outcome.kind === 'result' ? 'result' : `${outcome.kind}: ${'message' in outcome ? outcome.message : ''}`;
        outcomes[label] = (outcomes[label] ?? 0) + 1;
      }
    }));
    const seconds = since(start) / 1000;
    sample();
    return {
      tenants, maxContainers, inFlight, succeeded, outcomes, seconds: round(seconds, 1),
      peakRssMb: round(peak.totalMb, 0), peakHostRssMb: round(peak.hostMb, 0), peakChildren: peak.children,
    };
  } finally {
    clearInterval(sampler);
    await runner.close();
  }
}
