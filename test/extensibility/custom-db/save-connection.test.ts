// saveCustomDbConnection on SQLite and PostgreSQL: the runtime's size and syntax checks, the
// required scripts, all nine keys stored, configuration sealed, the previous version kept, and
// the scripts' modules installed before anything is saved.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isDependencySetInstalled } from '../../../src/runtime/modules/install.ts';
import { saveCustomDbConnection, SCRIPT_KEYS } from '../../../src/extensibility/custom-db/index.ts';
import { GatehouseError } from '../../../src/errors/index.ts';
import { createConnectionQueries, createSecretBox, createTenantQueries, type Database } from '../../../src/storage/index.ts';
import { randomBytes } from 'node:crypto';
import { dialects } from '../../helpers/dialects.ts';
import { MODULE_CACHE } from '../../e2e/custom-db/support.ts';

const login = 'function login(email, password, callback) { callback(null, { user_id: email }); }';
const code = (fn: () => Promise<unknown>) => fn().then(() => 'saved', (err: unknown) => (err instanceof GatehouseError ? err : Promise.reject(err)));

for (const d of await dialects()) {
  describe(`saveCustomDbConnection on ${d.name}`, { skip: d.skip }, () => {
    let database: Database;
    let tenantId: string;
    const box = createSecretBox(randomBytes(32));
    const save = (input: Partial<Parameters<typeof saveCustomDbConnection>[1]>) =>
      saveCustomDbConnection({ database, box, moduleCacheDir: MODULE_CACHE }, { tenantId, name: 'legacy', scripts: { login }, ...input });

    before(async () => {
      database = await d.openMigrated();
      tenantId = (await createTenantQueries(database).create({ name: 'acme', hostnames: ['acme.test'] })).id;
    });
    after(async () => { await database?.close(); });

    test('stores all nine keys, the configuration sealed, import_mode and the customisation flag', async () => {
      const scripts = Object.fromEntries(SCRIPT_KEYS.map((k) => [k, `function ${k.replace(/_/g, '')}Script(a, callback) { callback(null); }`]));
      const { connection, created } = await save({ scripts, configuration: { DB_URL: 'postgres://app:hunter22@db/users' }, importMode: true });
      assert.equal(created, true);
      assert.deepEqual(Object.keys(connection.custom_scripts).sort(), [...SCRIPT_KEYS].sort());
      assert.equal(connection.options.enabledDatabaseCustomization, true);
      assert.equal(connection.import_mode, true);
      const row = await database.db.selectFrom('connections').selectAll().where('id', '=', connection.id).executeTakeFirstOrThrow();
      assert.doesNotMatch(String(row.configuration_enc), /hunter22|DB_URL/);
      assert.equal((await createConnectionQueries(database, box, tenantId).find(connection.id))!.configuration.DB_URL, 'postgres://app:hunter22@db/users');
    });

    test('a save keeps the previous scripts as a version and bumps scripts_version; configuration kept when not given', async () => {
      const first = (await createConnectionQueries(database, box, tenantId).findByName('legacy'))!;
      const { connection } = await save({ scripts: { login, get_user: 'function getUser(e, cb) { cb(null); }' } });
      assert.equal(connection.scripts_version, first.scripts_version + 1);
      const versions = await createConnectionQueries(database, box, tenantId).listScriptVersions(connection.id);
      assert.deepEqual(versions[0].custom_scripts, first.custom_scripts);
      assert.equal(connection.configuration.DB_URL, 'postgres://app:hunter22@db/users');
    });

    test('refused: over 102,400 bytes, a syntax error (with its line), no login, no get_user in import mode, unknown key, bad name', async () => {
      const big = `function login(e, p, cb) { cb(null); } // ${'x'.repeat(102_400)}`;
      assert.equal(((await code(() => save({ scripts: { login: big } }))) as GatehouseError).code, 'SCRIPT_TOO_LARGE');
      const syntax = (await code(() => save({ scripts: { login: 'function login(e, p, cb) {\n\n  return cb(null, {;\n}' } }))) as GatehouseError;
      assert.equal(syntax.code, 'SCRIPT_SYNTAX');
      assert.match(syntax.message, /line 3/);
      assert.equal(((await code(() => save({ scripts: { get_user: login } }))) as GatehouseError).code, 'CUSTOM_DB_INVALID');
      assert.match(((await code(() => save({ name: 'fresh-one', scripts: { login }, importMode: true }))) as GatehouseError).message, /get_user script is required/);
      assert.equal(((await code(() => save({ scripts: { login, lgoin: login } }))) as GatehouseError).code, 'CUSTOM_DB_INVALID');
      assert.equal(((await code(() => save({ name: '-bad name-' }))) as GatehouseError).code, 'CUSTOM_DB_INVALID');
      const stored = (await createConnectionQueries(database, box, tenantId).findByName('legacy'))!;
      assert.ok(stored.custom_scripts.get_user, 'a refused save changed nothing');
    });

    test('the modules a script requires are installed at save, into the content-addressed cache', async () => {
      const source = "function login(e, p, cb) { const bcrypt = require('bcryptjs'); cb(null, { user_id: e }); }";
      const { dependencies } = await save({ name: 'with-modules', scripts: { login: source } });
      assert.deepEqual(Object.keys(dependencies), ['bcryptjs']);
      assert.equal(await isDependencySetInstalled(MODULE_CACHE, dependencies), true);
    });
  });
}
