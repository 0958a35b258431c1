// Action Modules (actions.md §9): published in numbered versions, pinned by Actions, required as
// actions:<name>, with their own secrets as actions.secrets; a new version changes no Action
// until it is re-pinned.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createAction, createModule, deployAction, executeTrigger, listModuleVersions, publishModule, setBindings, updateAction, updateModule,
} from '../../../src/extensibility/actions/index.ts';
import { dialects, fixture, postLoginEvent, startRunner, uniqueName, type Fixture } from './support.ts';

const rt = startRunner(5000);
after(() => rt.dispose());

for (const dialect of await dialects()) {
  describe(`Action Modules on ${dialect.name}`, { skip: dialect.skip }, () => {
    let f: Fixture;
    before(async () => { f = await fixture(dialect, rt.runner); });
    after(() => f?.close());
    const claims = async () => (await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-login', event: postLoginEvent() })).effects.idTokenClaims;

    test('publish v1, pin it, publish v2: the Action sees v1 until re-pinned', async () => {
      const name = uniqueName('helpers');
      const module = await createModule(f.deps, f.tenantId, {
        name, secrets: [{ name: 'GREETING', value: 'hello' }],
        code: `let loads = 0; loads += 1; module.exports = { version: 1, greet: (who) => actions.secrets.GREETING + ' ' + who, loads: () => loads };`,
      });
      const v1 = await publishModule(f.deps, f.tenantId, module.id);
      await updateModule(f.deps, f.tenantId, module.id, { code: `module.exports = { version: 2, greet: (who) => 'v2 ' + actions.secrets.GREETING + ' ' + who, loads: () => 0 };`, secrets: [{ name: 'GREETING', value: 'hi' }] });
      const v2 = await publishModule(f.deps, f.tenantId, module.id);
      assert.deepEqual([v1.number, v2.number], [1, 2]);
      assert.deepEqual((await listModuleVersions(f.deps, f.tenantId, module.id)).map((v) => v.number), [2, 1]);

      const action = await createAction(f.deps, f.tenantId, {
        name: uniqueName(), supported_triggers: [{ id: 'post-login' }],
        modules: [{ module_name: name, module_version_number: 1 }],
        code: `const helpers = require('actions:${name}');
exports.onExecutePostLogin = async (event, api) => {
  api.idToken.setCustomClaim('version', helpers.version).idToken.setCustomClaim('greeting', helpers.greet(event.user.email));
  api.idToken.setCustomClaim('loads', helpers.loads());
  let refused = null; try { require('actions:unpinned'); } catch (e) { refused = e.message; }
  api.idToken.setCustomClaim('refused', refused);
};`,
        deploy: true,
      });
      await setBindings(f.deps, f.tenantId, 'post-login', [{ ref: { type: 'action_id', value: action.id } }]);
      const first = await claims();
      assert.equal(first.version, 1);
      assert.equal(first.greeting, 'hello jane@example.com');
      assert.match(String(first.refused), /does not pin a version of it/);
      assert.equal((await claims()).loads, 1, 'the module is evaluated once per container');

      await updateAction(f.deps, f.tenantId, action.id, { modules: [{ module_id: module.id, module_version_id: v2.id }] });
      assert.equal((await claims()).version, 1, 'still v1: the draft changed, not the deployed version');
      await deployAction(f.deps, f.tenantId, action.id);
      const after2 = await claims();
      assert.equal(after2.version, 2);
      assert.equal(after2.greeting, 'v2 hi jane@example.com');
    });

    test('unknown modules and versions are refused when saving', async () => {
      await assert.rejects(createAction(f.deps, f.tenantId, { name: uniqueName(), supported_triggers: [{ id: 'post-login' }], code: '', modules: [{ module_name: 'nope', module_version_number: 1 }] }), /Unknown Action Module/);
      const module = await createModule(f.deps, f.tenantId, { name: uniqueName('m'), code: 'module.exports = 1;' });
      await assert.rejects(createAction(f.deps, f.tenantId, { name: uniqueName(), supported_triggers: [{ id: 'post-login' }], code: '', modules: [{ module_id: module.id, module_version_number: 1 }] }), /has no published version/);
    });
  });
}
