// SPEC.md §2 "time limit" and "recycle": past the limit the call times out and the container is
// recycled (pending work terminated, other calls in it failed, a fresh global for the next call),
// including a synchronous infinite loop and a callback that never comes.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { backends, expectKind, expectResult, script, startRunner, unique } from '../support.ts';

const remember = `function login(callback) { global.mark = global.mark || Math.random(); callback(null, global.mark); }`;

for (const backend of backends) {
  describe(`time limit [${backend}]`, () => {
    const runner = startRunner(backend, { timeoutMs: 600 });
    after(() => runner.dispose());

    it('stops a synchronous infinite loop with a timeout and recycles the container', async () => {
      const tenant = unique();
      const before = expectResult(await runner.run(script(remember, { tenant })));
      const outcome = expectKind(await runner.run(script('function login(callback) { while (true) {} }', { tenant, codeId: 'loop' })), 'timeout');
      assert.equal(outcome.container.recycled, true);
      assert.match(outcome.message, /600 ms/);
      const afterwards = await runner.run(script(remember, { tenant }));
      assert.notEqual(expectResult(afterwards), before, 'the next call must get a fresh global');
      assert.equal(afterwards.container.cold, true);
      assert.notEqual(afterwards.container.id, outcome.container.id);
    });

    it('ends a script that returned without calling back as callback-missing, and recycles', async () => {
      const outcome = expectKind(await runner.run(script('function login(callback) { return 42; }', { tenant: unique() })), 'callback-missing');
      assert.equal(outcome.container.recycled, true);
    });

    it('ends an async script whose promise settled without calling back as callback-missing', async () => {
      const outcome = await runner.run(script('async function login(callback) { await null; }', { tenant: unique() }));
      expectKind(outcome, 'callback-missing');
    });

    it('ends a script still waiting on its own promise as a timeout', async () => {
      const outcome = await runner.run(script('async function login(callback) { await new Promise(function () {}); }', { tenant: unique() }));
      expectKind(outcome, 'timeout');
    });

    it('honours a per-call limit shorter than the runner default', async () => {
      const outcome = expectKind(await runner.run(script('function login(cb) { while (true) {} }', { tenant: unique(), timeoutMs: 200 })), 'timeout');
      assert.match(outcome.message, /200 ms/);
    });

    it('fails the other calls in flight in a recycled container', async () => {
      const tenant = unique();
      const slow = `function login(callback) { setTimeout(function () { callback(null, 'late'); }, 5000); }`;
      const waiting = runner.run(script(slow, { tenant, codeId: 'slow', timeoutMs: 10_000 }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const looping = runner.run(script('function login(cb) { while (true) {} }', { tenant, codeId: 'loop' }));
      const [other, loop] = await Promise.all([waiting, looping]);
      expectKind(loop, 'timeout');
      const failed = expectKind(other, 'crash');
      assert.match(failed.message, /container recycled/);
      assert.equal(failed.container.recycled, true);
    });

    it('never lets a timer of a timed-out call fire into a later call', async () => {
      const tenant = unique();
      const leaky = `function login(callback) {
        setTimeout(function () { global.leak = 'from the timed-out call'; }, 900);
      }`;
      expectKind(await runner.run(script(leaky, { tenant, codeId: 'leaky' })), 'callback-missing');
      const probe = `function login(callback) { setTimeout(function () { callback(null, global.leak || 'clean'); }, 600); }`;
      assert.equal(expectResult(await runner.run(script(probe, { tenant, codeId: 'probe', timeoutMs: 5000 }))), 'clean');
    });

    it('keeps serving other tenants while one loops', async () => {
      const looping = runner.run(script('function login(cb) { while (true) {} }', { tenant: unique() }));
      const other = await runner.run(script(remember, { tenant: unique() }));
      expectResult(other);
      expectKind(await looping, 'timeout');
    });
  });
}
