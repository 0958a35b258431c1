// The pool (SPEC.md §2 "pool"): bound on live containers, LRU eviction of idle ones, idle
// timeout, FIFO queue with an `overloaded` deadline, pre-started spares, recycle on a new code
// version or on request, and a close() that leaves nothing running.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPool } from '../../src/runtime/pool.ts';
import { backends, childPids, eventually, expectKind, expectResult, script, startRunner, unique } from './support.ts';

const counter = `function login(cb) { global.n = (global.n || 0) + 1; cb(null, global.n); }`;
const hold = `function login(ms, cb) { setTimeout(function () { cb(null, 'held'); }, ms); }`;

for (const backend of backends) {
  describe(`pool [${backend}]`, () => {
    it('queues a call when every slot is busy, then ends it as overloaded at the deadline', async () => {
      const runner = startRunner(backend, { maxContainers: 2, queueTimeoutMs: 300, timeoutMs: 5000 });
      try {
        const busy = [unique(), unique()].map((tenant) => runner.run(script(hold, { tenant, args: [1500] })));
        await eventually(() => runner.stats().busy === 2, 'two busy containers');
        const waiting = runner.run(script(counter, { tenant: unique() }));
        await eventually(() => runner.stats().queued === 1, 'one queued call');
        const outcome = expectKind(await waiting, 'overloaded');
        assert.match(outcome.message, /within 300 ms/);
        assert.equal(runner.stats().live, 2, 'the bound held');
        for (const o of await Promise.all(busy)) expectResult(o);
      } finally {
        await runner.dispose();
      }
    });

    it('serves a queued call as soon as a slot frees', async () => {
      const runner = startRunner(backend, { maxContainers: 1, queueTimeoutMs: 10_000, timeoutMs: 5000 });
      try {
        const first = runner.run(script(hold, { tenant: unique(), args: [300] }));
        await eventually(() => runner.stats().busy === 1, 'the only slot busy');
        const second = await runner.run(script(counter, { tenant: unique() }));
        assert.equal(expectResult(second), 1);
        assert.notEqual(second.container.id, (await first).container.id);
        assert.equal(runner.stats().live, 1);
      } finally {
        await runner.dispose();
      }
    });

    it('serves the call behind a head that gave up at its deadline, when that call can be served', async () => {
      const runner = startRunner(backend, { maxContainers: 1, queueTimeoutMs: 300, timeoutMs: 5000 });
      try {
        const tenant = unique();
        const long = runner.run(script(hold, { tenant, args: [1500] }));
        await eventually(() => runner.stats().busy === 1, 'the only slot busy');
        const stranger = runner.run(script(counter, { tenant: unique() }));
        await eventually(() => runner.stats().queued === 1, 'a new key waiting for a slot');
        // Same key, so the busy container can take it, but FIFO keeps it behind the stranger.
        const sameKey = runner.run(script(counter, { tenant, codeId: 'counter' }));
        expectKind(await stranger, 'overloaded');
        assert.equal(expectResult(await sameKey), 1, 'served once the head gave up, not left to its own deadline');
        expectResult(await long);
      } finally {
        await runner.dispose();
      }
    });

    it('evicts the least recently used idle container when a new key needs a slot', async () => {
      const runner = startRunner(backend, { maxContainers: 2 });
      try {
        const [a, b, c] = [unique(), unique(), unique()];
        expectResult(await runner.run(script(counter, { tenant: a })));
        expectResult(await runner.run(script(counter, { tenant: b })));
        assert.equal(expectResult(await runner.run(script(counter, { tenant: a }))), 2);
        expectResult(await runner.run(script(counter, { tenant: c })));
        assert.equal(runner.stats().live, 2);
        assert.equal(expectResult(await runner.run(script(counter, { tenant: a }))), 3, 'the recently used one stayed');
      } finally {
        await runner.dispose();
      }
    });

    it('recycles a container after its idle timeout', async () => {
      const runner = startRunner(backend, { idleMs: 200 });
      try {
        const tenant = unique();
        expectResult(await runner.run(script(counter, { tenant })));
        await eventually(() => runner.stats().live === 0, 'the idle container gone');
        const again = await runner.run(script(counter, { tenant }));
        assert.equal(expectResult(again), 1);
        assert.equal(again.container.cold, true);
      } finally {
        await runner.dispose();
      }
    });

    it('assigns pre-started spares to new keys, never twice, and replaces them', async () => {
      const runner = startRunner(backend, { spares: 1 });
      try {
        await eventually(() => runner.stats().spares === 1, 'a spare');
        const first = await runner.run(script(counter, { tenant: unique() }));
        assert.equal(expectResult(first), 1);
        assert.equal(first.container.fromSpare, true);
        assert.equal(first.container.cold, true);
        await eventually(() => runner.stats().spares === 1, 'a replacement spare');
        const second = await runner.run(script(counter, { tenant: unique() }));
        assert.equal(second.container.fromSpare, true);
        assert.notEqual(second.container.id, first.container.id, 'a spare serves one key only');
        assert.equal(expectResult(second), 1);
      } finally {
        await runner.dispose();
      }
    });

    it('starts a container when there is no spare', async () => {
      const runner = startRunner(backend, { spares: 0 });
      try {
        const outcome = await runner.run(script(counter, { tenant: unique() }));
        assert.equal(outcome.container.fromSpare, false);
        assert.equal(runner.stats().spares, 0);
      } finally {
        await runner.dispose();
      }
    });

    it('recycles the container of a key when a new code version arrives', async () => {
      const runner = startRunner(backend);
      try {
        const tenant = unique();
        const v1 = await runner.run(script(counter, { tenant, codeVersion: '1' }));
        assert.equal(expectResult(await runner.run(script(counter, { tenant, codeVersion: '1' }))), 2);
        const v2 = await runner.run(script(counter, { tenant, codeVersion: '2' }));
        assert.equal(expectResult(v2), 1);
        assert.notEqual(v2.container.id, v1.container.id);
        await eventually(() => runner.stats().live === 1, 'the old version gone');
      } finally {
        await runner.dispose();
      }
    });

    it('recycles on request: a whole tenant, or one key of it', async () => {
      const runner = startRunner(backend);
      try {
        const tenant = unique();
        const other = unique();
        for (const t of [tenant, other]) expectResult(await runner.run(script(counter, { tenant: t })));
        expectResult(await runner.run(script(counter, { tenant, containerKey: 'con_2' })));
        await runner.recycle(tenant, 'con_2');
        assert.equal(expectResult(await runner.run(script(counter, { tenant }))), 2);
        assert.equal(expectResult(await runner.run(script(counter, { tenant, containerKey: 'con_2' }))), 1);
        await runner.recycle(tenant);
        assert.equal(expectResult(await runner.run(script(counter, { tenant }))), 1);
        assert.equal(expectResult(await runner.run(script(counter, { tenant: other }))), 2, 'other tenants untouched');
      } finally {
        await runner.dispose();
      }
    });

    it('close() ends every container and answers waiting calls', async () => {
      const before = new Set(childPids());
      const runner = startRunner(backend, { spares: 2, maxContainers: 3 });
      const running = runner.run(script(hold, { tenant: unique(), args: [5000] }));
      await eventually(() => runner.stats().busy === 1, 'a busy container');
      await runner.dispose();
      expectKind(await running, 'crash');
      assert.deepEqual(runner.stats(), { live: 0, idle: 0, busy: 0, spares: 0, starting: 0, ending: 0, queued: 0 });
      assert.deepEqual(childPids().filter((pid) => !before.has(pid)), [], 'no container process left');
      expectKind(await runner.run(script(counter, { tenant: unique() })), 'overloaded');
    });
  });
}

describe('pool with containers that fail to start', () => {
  it('backs off instead of restarting a spare that never started, at once and forever', async () => {
    const kills: Array<() => void> = [];
    let starts = 0;
    const pool = createPool({
      maxContainers: 4,
      idleMs: 60_000,
      spares: 1,
      queueTimeoutMs: 1000,
      start: () => {
        starts += 1;
        const gone: Array<() => void> = [];
        kills.push(() => gone.forEach((handler) => handler()));
        return {
          id: `fake-${starts}`,
          ready: Promise.resolve(false),
          alive: false,
          inFlight: 0,
          run: () => Promise.reject(new Error('unused')),
          recycle: async () => {},
          onGone: (handler: () => void) => gone.push(handler),
        };
      },
    });
    assert.equal(starts, 1);
    await new Promise((resolve) => setImmediate(resolve));
    kills[0]();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(starts, 1, 'the dead spare was replaced without any delay');
    await eventually(() => starts === 2, 'a delayed retry');
    await pool.close();
  });
});
