import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createUserQueries } from '../../../src/storage/index.ts';
import { backends, startManagementServer, type ManagementServer } from '../support.ts';
import { legacyScripts, startLegacyStore, type LegacyStore } from '../legacy-store.ts';

// Users of a custom database connection in legacy mode, through the Management API: the
// scripts run where Auth0 runs them, and a refusing legacy store changes nothing here.
for (const backend of await backends()) {
  describe(`Management API users of a legacy custom database on ${backend.name}`, { skip: backend.skip }, () => {
    let m: ManagementServer;
    let store: LegacyStore;
    before(async () => {
      store = await startLegacyStore();
      m = await startManagementServer(backend.name);
      const res = await m.api('POST', '/connections', {
        body: { name: 'legacy', strategy: 'auth0', options: { enabledDatabaseCustomization: true, customScripts: legacyScripts, configuration: { STORE_URL: store.url } } },
      });
      assert.equal(res.status, 201, res.text);
    });
    after(async () => {
      await m?.close();
      await store?.close();
    });

    const scripts = () => store.calls.map((c) => c.script);

    test('POST /users runs get_user → create → login and caches the profile', async () => {
      store.calls.length = 0;
      const res = await m.api('POST', '/users', { body: { connection: 'legacy', email: 'lee@example.com', password: 'Passw0rd!long', app_metadata: { plan: 'x' } } });
      assert.equal(res.status, 201, res.text);
      assert.deepEqual(scripts(), ['get_user', 'create', 'login']);
      assert.ok(store.users.has('lee@example.com'));
      const user = res.json();
      assert.equal(user.user_id, 'auth0|legacy-1');
      assert.deepEqual(user.app_metadata, { plan: 'x' });
      const again = await m.api('POST', '/users', { body: { connection: 'legacy', email: 'lee@example.com', password: 'Passw0rd!long' } });
      assert.equal(again.status, 409);
    });

    test('PATCH email runs change_email first; a refusal changes nothing', async () => {
      const path = `/users/${encodeURIComponent('auth0|legacy-1')}`;
      store.failing.add('change_email');
      const refused = await m.api('PATCH', path, { body: { email: 'lee2@example.com', user_metadata: { lost: true } } });
      assert.notEqual(refused.status, 200);
      assert.equal(refused.json().statusCode, refused.status);
      let stored = await createUserQueries(m.server.database, m.tenantId).find('auth0|legacy-1');
      assert.equal(stored?.email, 'lee@example.com');
      assert.deepEqual(stored?.user_metadata, {}, 'no metadata written when the script failed');
      store.failing.delete('change_email');

      store.calls.length = 0;
      const ok = await m.api('PATCH', path, { body: { email: 'lee2@example.com', email_verified: true } });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(scripts(), ['change_email']);
      assert.deepEqual(store.calls[0].args, { email: 'lee@example.com', newEmail: 'lee2@example.com', verified: true, password: undefined });
      stored = await createUserQueries(m.server.database, m.tenantId).find('auth0|legacy-1');
      assert.equal(stored?.email, 'lee2@example.com');
      assert.ok(store.users.has('lee2@example.com'));
    });

    test('PATCH of other root fields is refused for legacy users; metadata and blocked are allowed', async () => {
      const path = `/users/${encodeURIComponent('auth0|legacy-1')}`;
      const refused = await m.api('PATCH', path, { body: { name: 'New Name' } });
      assert.equal(refused.status, 400);
      assert.equal(refused.json().errorCode, 'operation_not_supported');
      const ok = await m.api('PATCH', path, { body: { user_metadata: { a: 1 }, blocked: true } });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(ok.json().user_metadata, { a: 1 });
      assert.equal(ok.json().blocked, true);
    });

    test('PATCH password runs change_password', async () => {
      store.calls.length = 0;
      const res = await m.api('PATCH', `/users/${encodeURIComponent('auth0|legacy-1')}`, { body: { password: 'N3w!Passw0rd-long' } });
      assert.equal(res.status, 200, res.text);
      assert.ok(scripts().includes('change_password'));
      assert.equal(store.users.get('lee2@example.com')?.password, 'N3w!Passw0rd-long');
    });

    test('DELETE runs the delete script first; a failing script keeps the user', async () => {
      const path = `/users/${encodeURIComponent('auth0|legacy-1')}`;
      store.failing.add('delete');
      const failed = await m.api('DELETE', path);
      assert.notEqual(failed.status, 204);
      assert.ok(await createUserQueries(m.server.database, m.tenantId).find('auth0|legacy-1'));
      store.failing.delete('delete');
      store.calls.length = 0;
      assert.equal((await m.api('DELETE', path)).status, 204);
      assert.deepEqual(store.calls.map((c) => [c.script, c.args.id]), [['delete', 'legacy-1']]);
      assert.equal(await createUserQueries(m.server.database, m.tenantId).find('auth0|legacy-1'), undefined);
      assert.equal(store.users.size, 0);
    });
  });
}
