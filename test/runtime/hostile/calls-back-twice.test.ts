// The first callback decides the result; later ones are ignored and logged as a warning on that
// execution (SPEC.md §2 "callback"). A late second callback must not settle a later call.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertServesOthers, backends, expectKind, expectResult, readMark, runScript, setMark, startRunner } from '../../helpers/runtime.ts';
import type { TestRunner } from '../../helpers/runtime.ts';

for (const backend of backends()) {
  describe(`calls back twice [${backend}]`, () => {
    let runner: TestRunner;
    before(() => { runner = startRunner(backend); });
    after(() => runner.dispose());

    it('keeps the first result and warns about the second', async () => {
      const outcome = await runScript(runner, 'function login(e, p, callback) { callback(null, { user_id: "first" }); callback(null, { user_id: "second" }); }',
        { tenant: 'twice', codeId: 'result-then-result' });
      assert.deepEqual(expectResult(outcome), { user_id: 'first' });
      assert.ok(outcome.logs.some((l) => l.level === 'warn'), `no warning logged: ${JSON.stringify(outcome.logs)}`);
      await assertServesOthers(runner);
    });

    it('keeps a first error over a later result', async () => {
      const outcome = await runScript(runner, 'function login(e, p, callback) { callback(new Error("first")); callback(null, { user_id: "second" }); }',
        { tenant: 'twice', codeId: 'error-then-result' });
      assert.equal(expectKind(outcome, 'user-error').error.message, 'first');
      assert.ok(outcome.logs.some((l) => l.level === 'warn'), `no warning logged: ${JSON.stringify(outcome.logs)}`);
    });

    it('a late second callback neither changes the result nor settles the next call', async () => {
      const marked = await setMark(runner, 'late');
      const first = await runScript(runner,
        'function login(e, p, callback) { callback(null, "first"); setTimeout(function () { callback(null, "stale"); }, 30); }',
        { tenant: 'late', codeId: 'double' });
      assert.equal(expectResult(first), 'first');
      const second = await runScript(runner, 'function login(e, p, callback) { setTimeout(function () { callback(null, "fresh"); }, 150); }',
        { tenant: 'late', codeId: 'slow' });
      assert.equal(expectResult(second), 'fresh');
      assert.equal(second.container.id, marked.containerId, 'both calls ran in the marked container');
      const still = await readMark(runner, 'late');
      assert.equal(still.mark, marked.mark, 'a second callback is not a reason to recycle');
      await assertServesOthers(runner);
    });

    it('a hundred callbacks in a loop settle once', async () => {
      const outcome = await runScript(runner, 'function login(e, p, callback) { for (var i = 0; i < 100; i++) callback(null, i); }', { tenant: 'many' });
      assert.equal(expectResult(outcome), 0);
      await assertServesOthers(runner);
    });
  });
}
