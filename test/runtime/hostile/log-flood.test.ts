// 10,000 console lines: captured logs are cut at the per-execution limit (256 characters) with a
// marker (SPEC.md §2 "logs"), the call still succeeds, and neither the container nor the host
// keeps the flood in memory.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { truncationMarker } from '../../../src/runtime/limits.ts';
import { assertServesOthers, backends, expectKind, expectResult, runScript, startRunner } from '../../helpers/runtime.ts';
import type { Outcome, TestRunner } from '../../helpers/runtime.ts';

const limit = 256;

function assertCapped(outcome: Outcome, firstLine = 'line 0 '): void {
  assert.equal(outcome.logsTruncated, true);
  const text = outcome.logs.map((l) => l.message).join('');
  assert.ok(text.length <= limit + truncationMarker.length, `captured ${text.length} characters`);
  assert.ok(text.endsWith(truncationMarker), `no marker at the end: ${JSON.stringify(text.slice(-40))}`);
  assert.ok(text.startsWith(firstLine), `the first lines are the ones kept: ${JSON.stringify(text.slice(0, 40))}`);
}

for (const backend of backends()) {
  describe(`log flood [${backend}]`, () => {
    let runner: TestRunner;
    before(() => { runner = startRunner(backend, { timeoutMs: 10_000 }); });
    after(() => runner.dispose());

    it('10,000 lines: capped with the marker, result intact', async () => {
      const outcome = await runScript(runner,
        'function login(e, p, callback) { for (var i = 0; i < 10000; i++) console.log("line " + i + " of the flood"); callback(null, { user_id: e }); }',
        { tenant: 'flooder', args: ['a@example.com', 'pw'] });
      assert.deepEqual(expectResult(outcome), { user_id: 'a@example.com' });
      assertCapped(outcome);
      await assertServesOthers(runner);
    });

    it('10,000 lines of 10 kB each (100 MB) within a small heap: still a result', async () => {
      const outcome = await runScript(runner,
        'function login(e, p, callback) { var big = new Array(10001).join("x"); for (var i = 0; i < 10000; i++) { console.log("line " + i + " " + big); console.error(big); } callback(null, "survived"); }',
        { tenant: 'big-flooder', args: ['a', 'b'] });
      assert.equal(expectResult(outcome), 'survived');
      assertCapped(outcome);
      await assertServesOthers(runner);
    });

    it('every console method and format argument counts toward the cap', async () => {
      const outcome = await runScript(runner,
        'function login(e, p, callback) { for (var i = 0; i < 2000; i++) { console.log("line %d %s", i, "fmt"); console.info({ i: i }); console.warn([i]); console.debug(i); console.error(new Error("e" + i)); } callback(null, 1); }',
        { tenant: 'mixed-flooder', args: ['a', 'b'] });
      assert.equal(expectResult(outcome), 1);
      assert.equal(outcome.logsTruncated, true);
      const text = outcome.logs.map((l) => l.message).join('');
      assert.ok(text.length <= limit + truncationMarker.length, `captured ${text.length} characters`);
    });

    it('a flood that never ends: timeout, logs still capped', async () => {
      const outcome = await runScript(runner, 'function login(e, p, callback) { for (var i = 0; ; i++) console.log("line " + i + " forever"); }',
        { tenant: 'endless-flooder', args: ['a', 'b'], timeoutMs: 1000 });
      expectKind(outcome, 'timeout');
      const text = outcome.logs.map((l) => l.message).join('');
      assert.ok(text.length <= limit + truncationMarker.length, `captured ${text.length} characters`);
      await assertServesOthers(runner);
    });

    it('the host keeps no copy of the flood', async () => {
      const heapBefore = process.memoryUsage().heapUsed;
      const outcomes = [];
      for (let i = 0; i < 5; i++) {
        outcomes.push(await runScript(runner,
          'function login(e, p, callback) { var big = new Array(1001).join("y"); for (var i = 0; i < 10000; i++) console.log(i + big); callback(null, "ok"); }',
          { tenant: `heap-flooder-${i}`, args: ['a', 'b'] }));
      }
      for (const outcome of outcomes) assertCapped(outcome, '0yyy');
      // Five floods of 10 MB each, all retained by the outcomes: a host that kept the lines
      // would hold 50 MB here; capped outcomes hold well under one.
      const grown = process.memoryUsage().heapUsed - heapBefore;
      assert.ok(grown < 40 * 1024 * 1024, `host heap grew by ${Math.round(grown / 1048576)} MB`);
    });
  });
}
