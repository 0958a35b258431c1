// A script that never calls back ends with the timeout error and a recycle (SPEC.md §2
// "callback"; custom-db.md §6): a returned value or promise is not the result, and the pending
// timers of the recycled container never fire into a later call.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertServesOthers, backends, expectKind, expectResult, readMark, runScript, setMark, startRunner } from '../../helpers/runtime.ts';
import type { TestRunner } from '../../helpers/runtime.ts';

const silent: Record<string, string> = {
  'returns nothing': 'function login(email, password, callback) { }',
  'returns a value': 'function login(email, password, callback) { return { user_id: email }; }',
  'async, resolves a value': 'async function login(email, password, callback) { return { user_id: email }; }',
  'waits on a timer that never calls back': 'function login(email, password, callback) { setTimeout(function () {}, 60000); }',
};

for (const backend of backends()) {
  describe(`never calls back [${backend}]`, () => {
    let runner: TestRunner;
    before(() => { runner = startRunner(backend); });
    after(() => runner.dispose());

    for (const [name, source] of Object.entries(silent)) {
      it(`${name}: timeout, recycle, fresh global`, async () => {
        const tenant = `silent-${name.replace(/\W+/g, '-')}`;
        const marked = await setMark(runner, tenant);
        const outcome = expectKind(await runScript(runner, source, { tenant, codeId: 'silent', args: ['a@example.com', 'pw'] }), 'timeout', 'callback-missing');
        assert.equal(outcome.container.recycled, true);
        const afterwards = await readMark(runner, tenant);
        assert.equal(afterwards.mark, null);
        assert.notEqual(afterwards.containerId, marked.containerId);
        await assertServesOthers(runner);
      });
    }

    it('timers left by the silent call never fire into the next call', async () => {
      const ghost = 'function login(e, p, callback) { setTimeout(function () { console.log("ghost of the last call"); global.haunted = true; }, 1200); }';
      expectKind(await runScript(runner, ghost, { tenant: 'haunted', codeId: 'ghost', args: ['a', 'b'] }), 'timeout', 'callback-missing');
      const next = await runScript(runner, 'function login(e, p, callback) { setTimeout(function () { callback(null, global.haunted === true); }, 700); }',
        { tenant: 'haunted', codeId: 'next', args: ['a', 'b'] });
      assert.equal(expectResult(next), false, 'the old timer ran in the new container');
      assert.ok(!next.logs.some((l) => l.message.includes('ghost')), 'the old timer logged into the new call');
    });
  });
}
