// Unbounded promise and microtask chains never yield to the event loop, so only a time limit that
// can interrupt running JavaScript stops them (SPEC.md §2 "time limit"). The call ends as
// `timeout`, the container is recycled and the host keeps serving.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertServesOthers, backends, expectKind, readMark, runScript, setMark, startRunner } from '../../helpers/runtime.ts';
import type { TestRunner } from '../../helpers/runtime.ts';
import { assertHostSurvived, spawnIsolatedHost } from './support/spawn-host.ts';

// Each keeps the microtask queue busy forever with constant memory: only the clock can stop it.
const chains: Record<string, string> = {
  'a then() chain': 'function login(e, p, callback) { function again() { Promise.resolve().then(again); } again(); }',
  'queueMicrotask recursion': 'function login(e, p, callback) { function again() { queueMicrotask(again); } again(); }',
  'an async loop of awaits': 'async function login(e, p, callback) { for (;;) { await null; } }',
};

// These also grow without bound: the clock or the heap limit may stop them first. They run in a
// throw-away host: large allocations can abort a whole process (see memory-bomb.test.ts).
const forks: Record<string, string> = {
  'a then() chain of returned promises': 'function login(e, p, callback) { function again() { return Promise.resolve().then(again); } again(); }',
  'a doubling then() fan-out': 'function login(e, p, callback) { function fork() { Promise.resolve().then(fork); Promise.resolve().then(fork); } fork(); }',
  'Promise.all of ever larger arrays': 'async function login(e, p, callback) { for (var n = 1; ; n *= 2) { await Promise.all(new Array(n).fill(0).map(function () { return Promise.resolve(); })); } }',
};

for (const backend of backends()) {
  describe(`promise fork bomb [${backend}]`, () => {
    let runner: TestRunner;
    before(() => { runner = startRunner(backend); });
    after(() => runner.dispose());

    for (const [name, source] of Object.entries(chains)) {
      it(`${name}: timeout and recycle`, async () => {
        const tenant = `chain-${name.replace(/\W+/g, '-')}`;
        const marked = await setMark(runner, tenant);
        const outcome = expectKind(await runScript(runner, source, { tenant, codeId: 'bomb', args: ['a', 'b'] }), 'timeout');
        assert.equal(outcome.container.recycled, true);
        const fresh = await readMark(runner, tenant);
        assert.equal(fresh.mark, null);
        assert.notEqual(fresh.containerId, marked.containerId);
        await assertServesOthers(runner);
      });
    }

    for (const [name, source] of Object.entries(forks)) {
      it(`${name}: stopped, host fine`, async () => {
        const report = assertHostSurvived(await spawnIsolatedHost(backend, source, ['a', 'b'], { timeoutMs: 1000 }));
        expectKind(report.hostile, 'timeout', 'out-of-memory');
        assert.equal(report.hostile.container.recycled, true);
      });
    }
  });
}
