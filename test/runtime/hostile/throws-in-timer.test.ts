// An exception thrown after the callback must not crash the container for other calls nor change
// the settled result (SPEC.md §2 "async"). One thrown before any callback must not take down
// anything beyond its own call.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertServesOthers, backends, expectKind, expectResult, runScript, setMark, startRunner } from '../../helpers/runtime.ts';
import type { TestRunner } from '../../helpers/runtime.ts';

for (const backend of backends()) {
  describe(`throws in a timer [${backend}]`, () => {
    let runner: TestRunner;
    before(() => { runner = startRunner(backend); });
    after(() => runner.dispose());

    for (const timer of ['setTimeout', 'setImmediate', 'queueMicrotask']) {
      it(`after the callback (${timer}): result unchanged, container still serves`, async () => {
        const tenant = `late-thrower-${timer}`;
        const marked = await setMark(runner, tenant);
        const outcome = await runScript(runner,
          `function login(e, p, callback) { callback(null, { user_id: e }); ${timer}(function () { throw new Error("too late"); }); }`,
          { tenant, codeId: 'late', args: ['a@example.com', 'pw'] });
        assert.deepEqual(expectResult(outcome), { user_id: 'a@example.com' });
        // This call is still waiting when the throwing timer fires, so a crash would fail it.
        const still = await runScript(runner, 'function login(e, p, callback) { setTimeout(function () { callback(null, global.mark); }, 100); }',
          { tenant, codeId: 'wait', args: ['a', 'b'] });
        assert.equal(expectResult(still), marked.mark, 'the container lost its global');
        assert.equal(still.container.id, marked.containerId, 'the container was replaced');
        await assertServesOthers(runner);
      });
    }

    it('a throw in a timer between two calls leaves the next call intact', async () => {
      const tenant = 'timer-bomb';
      const marked = await setMark(runner, tenant);
      expectResult(await runScript(runner, 'function login(e, p, callback) { setTimeout(function () { throw new Error("later"); }, 100); callback(null, 1); }',
        { tenant, codeId: 'arm', args: ['a', 'b'] }));
      const next = await runScript(runner, 'function login(e, p, callback) { setTimeout(function () { callback(null, global.mark); }, 300); }',
        { tenant, codeId: 'wait', args: ['a', 'b'] });
      assert.equal(expectResult(next), marked.mark);
      assert.equal(next.container.id, marked.containerId);
    });

    it('before the callback: only that call fails, the runner keeps serving', async () => {
      const outcome = await runScript(runner, 'function login(e, p, callback) { setTimeout(function () { throw new RangeError("early"); }, 0); }',
        { tenant: 'early-thrower', args: ['a', 'b'] });
      expectKind(outcome, 'user-error', 'crash', 'timeout', 'callback-missing');
      const next = await runScript(runner, 'function login(e, p, callback) { callback(null, "recovered"); }', { tenant: 'early-thrower', codeId: 'next', args: ['a', 'b'] });
      assert.equal(expectResult(next), 'recovered');
      await assertServesOthers(runner);
    });
  });
}
