import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnectionQueries } from '../../src/storage/index.ts';
import { backends, startManagementServer, type ManagementServer } from './support.ts';
import { legacyScripts } from './legacy-store.ts';

for (const backend of await backends()) {
  describe(`Management API connections on ${backend.name}`, { skip: backend.skip }, () => {
    let m: ManagementServer;
    before(async () => { m = await startManagementServer(backend.name); });
    after(async () => { await m?.close(); });

    const customOptions = (extra: Record<string, unknown> = {}) => ({
      enabledDatabaseCustomization: true, import_mode: false, customScripts: legacyScripts,
      configuration: { STORE_URL: 'http://127.0.0.1:1', DB_PASSWORD: 's3cret-value' }, ...extra,
    });

    test('a custom database connection in Auth0\'s shape: scripts under customScripts, configuration masked', async () => {
      const res = await m.api('POST', '/connections', { body: { name: 'legacy-db', strategy: 'auth0', options: customOptions(), display_name: 'Legacy' } });
      assert.equal(res.status, 201, res.text);
      const con = res.json();
      assert.match(con.id, /^con_/);
      assert.deepEqual(con.options.customScripts, legacyScripts);
      assert.deepEqual(con.options.configuration, { STORE_URL: '_VALUE_NOT_SHOWN_', DB_PASSWORD: '_VALUE_NOT_SHOWN_' });
      assert.equal(con.options.enabledDatabaseCustomization, true);
      assert.equal(con.display_name, 'Legacy');
      assert.doesNotMatch(JSON.stringify((await m.api('GET', '/connections')).json()), /s3cret-value/);
      const stored = await createConnectionQueries(m.server.database, m.server.box, m.tenantId).find(con.id);
      assert.equal(stored?.configuration.DB_PASSWORD, 's3cret-value');

      // A masked value sent back (as an export re-imported) keeps the stored secret.
      const patched = await m.api('PATCH', `/connections/${con.id}`, { body: { options: customOptions({ configuration: { STORE_URL: 'http://127.0.0.1:2', DB_PASSWORD: '_VALUE_NOT_SHOWN_' } }) } });
      assert.equal(patched.status, 200, patched.text);
      const after = await createConnectionQueries(m.server.database, m.server.box, m.tenantId).find(con.id);
      assert.deepEqual(after?.configuration, { STORE_URL: 'http://127.0.0.1:2', DB_PASSWORD: 's3cret-value' });
      assert.equal(after?.scripts_version, 1, 'same scripts: no new version');

      const filtered = await m.api('GET', '/connections?strategy=auth0&name=legacy-db');
      assert.deepEqual(filtered.json().map((c: { id: string }) => c.id), [con.id]);
    });

    test('a script over 100 kB or with a syntax error is refused and nothing stored changes', async () => {
      const big = `function login(email, password, callback) { callback(null); }\n//${'x'.repeat(102_400)}`;
      const tooLarge = await m.api('POST', '/connections', { body: { name: 'too-big', strategy: 'auth0', options: customOptions({ customScripts: { ...legacyScripts, login: big } }) } });
      assert.equal(tooLarge.status, 400);
      assert.equal(tooLarge.json().errorCode, 'invalid_body');
      assert.match(tooLarge.json().message, /102400 bytes/);
      assert.equal(await createConnectionQueries(m.server.database, m.server.box, m.tenantId).findByName('too-big'), undefined);

      const con = (await m.api('POST', '/connections', { body: { name: 'syntax-db', strategy: 'auth0', options: customOptions() } })).json();
      const broken = await m.api('PATCH', `/connections/${con.id}`, { body: { options: customOptions({ customScripts: { ...legacyScripts, get_user: 'function getUser(email, callback) {' } }) } });
      assert.equal(broken.status, 400);
      assert.match(broken.json().message, /does not compile/);
      const kept = await createConnectionQueries(m.server.database, m.server.box, m.tenantId).find(con.id);
      assert.equal(kept?.custom_scripts.get_user, legacyScripts.get_user, 'the stored script is untouched');
    });

    test('unknown fields, wrong types and unsupported strategies are Auth0 payload errors', async () => {
      const unknown = await m.api('POST', '/connections', { body: { name: 'x1', strategy: 'auth0', colour: 'blue' } });
      assert.equal(unknown.status, 400);
      assert.match(unknown.json().message, /Additional properties not allowed: colour/);
      const wrong = await m.api('POST', '/connections', { body: { name: 'x2', strategy: 'auth0', options: { customScripts: { login: 42 } } } });
      assert.equal(wrong.status, 400);
      const social = await m.api('POST', '/connections', { body: { name: 'x3', strategy: 'google-oauth2' } });
      assert.equal(social.status, 400);
      const dup = await m.api('POST', '/connections', { body: { name: 'Username-Password-Authentication', strategy: 'auth0' } });
      assert.equal(dup.status, 409);
      const missing = await m.api('GET', '/connections/con_nope');
      assert.equal(missing.status, 404);
      assert.equal(missing.json().errorCode, 'inexistent_connection');
    });

    test('DELETE /connections/{id}/users?email= deletes that connection\'s user only', async () => {
      const native = (await m.api('GET', '/connections?name=Username-Password-Authentication')).json()[0];
      const user = (await m.api('POST', '/users', { body: { connection: native.name, email: 'bye@example.com', password: 'Passw0rd!long' } })).json();
      assert.equal((await m.api('DELETE', `/connections/${native.id}/users?email=nobody%40example.com`)).status, 404);
      assert.equal((await m.api('DELETE', `/connections/${native.id}/users?email=not-an-email`)).status, 400);
      assert.equal((await m.api('DELETE', `/connections/${native.id}/users?email=BYE%40example.com`)).status, 204);
      assert.equal((await m.api('GET', `/users/${encodeURIComponent(user.user_id)}`)).status, 404);
    });

    test('enabled clients: GET and PATCH /connections/{id}/clients', async () => {
      const con = (await m.api('POST', '/connections', { body: { name: 'clients-db', strategy: 'auth0', options: {} } })).json();
      const clients = (await m.api('GET', '/clients')).json<Array<{ client_id: string }>>();
      const set = await m.api('PATCH', `/connections/${con.id}/clients`, { body: clients.map((c) => ({ client_id: c.client_id, status: true })) });
      assert.equal(set.status, 204);
      const listed = (await m.api('GET', `/connections/${con.id}/clients?take=1`)).json();
      assert.equal(listed.clients.length, 1);
      assert.equal(listed.next, '1');
      await m.api('PATCH', `/connections/${con.id}/clients`, { body: [{ client_id: clients[0].client_id, status: false }] });
      const after = (await m.api('GET', `/connections/${con.id}`)).json();
      assert.deepEqual(after.enabled_clients, clients.slice(1).map((c) => c.client_id));
      assert.equal((await m.api('DELETE', `/connections/${con.id}`)).status, 204);
      assert.equal((await m.api('GET', `/connections/${con.id}`)).status, 404);
    });
  });
}
