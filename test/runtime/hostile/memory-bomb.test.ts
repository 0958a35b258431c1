// Exceeding the heap limit ends the call as `out-of-memory` and recycles that container only
// (SPEC.md §2 "memory"): another tenant's warm container keeps its `global`, and the bomber's
// next call gets a fresh container. (Memory outside the JS heap, such as huge Buffers, is not
// covered by the heap limit: see docs/runtime.md.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertServesOthers, backends, expectKind, expectResult, readMark, runScript, setMark, startRunner } from '../../helpers/runtime.ts';
import type { TestRunner } from '../../helpers/runtime.ts';
import { assertHostSurvived, spawnIsolatedHost } from './support/spawn-host.ts';

const bombs: Record<string, string> = {
  'an array of objects': 'function login(e, p, callback) { var hoard = []; while (true) hoard.push({ a: Math.random(), b: [1, 2, 3], c: "x" + hoard.length }); }',
  'a growing Map': 'function login(e, p, callback) { var m = new Map(); for (var i = 0; ; i++) m.set("key-" + i, { i: i }); }',
  'strings kept in global': 'function login(e, p, callback) { global.s = []; for (var i = 0; ; i++) global.s.push(new Array(100).join(String(i))); }',
};

// Few, ever larger allocations: V8 may fail one of them outright instead of calling the
// near-heap-limit hook that stops a worker, and a failed allocation aborts the whole process
// (the worker backend's worker host, the process backend's child). Run in a throw-away host, so
// that a regression that aborts the host itself cannot end the test runner.
// Ever longer strings may hit V8's string length limit (a RangeError) before the heap limit.
const hugeAllocations: Record<string, { source: string; kinds: Array<'out-of-memory' | 'user-error'> }> = {
  'doubling arrays': {
    source: 'function login(e, p, callback) { var h = []; for (var n = 1; ; n *= 2) h.push(new Array(n).fill(0)); }', kinds: ['out-of-memory'],
  },
  'one array replaced by a twice larger one': {
    source: 'function login(e, p, callback) { var a = []; for (var n = 1; ; n *= 2) a = new Array(n).fill(0); }', kinds: ['out-of-memory'],
  },
  'doubling strings kept': {
    source: 'function login(e, p, callback) { var parts = []; for (var n = 1; ; n *= 2) parts.push(new Array(n).join("x")); }', kinds: ['out-of-memory', 'user-error'],
  },
};

for (const backend of backends()) {
  describe(`memory bomb [${backend}]`, () => {
    for (const [name, { source, kinds }] of Object.entries(hugeAllocations)) {
      it(`${name}: the host survives and serves the next tenant`, async () => {
        const report = assertHostSurvived(await spawnIsolatedHost(backend, source, ['a', 'b'], { timeoutMs: 15_000 }));
        expectKind(report.hostile, ...kinds);
      });
    }

    let runner: TestRunner;
    // A generous time limit: filling the heap must end as out-of-memory, not timeout.
    before(() => { runner = startRunner(backend, { timeoutMs: 15_000 }); });
    after(() => runner.dispose());

    for (const [name, source] of Object.entries(bombs)) {
      it(`${name}: out-of-memory, only that container recycled`, async () => {
        const tenant = `bomber-${name.replace(/\W+/g, '-')}`;
        const bystander = await setMark(runner, `bystander-of-${tenant}`);
        const bomber = await setMark(runner, tenant);
        const outcome = expectKind(await runScript(runner, source, { tenant, codeId: 'bomb', args: ['a', 'b'] }), 'out-of-memory');
        assert.equal(outcome.container.id, bomber.containerId);
        assert.equal(outcome.container.recycled, true);
        const fresh = await readMark(runner, tenant);
        assert.equal(fresh.mark, null, 'the bomber got its old global back');
        assert.notEqual(fresh.containerId, bomber.containerId);
        const untouched = await readMark(runner, `bystander-of-${tenant}`);
        assert.deepEqual(untouched, bystander, 'another tenant\'s container was recycled too');
        await assertServesOthers(runner);
      });
    }

    it('a bomb in a timer after the callback: the next calls get a fresh container', async () => {
      const first = await runScript(runner,
        'function login(e, p, callback) { callback(null, "armed"); setTimeout(function () { var h = []; while (true) h.push({ x: h.length }); }, 20); }',
        { tenant: 'delayed-bomber', codeId: 'arm' });
      assert.equal(expectResult(first), 'armed');
      // Still waiting when the bomb goes off: it fails with the container, unless the pool had
      // already replaced it.
      const waiting = await runScript(runner, 'function login(e, p, callback) { setTimeout(function () { callback(null, "alive"); }, 500); }',
        { tenant: 'delayed-bomber', codeId: 'wait' });
      if (waiting.container.id === first.container.id) expectKind(waiting, 'out-of-memory', 'crash');
      else assert.equal(expectResult(waiting), 'alive');
      const next = await runScript(runner, 'function login(e, p, callback) { callback(null, "alive"); }', { tenant: 'delayed-bomber', codeId: 'next' });
      assert.equal(expectResult(next), 'alive');
      assert.notEqual(next.container.id, first.container.id);
      await assertServesOthers(runner);
    });
  });
}
