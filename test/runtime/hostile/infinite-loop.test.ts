// A synchronous infinite loop must be stopped by the time limit (SPEC.md §2 "time limit"): the call
// ends as `timeout`, its container is recycled (fresh `global` next time), every other call in
// flight in that container fails too, and other tenants never notice.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertServesOthers, backends, expectKind, expectResult, readMark, runScript, setMark, startRunner } from '../../helpers/runtime.ts';
import type { TestRunner } from '../../helpers/runtime.ts';

const loop = 'function login(email, password, callback) { while (true) {} }';

for (const backend of backends()) {
  describe(`infinite loop [${backend}]`, () => {
    let runner: TestRunner;
    before(() => { runner = startRunner(backend); });
    after(() => runner.dispose());

    it('ends in timeout and recycles the container', async () => {
      const before = await setMark(runner, 'looper');
      const outcome = expectKind(await runScript(runner, loop, { tenant: 'looper', codeId: 'loop', args: ['a', 'b'] }), 'timeout');
      assert.equal(outcome.container.id, before.containerId, 'the loop ran in the marked container');
      assert.equal(outcome.container.recycled, true);
      const afterwards = await readMark(runner, 'looper');
      assert.equal(afterwards.mark, null, 'the next call gets a fresh global');
      assert.notEqual(afterwards.containerId, before.containerId);
      await assertServesOthers(runner);
    });

    it('fails the other calls in flight in the same container', async () => {
      const waiting = runScript(runner, 'function login(e, p, callback) { setTimeout(function () { callback(null, "late"); }, 300); }',
        { tenant: 'crowded', codeId: 'slow', timeoutMs: 10_000 });
      const looping = runScript(runner, loop, { tenant: 'crowded', codeId: 'loop', timeoutMs: 500 });
      const [slow, looped] = await Promise.all([waiting, looping]);
      expectKind(looped, 'timeout');
      assert.equal(slow.container.id, looped.container.id, 'both calls shared one container');
      assert.notEqual(slow.kind, 'result', 'a call caught in a recycled container cannot complete');
      await assertServesOthers(runner);
    });

    it('stops a loop started in a timer after the callback, at the next call', async () => {
      const first = await runScript(runner, 'function login(e, p, callback) { callback(null, "done"); setTimeout(function () { while (true) {} }, 0); }',
        { tenant: 'sleeper', codeId: 'arm' });
      assert.equal(expectResult(first), 'done', 'the settled result is kept');
      await assertServesOthers(runner);
      // Either the pool noticed the busy container and gave the call a fresh one, or the call
      // reached the stuck container and timed out, recycling it.
      const next = await runScript(runner, 'function ping(e, p, callback) { callback(null, "answered"); }', { tenant: 'sleeper', codeId: 'ping' });
      if (next.kind === 'result') {
        assert.equal(next.value, 'answered');
        assert.notEqual(next.container.id, first.container.id, 'a looping container cannot answer');
      } else {
        expectKind(next, 'timeout');
      }
      const fresh = await readMark(runner, 'sleeper');
      assert.equal(fresh.mark, null);
      assert.notEqual(fresh.containerId, first.container.id);
    });

    it('stops a loop hidden in a getter of the result', async () => {
      const outcome = await runScript(runner, 'function login(e, p, callback) { callback(null, { get user_id() { while (true) {} } }); }',
        { tenant: 'getter' });
      expectKind(outcome, 'timeout');
      assert.equal(outcome.container.recycled, true);
      await assertServesOthers(runner);
    });
  });
}
