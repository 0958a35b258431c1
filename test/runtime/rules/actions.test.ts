// Actions (actions.md §1): a module evaluated once per container and version; the handler is
// awaited; its value is the result, a throw the user error. Host capabilities are reached by a
// message round trip.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { action, backends, expectKind, expectResult, startRunner, unique } from '../support.ts';

for (const backend of backends) {
  describe(`actions [${backend}]`, () => {
    const runner = startRunner(backend);
    after(() => runner.dispose());

    it('awaits the exported handler and returns its value', async () => {
      const source = `exports.onExecutePostLogin = async (event, api) => { await new Promise((r) => setTimeout(r, 10)); return { user: event.user.id, api: api }; };`;
      const outcome = await runner.run(action(source, { tenant: unique(), args: [{ user: { id: 'u1' } }, { x: 1 }] }));
      assert.deepEqual(expectResult(outcome), { user: 'u1', api: { x: 1 } });
    });

    it('supports module.exports and evaluates the module once per container', async () => {
      const tenant = unique();
      const source = `let loads = (global.loads || 0) + 1; global.loads = loads; console.log('loaded');
module.exports = { onExecutePostLogin: async () => loads };`;
      const first = await runner.run(action(source, { tenant }));
      const second = await runner.run(action(source, { tenant }));
      assert.equal(expectResult(first), 1);
      assert.equal(expectResult(second), 1);
      assert.deepEqual(first.logs.map((l) => l.message), ['loaded']);
      assert.deepEqual(second.logs, []);
    });

    it('turns a throw or a rejection into a user error', async () => {
      const thrown = await runner.run(action(`exports.onExecutePostLogin = async () => { throw new TypeError('bad event'); };`, { tenant: unique() }));
      assert.deepEqual(expectKind(thrown, 'user-error').error, { name: 'TypeError', message: 'bad event' });
    });

    it('rethrows a top-level error of the module on every execution', async () => {
      const tenant = unique();
      const source = `throw new Error('broken module'); exports.onExecutePostLogin = async () => 1;`;
      for (let i = 0; i < 2; i++) {
        assert.equal(expectKind(await runner.run(action(source, { tenant })), 'user-error').error.message, 'broken module');
      }
    });

    it('reports a missing handler', async () => {
      const outcome = await runner.run(action(`exports.other = async () => 1;`, { tenant: unique() }));
      assert.match(expectKind(outcome, 'user-error').error.message, /does not export a "onExecutePostLogin" function/);
    });

    it('calls host capabilities by name and gets their results back', async () => {
      const seen: unknown[] = [];
      const source = `exports.onExecutePostLogin = async (event) => {
        const doubled = await __host.call('cache.double', event.n);
        let refused;
        try { await __host.call('not.granted'); } catch (e) { refused = e instanceof Error && e.message; }
        let failed;
        try { await __host.call('cache.fail'); } catch (e) { failed = e.message; }
        return { doubled, refused, failed };
      };`;
      const outcome = await runner.run(action(source, {
        tenant: unique(),
        args: [{ n: 21 }],
        capabilities: {
          'cache.double': (n: unknown) => {
            seen.push(n);
            return { value: (n as number) * 2 };
          },
          'cache.fail': async () => {
            throw new Error('store unavailable');
          },
        },
      }));
      assert.deepEqual(expectResult(outcome), { doubled: { value: 42 }, refused: 'Unknown host capability "not.granted"', failed: 'store unavailable' });
      assert.deepEqual(seen, [21]);
    });
  });
}
