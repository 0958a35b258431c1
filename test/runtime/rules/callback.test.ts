// SPEC.md §2 "callback", "async" and "errors": the first callback decides, later ones are logged
// as warnings; callback() is callback(null); a returned promise is not the result; what happens
// after the callback changes nothing and does not hurt later calls; errors arrive typed.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { backends, expectKind, expectResult, script, startRunner, unique } from '../support.ts';

for (const backend of backends) {
  describe(`callback discipline [${backend}]`, () => {
    const runner = startRunner(backend);
    after(() => runner.dispose());

    it('lets the first callback win and logs the second as a warning', async () => {
      const outcome = await runner.run(script(`function login(cb) { cb(null, 'first'); cb(null, 'second'); }`, { tenant: unique() }));
      assert.equal(expectResult(outcome), 'first');
      assert.ok(outcome.logs.some((l) => l.level === 'warn' && /more than once/.test(l.message)), JSON.stringify(outcome.logs));
    });

    it('ignores an error passed to a second callback', async () => {
      const outcome = await runner.run(script(`function login(cb) { setTimeout(function () { cb(null, 1); cb(new Error('x')); }, 5); }`, { tenant: unique() }));
      assert.equal(expectResult(outcome), 1);
    });

    it('treats callback() as callback(null)', async () => {
      const empty = await runner.run(script(`function login(cb) { cb(); }`, { tenant: unique() }));
      const nulled = await runner.run(script(`function login(cb) { cb(null); }`, { tenant: unique() }));
      assert.equal(expectResult(empty), undefined);
      assert.equal(expectResult(nulled), undefined);
    });

    it('does not take a returned promise as the result', async () => {
      const outcome = await runner.run(script(`async function login(cb) { setTimeout(function () { cb(null, 'from callback'); }, 20); return 'from promise'; }`, { tenant: unique() }));
      assert.equal(expectResult(outcome), 'from callback');
    });

    it('takes a rejection of the returned promise before the callback as the error', async () => {
      const outcome = await runner.run(script(`async function login(cb) { await null; throw new Error('async failure'); }`, { tenant: unique() }));
      assert.equal(expectKind(outcome, 'user-error').error.message, 'async failure');
    });

    it('takes a synchronous throw before the callback as the error', async () => {
      const outcome = await runner.run(script(`function login(cb) { null.x; }`, { tenant: unique() }));
      assert.equal(expectKind(outcome, 'user-error').error.name, 'TypeError');
    });

    it('keeps the result when the script throws right after calling back, and logs it', async () => {
      const tenant = unique();
      const outcome = await runner.run(script(`function login(cb) { cb(null, 'kept'); throw new Error('after'); }`, { tenant }));
      assert.equal(expectResult(outcome), 'kept');
      assert.ok(outcome.logs.some((l) => l.level === 'warn' && /after/.test(l.message)), JSON.stringify(outcome.logs));
      assert.equal(outcome.container.recycled, false);
    });

    it('survives a throw in a timer and an unhandled rejection after the callback', async () => {
      const tenant = unique();
      const source = `function login(cb) {
        global.calls = (global.calls || 0) + 1;
        cb(null, global.calls);
        setTimeout(function () { throw new Error('timer'); }, 1);
        Promise.reject(new Error('nobody listens'));
      }`;
      const first = await runner.run(script(source, { tenant }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = await runner.run(script(source, { tenant }));
      assert.equal(expectResult(first), 1);
      assert.equal(expectResult(second), 2, 'the same container keeps serving');
      assert.equal(second.container.id, first.container.id);
    });

    it('logs an unhandled rejection on the execution that caused it', async () => {
      const source = `function login(cb) { Promise.reject(new Error('dangling')); setTimeout(function () { cb(null, 'ok'); }, 20); }`;
      const outcome = await runner.run(script(source, { tenant: unique() }));
      assert.equal(expectResult(outcome), 'ok');
      assert.ok(outcome.logs.some((l) => l.level === 'warn' && /dangling/.test(l.message)), JSON.stringify(outcome.logs));
    });

    it('serialises errors with their Auth0 fields, strings and non-Error objects', async () => {
      const run = async (body: string) => expectKind(await runner.run(script(`function login(cb) { ${body} }`, { tenant: unique() })), 'user-error').error;
      assert.deepEqual(await run(`cb(new ValidationError('user_exists', 'taken'));`), { name: 'ValidationError', message: 'taken', code: 'user_exists', description: 'taken', status_code: 400 });
      assert.deepEqual(await run(`cb(new UnauthorizedError('blocked'));`), { name: 'UnauthorizedError', message: 'blocked', code: 'unauthorized', description: 'blocked', status_code: 401 });
      assert.deepEqual(await run(`cb(new WrongUsernameOrPasswordError('a@b.c', 'nope'));`), { name: 'WrongUsernameOrPasswordError', message: 'nope', code: 'wrongusernameorpassword', user_id: 'a@b.c', status_code: 400 });
      assert.deepEqual(await run(`cb('plain string');`), { name: 'Error', message: 'plain string' });
      assert.deepEqual(await run(`cb({ code: 'custom', message: 'look-alike', description: 'd', stack: 'hidden' });`), { name: 'Error', message: 'look-alike', code: 'custom', description: 'd' });
      assert.deepEqual(await run(`var e = new Error('m'); e.name = 'UnauthorizedError'; cb(e);`), { name: 'UnauthorizedError', message: 'm' });
    });
  });
}
