// The pool's accounting against real containers of each backend: containers still ending count
// against the bound (an evicted child process or worker exists until it has exited), a call
// waiting only for such a container is served once it has exited, and a spare counts as a spare
// only once it is ready. Containers are started through an instrumented `start` so the test sees
// what the pool cannot fake: each transport's own exit, and (process backend) the OS children.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { launchers } from '../../src/runtime/create-runner.ts';
import { createContainerClient, type ContainerClient } from '../../src/runtime/container-client.ts';
import { createPool, poolKey, type Pool, type PoolOptions } from '../../src/runtime/pool.ts';
import type { Backend, Outcome } from '../../src/runtime/runner.ts';
import { backends, childPids, eventually, expectResult, script, startRunner, unique } from './support.ts';

const counter = `function login(cb) { global.n = (global.n || 0) + 1; cb(null, global.n); }`;

interface Instrumented {
  readonly pool: Pool;
  /** What happened, in order: `start <id>` and `exit <id>`. */
  readonly events: string[];
  /** Most containers in existence (started, not exited) right after a start. */
  peak(): number;
  /** Most child processes of this test process once a start is under way (process backend). */
  osPeak(): number;
  dispose(): Promise<void>;
}

/** `heldReady`: containers (1-based, in start order) the pool sees as starting until disposed. */
function instrumentedPool(backend: Backend, overrides: Partial<PoolOptions>, heldReady: readonly number[] = []): Instrumented {
  const moduleCacheDir = mkdtempSync(join(tmpdir(), 'gatehouse-pool-'));
  const launcher = launchers[backend](moduleCacheDir);
  const before = new Set(childPids());
  const events: string[] = [];
  const held = new Map<number, { readonly gate: Promise<void>; open: () => void }>();
  for (const n of heldReady) {
    let open = (): void => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    held.set(n, { gate, open });
  }
  let started = 0;
  let existing = 0;
  let peak = 0;
  let osPeak = 0;
  function start(): ContainerClient {
    const n = ++started;
    // Counted before the start, plus the one starting: the transport may fork on a later turn.
    if (backend === 'process') osPeak = Math.max(osPeak, childPids().filter((pid) => !before.has(pid)).length + 1);
    const transport = launcher.start({ id: `${backend}-${n}`, heapMb: 64, moduleCacheDir });
    existing += 1;
    events.push(`start ${n}`);
    peak = Math.max(peak, existing);
    transport.onExit(() => {
      existing -= 1;
      events.push(`exit ${n}`);
    });
    const client = createContainerClient(transport);
    const gate = held.get(n)?.gate;
    if (gate === undefined) return client;
    // The pool sees the container ready only once the test lets it; runs still wait for the real one.
    return {
      id: client.id,
      ready: client.ready.then(async (ok) => {
        await gate;
        return ok;
      }),
      get alive() {
        return client.alive;
      },
      get inFlight() {
        return client.inFlight;
      },
      run: (dispatch) => client.run(dispatch),
      recycle: (reason) => client.recycle(reason),
      onGone: (handler) => client.onGone(handler),
    };
  }
  const pool = createPool({ maxContainers: 2, idleMs: 60_000, spares: 0, queueTimeoutMs: 15_000, ...overrides, start });
  return {
    pool,
    events,
    peak: () => peak,
    osPeak: () => osPeak,
    async dispose() {
      for (const { open } of held.values()) open();
      await pool.close();
      await launcher.close();
      rmSync(moduleCacheDir, { recursive: true, force: true });
    },
  };
}

/** One call of `counter` for `tenant`, as create-runner.ts makes it. */
async function call(pool: Pool, tenant: string): Promise<Outcome> {
  const request = script(counter, { tenant });
  const lease = await pool.acquire(poolKey(tenant, request.containerKey), request.codeId, request.codeVersion);
  if ('overloaded' in lease) assert.fail(`overloaded: ${lease.overloaded}`);
  try {
    return await lease.slot.client.run({
      request, timeoutMs: 5000, logLimitChars: 256, secrets: [], modulesDir: null, cold: lease.cold, fromSpare: lease.fromSpare, startedAt: performance.now(),
    });
  } finally {
    pool.release(lease.slot);
  }
}

for (const backend of backends) {
  describe(`pool accounting [${backend}]`, () => {
    it('never has more containers in existence than the bound, counting those still ending', async () => {
      const h = instrumentedPool(backend, { maxContainers: 2, spares: 1 });
      try {
        // One after another: each new tenant past the bound evicts the least recently used.
        for (let i = 0; i < 6; i += 1) assert.equal(expectResult(await call(h.pool, unique())), 1);
        // All at once: evictions run side by side, each call still gets a container.
        const outcomes = await Promise.all(Array.from({ length: 8 }, () => call(h.pool, unique())));
        for (const outcome of outcomes) assert.equal(expectResult(outcome), 1);
        assert.ok(h.peak() <= 2, `up to ${h.peak()} containers existed at once; the bound is 2 (${h.events.join(', ')})`);
        if (backend === 'process') assert.ok(h.osPeak() <= 2, `up to ${h.osPeak()} child processes at once; the bound is 2`);
      } finally {
        await h.dispose();
      }
    });

    it('serves a call that waits only for an evicted container once that one has exited', async () => {
      const h = instrumentedPool(backend, { maxContainers: 1 });
      try {
        expectResult(await call(h.pool, unique()));
        const waiting = call(h.pool, unique());
        assert.deepEqual(h.pool.stats(), { live: 0, idle: 0, busy: 0, spares: 0, starting: 0, ending: 1, queued: 1 });
        // Served by the ending's own settling, not by the deadline (15 s) nor by another release.
        await eventually(() => h.pool.stats().queued === 0, 'the waiting call served');
        assert.equal(expectResult(await waiting), 1);
        assert.deepEqual(h.events.slice(0, 3), ['start 1', 'exit 1', 'start 2']);
      } finally {
        await h.dispose();
      }
    });

    it('evicts once per waiting call, not again each time the queue is tried', async () => {
      const h = instrumentedPool(backend, { maxContainers: 3 });
      try {
        const [a, b, d] = [unique(), unique(), unique()];
        for (const tenant of [a, b, d]) expectResult(await call(h.pool, tenant));
        const c = call(h.pool, unique());
        // b's container is live; its call queues behind c's (FIFO) and tries the queue again.
        const again = call(h.pool, b);
        assert.equal(h.pool.stats().ending, 1);
        assert.equal(expectResult(await c), 1);
        assert.equal(expectResult(await again), 2, 'b kept its container');
        assert.equal(expectResult(await call(h.pool, d)), 2, 'd kept its container');
        assert.deepEqual(h.events.filter((event) => event.startsWith('exit')), ['exit 1'], 'only a, the least recently used, was evicted');
      } finally {
        await h.dispose();
      }
    });

    it('counts a spare only once it is ready; until then it is starting, and live', async () => {
      const runner = startRunner(backend, { spares: 2, maxContainers: 3 });
      try {
        const first = runner.stats();
        assert.equal(first.spares, 0, 'no spare is ready right after the runner is created');
        assert.equal(first.starting, 2);
        assert.equal(first.live, 2);
        await eventually(() => runner.stats().spares === 2, 'both spares ready');
        assert.equal(runner.stats().starting, 0);
      } finally {
        await runner.dispose();
      }
    });

    it('gives a new key a ready spare before an older one still starting', async () => {
      const h = instrumentedPool(backend, { maxContainers: 3, spares: 2 }, [1]);
      try {
        await eventually(() => h.pool.stats().spares === 1, 'the second spare ready');
        assert.equal(h.pool.stats().starting, 1);
        const outcome = await call(h.pool, unique());
        assert.equal(outcome.container.id, `${backend}-2`);
        assert.equal(outcome.container.fromSpare, true);
      } finally {
        await h.dispose();
      }
    });

    it('with no spare ready, takes one still starting rather than start another container', async () => {
      const h = instrumentedPool(backend, { maxContainers: 3, spares: 1 }, [1]);
      try {
        assert.deepEqual(h.events, ['start 1']);
        const outcome = await call(h.pool, unique());
        assert.equal(expectResult(outcome), 1);
        assert.equal(outcome.container.id, `${backend}-1`);
        assert.equal(outcome.container.fromSpare, false, 'it paid part of a start');
        assert.equal(outcome.container.cold, true);
      } finally {
        await h.dispose();
      }
    });
  });
}
