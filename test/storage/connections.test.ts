import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/storage/database.ts';
import { createConnectionQueries } from '../../src/storage/connections.ts';
import { createSecretBox } from '../../src/storage/secret-box.ts';
import { createTenantQueries } from '../../src/storage/tenants.ts';
import { isGatehouseError } from '../../src/errors/index.ts';
import { dialects } from '../helpers/dialects.ts';

for (const dialect of await dialects()) {
  describe(`connections on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    let tenantId: string;
    const box = createSecretBox(randomBytes(32));
    before(async () => {
      database = await dialect.openMigrated();
      tenantId = (await createTenantQueries(database).create({ name: 'acme' })).id;
    });
    after(async () => { await database?.close(); });

    test('create and read back, configuration decrypted', async () => {
      const connections = createConnectionQueries(database, box, tenantId);
      const c = await connections.create({
        name: 'legacy-db',
        options: { requires_username: false, enabledDatabaseCustomization: true },
        custom_scripts: { login: 'function login(e, p, cb) { cb(null); }' },
        configuration: { DB_PASSWORD: 'pg-pass-9876' },
        import_mode: true,
        enabled_clients: ['client-1'],
      });
      assert.match(c.id, /^con_/);
      assert.equal(c.strategy, 'auth0');
      assert.equal(c.scripts_version, 1);
      assert.deepEqual(c.configuration, { DB_PASSWORD: 'pg-pass-9876' });
      assert.equal(c.import_mode, true);
      assert.deepEqual(await connections.find(c.id), c);
      assert.deepEqual(await connections.findByName('legacy-db'), c);
      assert.ok((await connections.list()).some((x) => x.id === c.id));
    });

    test('configuration values are not stored in plaintext', async () => {
      const connections = createConnectionQueries(database, box, tenantId);
      const c = await connections.create({ name: 'sealed-db', configuration: { API_KEY: 'sk_live_abcdef123456' } });
      const raw = await (database.db as Kysely<any>).selectFrom('connections').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(raw).includes('sk_live_abcdef123456'));
      assert.ok(!JSON.stringify(raw).includes('API_KEY'), 'even the key names are sealed');
    });

    test('changing scripts keeps the previous version and bumps scripts_version', async () => {
      const connections = createConnectionQueries(database, box, tenantId);
      const c = await connections.create({ name: 'versioned', custom_scripts: { login: 'v1' } });
      const same = await connections.update(c.id, { custom_scripts: { login: 'v1' } });
      assert.equal(same?.scripts_version, 1, 'unchanged scripts are not a new version');
      const u1 = await connections.update(c.id, { custom_scripts: { login: 'v2', get_user: 'g2' } });
      assert.equal(u1?.scripts_version, 2);
      const u2 = await connections.update(c.id, { custom_scripts: { login: 'v3' } });
      assert.equal(u2?.scripts_version, 3);
      assert.deepEqual(u2?.custom_scripts, { login: 'v3' });
      const history = await connections.listScriptVersions(c.id);
      assert.deepEqual(history.map((h) => [h.version, h.custom_scripts]), [[2, { login: 'v2', get_user: 'g2' }], [1, { login: 'v1' }]]);
    });

    test('update of other fields; unknown id', async () => {
      const connections = createConnectionQueries(database, box, tenantId);
      const c = await connections.create({ name: 'updatable', configuration: { A: '1' } });
      const u = await connections.update(c.id, { configuration: { B: '2' }, enabled_clients: ['x'], import_mode: true, options: { disable_signup: true } });
      assert.deepEqual(u?.configuration, { B: '2' });
      assert.deepEqual(u?.enabled_clients, ['x']);
      assert.equal(u?.import_mode, true);
      assert.deepEqual(u?.options, { disable_signup: true });
      assert.equal(u?.scripts_version, 1);
      assert.equal(await connections.update('con_missing', { import_mode: true }), undefined);
    });

    test('names are unique per tenant; remove drops versions too', async () => {
      const connections = createConnectionQueries(database, box, tenantId);
      const c = await connections.create({ name: 'unique-db', custom_scripts: { login: 'a' } });
      await connections.update(c.id, { custom_scripts: { login: 'b' } });
      await assert.rejects(connections.create({ name: 'unique-db' }), (err) => isGatehouseError(err) && err.code === 'MGMT_CONFLICT');
      assert.equal(await connections.remove(c.id), true);
      assert.equal(await connections.find(c.id), undefined);
      assert.deepEqual(await connections.listScriptVersions(c.id), []);
    });
  });
}
