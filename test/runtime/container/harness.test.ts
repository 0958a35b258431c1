// RunRequest.harness: host-written JavaScript that wraps an Action call inside the container,
// evaluated once per container, building its objects in the user's realm.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { action, backends, expectKind, expectResult, startRunner, unique } from '../support.ts';

const harnessSource = String.raw`(function factory(tools) {
  let starts = 0;
  starts += 1;
  const modules = new Map();
  return function run(call) {
    const require = (id) => {
      if (typeof id === 'string' && id.startsWith('shared:')) {
        const name = id.slice(7);
        if (!modules.has(name)) {
          const fn = tools.compile('shared-' + name, 'module.exports = { name: ' + JSON.stringify(name) + ', secret: extra.secret };', ['exports', 'require', 'module', 'extra']);
          const module = { exports: {} };
          fn(module.exports, require, module, { secret: call.args[1] });
          modules.set(name, module.exports);
        }
        return modules.get(name);
      }
      return tools.require(id);
    };
    const mod = call.load(require);
    if (mod.error !== undefined) throw mod.error;
    const handler = mod.exports[call.entryPoint];
    const recorded = [];
    const api = { record(x) { recorded.push(x); return api; } };
    return Promise.resolve(handler(call.args[0], api)).then(() => ({ recorded, starts }));
  };
})`;

const harness = { id: 'test-harness-1', source: harnessSource };

for (const backend of backends) {
  describe(`action harness [${backend}]`, () => {
    const runner = startRunner(backend);
    after(() => runner.dispose());

    it('calls the handler through the harness and returns its plain data', async () => {
      const source = `exports.onExecutePostLogin = async (event, api) => { api.record(event.n * 2).record(api.constructor.constructor('return typeof process')()); };`;
      const outcome = await runner.run(action(source, { tenant: unique(), args: [{ n: 21 }, 's'], harness }));
      assert.deepEqual(expectResult(outcome), { recorded: [42, 'undefined'], starts: 1 });
    });

    it('lets the harness resolve its own require ids and compile modules in the user realm', async () => {
      const tenant = unique();
      const source = `const shared = require('shared:mod'); const crypto = require('crypto');
exports.onExecutePostLogin = async (event, api) => { api.record(shared.name + ':' + shared.secret).record(typeof crypto.createHmac); };`;
      const first = await runner.run(action(source, { tenant, args: [{}, 'one'], harness }));
      assert.deepEqual(expectResult(first), { recorded: ['mod:one', 'function'], starts: 1 });
      // The module was evaluated once per container: the second call sees the first secret.
      const second = await runner.run(action(source, { tenant, args: [{}, 'two'], harness }));
      assert.deepEqual(expectResult(second), { recorded: ['mod:one', 'function'], starts: 1 });
    });

    it('turns a throw of the handler (through the harness) into a user error', async () => {
      const source = `exports.onExecutePostLogin = async () => { throw new RangeError('nope'); };`;
      const outcome = await runner.run(action(source, { tenant: unique(), args: [{}, 's'], harness }));
      assert.deepEqual(expectKind(outcome, 'user-error').error, { name: 'RangeError', message: 'nope' });
    });

    it('rejects the call when the harness cannot start', async () => {
      const outcome = await runner.run(action(`exports.onExecutePostLogin = async () => 1;`, {
        tenant: unique(), harness: { id: 'broken', source: '(function () { return 42; })' },
      }));
      assert.match(expectKind(outcome, 'rejected').message, /did not return a function/);
    });
  });
}
