// Drafts, versions, deploy, rollback, secrets and bindings (actions.md §9).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  allChangesDeployed, createAction, deployAction, executeTrigger, getBindings, listActionSecrets, listVersions, rollbackAction,
  setActionSecrets, setBindings, updateAction,
} from '../../../src/extensibility/actions/index.ts';
import { isGatehouseError } from '../../../src/errors/index.ts';
import { dialects, fixture, postLoginEvent, startRunner, uniqueName, type Fixture } from './support.ts';

const rt = startRunner(5000);
after(() => rt.dispose());

const claimCode = (value: string) => `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('v', '${value}:' + event.secrets.S); };`;
const refused = (code: string) => (err: unknown) => isGatehouseError(err) && err.code === code;

for (const dialect of await dialects()) {
  describe(`Action versions and bindings on ${dialect.name}`, { skip: dialect.skip }, () => {
    let f: Fixture;
    const recycled: string[] = [];
    before(async () => {
      f = await fixture(dialect, rt.runner);
      const runner = f.deps.runner!;
      f = { ...f, deps: { ...f.deps, runner: { ...runner, recycle: async (tenant, key) => { recycled.push(`${tenant}/${key}`); await runner.recycle(tenant, key); } } } };
    });
    after(() => f?.close());
    const claim = async () => (await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-login', event: postLoginEvent() })).effects.idTokenClaims.v;

    test('saving validates code size and syntax, the one trigger, exact dependency versions and secrets', async () => {
      const base = { name: uniqueName(), supported_triggers: [{ id: 'post-login' }], code: claimCode('x') };
      await assert.rejects(createAction(f.deps, f.tenantId, { ...base, code: `// ${'x'.repeat(102_400)}` }), refused('ACTION_INVALID'));
      await assert.rejects(createAction(f.deps, f.tenantId, { ...base, code: 'exports.onExecutePostLogin = async (' }), /Syntax error at line 1/);
      await assert.rejects(createAction(f.deps, f.tenantId, { ...base, supported_triggers: [] }), /exactly one trigger/);
      await assert.rejects(createAction(f.deps, f.tenantId, { ...base, supported_triggers: [{ id: 'post-login' }, { id: 'credentials-exchange' }] }), /exactly one trigger/);
      await assert.rejects(createAction(f.deps, f.tenantId, { ...base, supported_triggers: [{ id: 'custom-email-provider' }] }), /Unsupported trigger/);
      await assert.rejects(createAction(f.deps, f.tenantId, { ...base, dependencies: [{ name: 'lodash', version: '^4.0.0' }] }), /exact version/);
      await assert.rejects(createAction(f.deps, f.tenantId, { ...base, secrets: [{ name: 'x'.repeat(129), value: 'v' }] }), /1 to 128 characters/);
      await assert.rejects(createAction(f.deps, f.tenantId, { ...base, secrets: [{ name: 'K', value: 'v'.repeat(4097) }] }), /at most 4096/);
      await assert.rejects(createAction(f.deps, f.tenantId, { ...base, runtime: 'node8' }), /Unknown runtime/);
      const ok = await createAction(f.deps, f.tenantId, { ...base, runtime: 'node18' });
      assert.equal(ok.runtime, 'node18-actions');
      assert.deepEqual(ok.supported_triggers, [{ id: 'post-login', version: 'v3' }]);
    });

    test('deploy numbers versions; edits change nothing until the next deploy; the old container is recycled', async () => {
      const action = await createAction(f.deps, f.tenantId, { name: uniqueName(), supported_triggers: [{ id: 'post-login' }], code: claimCode('one'), secrets: [{ name: 'S', value: 'a' }] });
      await assert.rejects(setBindings(f.deps, f.tenantId, 'post-login', [{ ref: { type: 'action_id', value: action.id } }]), refused('ACTION_NOT_DEPLOYED'));
      const v1 = await deployAction(f.deps, f.tenantId, action.id);
      assert.equal(v1.number, 1);
      await setBindings(f.deps, f.tenantId, 'post-login', [{ ref: { type: 'action_name', value: action.name }, display_name: 'Claims' }]);
      assert.deepEqual((await getBindings(f.deps, f.tenantId, 'post-login')).map((b) => [b.action_id, b.display_name]), [[action.id, 'Claims']]);
      assert.equal(await claim(), 'one:a');
      assert.equal(await allChangesDeployed(f.deps, f.tenantId, action.id), true);

      await updateAction(f.deps, f.tenantId, action.id, { code: claimCode('two') });
      await setActionSecrets(f.deps, f.tenantId, action.id, [{ name: 'S', value: 'b' }]);
      assert.equal(await allChangesDeployed(f.deps, f.tenantId, action.id), false);
      assert.equal(await claim(), 'one:a', 'the deployed version still runs');
      const v2 = await deployAction(f.deps, f.tenantId, action.id);
      assert.equal(v2.number, 2);
      assert.equal(await claim(), 'two:b');
      assert.ok(recycled.includes(`${f.tenantId}/${action.id}@1`), 'the previous version\'s container was recycled');
      assert.deepEqual((await listVersions(f.deps, f.tenantId, action.id)).map((v) => [v.number, v.deployed]), [[2, true], [1, false]]);
      assert.deepEqual((await listActionSecrets(f.deps, f.tenantId, action.id)).map((s) => Object.keys(s).sort()), [['name', 'updated_at']]);

      const v3 = await rollbackAction(f.deps, f.tenantId, action.id, v1.id);
      assert.equal(v3.number, 3);
      assert.equal(v3.code, v1.code);
      assert.equal(await claim(), 'one:a', 'rollback brings back the code and the secrets of v1');
      assert.deepEqual((await listVersions(f.deps, f.tenantId, action.id)).map((v) => v.deployed), [true, false, false]);
      await setBindings(f.deps, f.tenantId, 'post-login', []);
    });

    test('bindings: the whole list is replaced in order; wrong trigger, unknown, duplicate and too many are refused', async () => {
      const make = async (trigger: 'post-login' | 'credentials-exchange', code: string) => {
        const a = await createAction(f.deps, f.tenantId, { name: uniqueName(), supported_triggers: [{ id: trigger }], code, deploy: true });
        return a;
      };
      const first = await make('post-login', `exports.onExecutePostLogin = async (event, api) => { api.transaction.setMetadata('order', 'first'); };`);
      const second = await make('post-login', `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('order', (event.transaction.metadata.order || 'none') + ',second'); };`);
      const cc = await make('credentials-exchange', `exports.onExecuteCredentialsExchange = async () => {};`);
      await assert.rejects(setBindings(f.deps, f.tenantId, 'post-login', [{ ref: { type: 'action_id', value: cc.id } }]), refused('ACTION_TRIGGER_MISMATCH'));
      await assert.rejects(setBindings(f.deps, f.tenantId, 'post-login', [{ ref: { type: 'action_id', value: 'act_nope' } }]), refused('ACTION_BINDINGS_INVALID'));
      await assert.rejects(setBindings(f.deps, f.tenantId, 'post-login', [{ ref: { type: 'action_id', value: first.id } }, { ref: { type: 'action_id', value: first.id } }]), refused('ACTION_BINDINGS_INVALID'));
      await assert.rejects(setBindings(f.deps, f.tenantId, 'nope', []), refused('ACTION_BINDINGS_INVALID'));
      await assert.rejects(setBindings({ ...f.deps, limits: { bindingsPerTrigger: 1 } }, f.tenantId, 'post-login', [
        { ref: { type: 'action_id', value: first.id } }, { ref: { type: 'action_id', value: second.id } }]), /at most 1/);

      await setBindings(f.deps, f.tenantId, 'post-login', [{ ref: { type: 'action_id', value: second.id } }, { ref: { type: 'action_id', value: first.id } }]);
      assert.equal((await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-login', event: postLoginEvent() })).effects.idTokenClaims.order, 'none,second');
      const ids = (await getBindings(f.deps, f.tenantId, 'post-login')).map((b) => b.id);
      await setBindings(f.deps, f.tenantId, 'post-login', [{ ref: { type: 'binding_id', value: ids[1] } }, { ref: { type: 'binding_id', value: ids[0] } }]);
      assert.equal((await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-login', event: postLoginEvent() })).effects.idTokenClaims.order, 'first,second');
    });
  });
}
