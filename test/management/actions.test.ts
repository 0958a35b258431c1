import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backends, startManagementServer, type ManagementServer } from './support.ts';

const code = (claim: string) => `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('https://t/c', ${JSON.stringify(claim)}); };`;

for (const backend of await backends()) {
  describe(`Management API actions on ${backend.name}`, { skip: backend.skip }, () => {
    let m: ManagementServer;
    before(async () => { m = await startManagementServer(backend.name); });
    after(async () => { await m?.close(); });

    const create = (body: Record<string, unknown>) => m.api('POST', '/actions/actions', { body: { supported_triggers: [{ id: 'post-login', version: 'v3' }], runtime: 'node22', ...body } });

    test('bad input: a trigger the Action does not support, an undeployed Action, unknown fields, code over 100 kB; bindings unchanged', async () => {
      const login = (await create({ name: 'login-one', code: code('a') })).json();
      assert.equal((await m.api('POST', `/actions/actions/${login.id}/deploy`)).status, 202);
      const ok = await m.api('PATCH', '/actions/triggers/post-login/bindings', { body: { bindings: [{ ref: { type: 'action_name', value: 'login-one' } }] } });
      assert.equal(ok.status, 200, ok.text);

      const wrongTrigger = await m.api('PATCH', '/actions/triggers/credentials-exchange/bindings', { body: { bindings: [{ ref: { type: 'action_id', value: login.id } }] } });
      assert.equal(wrongTrigger.status, 400);
      assert.equal(wrongTrigger.json().errorCode, 'invalid_body');
      assert.match(wrongTrigger.json().message, /supports post-login, not credentials-exchange/);

      const draft = (await create({ name: 'never-deployed', code: code('b') })).json();
      const undeployed = await m.api('PATCH', '/actions/triggers/post-login/bindings', { body: { bindings: [{ ref: { type: 'action_name', value: 'login-one' } }, { ref: { type: 'action_id', value: draft.id } }] } });
      assert.equal(undeployed.status, 400);
      assert.match(undeployed.json().message, /no deployed version/);
      const bindings = (await m.api('GET', '/actions/triggers/post-login/bindings')).json();
      assert.deepEqual(bindings.bindings.map((b: { display_name: string }) => b.display_name), ['login-one'], 'the failed PATCH changed nothing');

      const unknownTrigger = await create({ name: 'bad-trigger', code: code('c'), supported_triggers: [{ id: 'post-nothing', version: 'v1' }] });
      assert.equal(unknownTrigger.status, 400);
      const unknownField = await create({ name: 'bad-field', code: code('c'), colour: 'red' });
      assert.equal(unknownField.status, 400);
      assert.match(unknownField.json().message, /Additional properties not allowed: colour/);
      const big = await create({ name: 'too-big', code: `${code('x')}\n//${'x'.repeat(102_400)}` });
      assert.equal(big.status, 400);
      const names = (await m.api('GET', '/actions/actions')).json().actions.map((a: { name: string }) => a.name).sort();
      assert.deepEqual(names, ['login-one', 'never-deployed']);
    });

    test('delete: refused while bound unless force=true, which also unbinds', async () => {
      const a = (await create({ name: 'bound-one', code: code('d') })).json();
      await m.api('POST', `/actions/actions/${a.id}/deploy`);
      await m.api('PATCH', '/actions/triggers/post-login/bindings', { body: { bindings: [{ ref: { type: 'action_id', value: a.id } }] } });
      const refused = await m.api('DELETE', `/actions/actions/${a.id}`);
      assert.equal(refused.status, 409);
      assert.equal((await m.api('GET', `/actions/actions/${a.id}`)).status, 200);
      assert.equal((await m.api('DELETE', `/actions/actions/${a.id}?force=true`)).status, 204);
      assert.equal((await m.api('GET', `/actions/actions/${a.id}`)).status, 404);
      assert.deepEqual((await m.api('GET', '/actions/triggers/post-login/bindings')).json().bindings, []);
    });

    test('secrets are write-only; PATCH replaces the list; versions keep their own', async () => {
      const a = (await create({ name: 'secretive', code: code('e'), secrets: [{ name: 'A', value: 'alpha' }, { name: 'B', value: 'beta' }] })).json();
      assert.deepEqual(a.secrets.map((s: { name: string }) => s.name).sort(), ['A', 'B']);
      const v1 = (await m.api('POST', `/actions/actions/${a.id}/deploy`)).json();
      const patched = (await m.api('PATCH', `/actions/actions/${a.id}`, { body: { secrets: [{ name: 'A', value: 'alpha2' }] } })).json();
      assert.deepEqual(patched.secrets.map((s: { name: string }) => s.name), ['A']);
      const version = (await m.api('GET', `/actions/actions/${a.id}/versions/${v1.id}`)).json();
      assert.deepEqual(version.secrets.map((s: { name: string }) => s.name).sort(), ['A', 'B']);
      const tested = (await m.api('POST', `/actions/actions/${a.id}/test`, { body: { payload: { user: { user_id: 'auth0|t' } } } })).json();
      assert.ok(tested.payload.commands.some((c: { api: string }) => c.api === 'idToken.setCustomClaim'));
      assert.doesNotMatch(JSON.stringify([a, patched, version, tested]), /alpha|beta/);
    });
  });
}
