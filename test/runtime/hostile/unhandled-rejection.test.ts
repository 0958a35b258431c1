// An unhandled rejection must not crash the container for other calls nor change the settled
// result, and is logged on the execution (SPEC.md §2 "async").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertServesOthers, backends, expectKind, expectResult, readMark, runScript, setMark, startRunner } from '../../helpers/runtime.ts';
import type { TestRunner } from '../../helpers/runtime.ts';

for (const backend of backends()) {
  describe(`unhandled rejection [${backend}]`, () => {
    let runner: TestRunner;
    before(() => { runner = startRunner(backend); });
    after(() => runner.dispose());

    it('before the callback: logged on the execution, result kept', async () => {
      const outcome = await runScript(runner,
        'function login(e, p, callback) { Promise.reject(new Error("nobody listens")); setTimeout(function () { callback(null, { user_id: e }); }, 50); }',
        { tenant: 'rejecter', args: ['a@example.com', 'pw'] });
      assert.deepEqual(expectResult(outcome), { user_id: 'a@example.com' });
      assert.ok(outcome.logs.some((l) => l.message.includes('nobody listens')), `rejection not logged: ${JSON.stringify(outcome.logs)}`);
      await assertServesOthers(runner);
    });

    it('after the callback: result unchanged, container still serves', async () => {
      const marked = await setMark(runner, 'late-rejecter');
      const outcome = await runScript(runner,
        'function login(e, p, callback) { callback(null, "kept"); Promise.reject(new Error("late")); new Promise(function (_, reject) { setTimeout(function () { reject(new Error("later")); }, 20); }); }',
        { tenant: 'late-rejecter', codeId: 'late', args: ['a', 'b'] });
      assert.equal(expectResult(outcome), 'kept');
      const next = await runScript(runner, 'function login(e, p, callback) { setTimeout(function () { callback(null, global.mark); }, 100); }',
        { tenant: 'late-rejecter', codeId: 'wait', args: ['a', 'b'] });
      assert.equal(expectResult(next), marked.mark, 'the container lost its global');
      assert.equal(next.container.id, marked.containerId);
      await assertServesOthers(runner);
    });

    it('rejecting with a non-error value does not confuse the host', async () => {
      const outcome = await runScript(runner,
        'function login(e, p, callback) { Promise.reject(undefined); Promise.reject({ get message() { throw new Error("trap"); } }); Promise.reject(Symbol("s")); callback(null, "kept"); }',
        { tenant: 'odd-rejecter', args: ['a', 'b'] });
      assert.equal(expectResult(outcome), 'kept');
      await assertServesOthers(runner);
    });

    it('an async script that throws before calling back fails only its own call', async () => {
      const marked = await setMark(runner, 'async-thrower');
      const outcome = await runScript(runner, 'async function login(e, p, callback) { await null; throw new Error("async boom"); }',
        { tenant: 'async-thrower', codeId: 'boom', args: ['a', 'b'] });
      expectKind(outcome, 'user-error', 'timeout', 'callback-missing');
      if (outcome.kind === 'user-error') {
        assert.equal(outcome.error.message, 'async boom');
        assert.equal((await readMark(runner, 'async-thrower')).mark, marked.mark);
      }
      await assertServesOthers(runner);
    });
  });
}
