// Baselines measured in the same run as the runtime, so ratios compare like with like: the same
// no-op function called in-process, and bare round trips carrying a message shaped like the
// runtime's own `run` message: worker_threads, child-process IPC, and IPC relayed to a worker
// thread (the worker backend's path: server → worker host → worker).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { since, summarize, type Latency } from './stats.ts';

export const noopSource = 'function login(email, password, callback) { callback(null, email); }';

/** A message of the size and shape the host sends per call (protocol.ts RunMessage). */
function runMessage(runId: number): Record<string, unknown> {
  return {
    type: 'run', runId, kind: 'script', codeId: 'login', codeVersion: '1', args: ['a@example.com', 'pw'],
    configuration: {}, secrets: [], modulesDir: null, dependencies: {}, capabilities: [], logLimitChars: 256,
  };
}

/**
 * Per-call cost of a plain in-process call: too short for a clock per call, so calls are timed in
 * batches of 1,000 and the percentiles are over batch means.
 */
export function inProcessCall(batches = 300, perBatch = 1000): Latency {
  const fn = new Function(`return (${noopSource})`)() as (e: string, p: string, cb: (err: unknown, v: unknown) => void) => void;
  let sink: unknown = null;
  const callback = (_err: unknown, value: unknown): void => { sink = value; };
  const samples: number[] = [];
  for (let b = 0; b < batches + 20; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) fn('a@example.com', 'pw', callback);
    if (b >= 20) samples.push(since(start) / perBatch);
  }
  if (sink !== 'a@example.com') throw new Error('the in-process baseline did not run');
  return summarize(samples, 8);
}

interface Echo {
  send(message: unknown): void;
  on(handler: (message: unknown) => void): void;
  close(): Promise<void>;
}

async function roundTrips(echo: Echo, warmup: number, samples: number): Promise<Latency> {
  let pending: ((message: unknown) => void) | null = null;
  echo.on((message) => pending?.(message));
  const once = (runId: number): Promise<unknown> => new Promise((resolve) => { pending = resolve; echo.send(runMessage(runId)); });
  for (let i = 0; i < warmup; i++) await once(i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    await once(i);
    times.push(since(start));
  }
  await echo.close();
  return summarize(times);
}

export async function workerRoundTrip(warmup: number, samples: number): Promise<Latency> {
  const worker = new Worker(new URL('./echo-worker.ts', import.meta.url));
  return roundTrips({
    send: (m) => worker.postMessage(m),
    on: (h) => worker.on('message', h),
    close: async () => { await worker.terminate(); },
  }, warmup, samples);
}

export function childRoundTrip(warmup: number, samples: number): Promise<Latency> {
  return ipcRoundTrip('./echo-child.ts', warmup, samples);
}

export function relayedWorkerRoundTrip(warmup: number, samples: number): Promise<Latency> {
  return ipcRoundTrip('./echo-relay.ts', warmup, samples);
}

async function ipcRoundTrip(entry: string, warmup: number, samples: number): Promise<Latency> {
  const child = fork(fileURLToPath(new URL(entry, import.meta.url)), [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return roundTrips({
    send: (m) => child.send(m as object),
    on: (h) => child.on('message', h),
    close: () => new Promise((resolve) => { child.once('exit', () => resolve()); child.disconnect(); }),
  }, warmup, samples);
}
