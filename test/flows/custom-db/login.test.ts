// The custom database login flow as a library, on SQLite and PostgreSQL storage, with inline
// scripts (the e2e tests use real legacy stores): no-user answers, bad profiles, blocked users,
// brute-force protection, password masking, containers per connection, admin changes in import mode.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { GatehouseError } from '../../../src/errors/index.ts';
import { createScriptRunner, saveCustomDbConnection, type ScriptRunner } from '../../../src/extensibility/custom-db/index.ts';
import { authenticateDatabaseUser, changeEmail, changePassword, deleteUser, signupDatabaseUser } from '../../../src/flows/custom-db/index.ts';
import { createExecutionLogQueries, createSecretBox, createTenantQueries, createUserQueries, type Database } from '../../../src/storage/index.ts';
import { dialects } from '../../helpers/dialects.ts';
import { MODULE_CACHE } from '../../e2e/custom-db/support.ts';

const login = `function login(email, password, callback) {
  console.log('checking ' + email + ' with ' + password);
  if (email === 'none@example.com') return callback(null);
  if (email === 'bad@example.com') return callback(null, { email: email });
  if (password !== 'right-pw') return callback(new WrongUsernameOrPasswordError(email));
  callback(null, { user_id: 'inline|' + email.split('@')[0], email: email, given_name: 'From Script', container: global.marker || (global.marker = Math.random()) });
}`;

const failure = async (fn: () => Promise<unknown>): Promise<GatehouseError> => {
  try {
    await fn();
  } catch (err) {
    if (err instanceof GatehouseError) return err;
    throw err;
  }
  throw new Error('expected a failure');
};

for (const d of await dialects()) {
  describe(`custom database login flow on ${d.name}`, { skip: d.skip }, () => {
    let database: Database;
    let runner: ScriptRunner;
    let tenantId: string;
    const box = createSecretBox(randomBytes(32));
    const deps = () => ({ database, box, runner });
    const auth = (connection: string, username: string, password: string, ip = '10.0.0.1') =>
      authenticateDatabaseUser(deps(), { tenantId, connection, username, password, ip });

    before(async () => {
      database = await d.openMigrated();
      runner = createScriptRunner({ backend: 'worker', moduleCacheDir: MODULE_CACHE, spares: 0, timeoutMs: 10_000 });
      tenantId = (await createTenantQueries(database).create({ name: 'flows', hostnames: ['flows.test'] })).id;
      const save = (name: string, importMode: boolean, options: Record<string, unknown> = {}) => saveCustomDbConnection(
        { database, box, moduleCacheDir: MODULE_CACHE },
        { tenantId, name, importMode, options, scripts: { login, get_user: 'function getUser(email, cb) { cb(null); }' }, configuration: { SECRET_TOKEN: 'configured-secret-value' } });
      await save('inline', false);
      await save('inline-import', true);
      await save('sharded', false, { script_containers: 2 });
    });
    after(async () => {
      await runner?.close();
      await database?.close();
    });

    test('callback(null) is "no such user": WRONG_CREDENTIALS; a profile without an id is the script\'s failure', async () => {
      assert.equal((await failure(() => auth('inline', 'none@example.com', 'x'))).code, 'WRONG_CREDENTIALS');
      const bad = await failure(() => auth('inline', 'bad@example.com', 'x'));
      assert.equal(bad.code, 'SCRIPT_FAILED');
      assert.match(bad.message, /no usable user_id or id/);
    });

    test('the password of the call and the configuration values are masked in the execution log', async () => {
      await auth('inline', 'mask@example.com', 'right-pw');
      const entry = (await createExecutionLogQueries(database, tenantId).list({ type: 'custom-db:login', limit: 1 }))[0];
      assert.match(entry.logs[0].message, /checking mask@example.com with \*\*\*\*/);
      assert.doesNotMatch(JSON.stringify(entry), /right-pw|configured-secret-value/);
    });

    test('a blocked user is refused after the script accepted the password; root attributes persist from the first login', async () => {
      const { user } = await auth('inline', 'blocky@example.com', 'right-pw');
      assert.equal(user.given_name, 'From Script');
      await createUserQueries(database, tenantId).update(user.user_id, { blocked: true, given_name: 'Edited Here' });
      assert.equal((await failure(() => auth('inline', 'blocky@example.com', 'right-pw'))).code, 'USER_BLOCKED');
      assert.equal((await createUserQueries(database, tenantId).find(user.user_id))!.given_name, 'Edited Here', 'not overwritten without on_each_login');
    });

    test('brute-force protection: 10 wrong passwords of a known user from one IP block that IP, not others', async () => {
      await auth('inline', 'brute@example.com', 'right-pw');
      for (let i = 0; i < 10; i += 1) assert.equal((await failure(() => auth('inline', 'brute@example.com', 'wrong', '10.9.9.9'))).code, 'WRONG_CREDENTIALS');
      assert.equal((await failure(() => auth('inline', 'brute@example.com', 'right-pw', '10.9.9.9'))).code, 'TOO_MANY_ATTEMPTS');
      assert.ok(await auth('inline', 'brute@example.com', 'right-pw', '10.1.1.1'));
    });

    test('script_containers spreads a connection over several containers (global per container); the default shares one', async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 4; i += 1) await auth('sharded', `s${i}@example.com`, 'right-pw');
      for (const e of (await createExecutionLogQueries(database, tenantId).list({ type: 'custom-db:login', limit: 100 }))) {
        if (e.details.connection === 'sharded') ids.add((e.details.container as { id: string }).id);
      }
      assert.equal(ids.size, 2);
    });

    test('import mode: signup, admin email change, password change and delete happen here, no script runs', async () => {
      const { user } = await signupDatabaseUser(deps(), { tenantId, connection: 'inline-import', email: 'imp@example.com', password: 'Import-pw-123' });
      const before = (await createExecutionLogQueries(database, tenantId).list({ limit: 1000 })).length;
      assert.equal((await changeEmail(deps(), { tenantId, userId: user.user_id, email: 'imp2@example.com', verified: true })).email, 'imp2@example.com');
      await changePassword(deps(), { tenantId, userId: user.user_id, password: 'Changed-pw-456' });
      assert.ok(await authenticateDatabaseUser(deps(), { tenantId, connection: 'inline-import', username: 'imp2@example.com', password: 'Changed-pw-456' }));
      assert.equal(await deleteUser(deps(), { tenantId, userId: user.user_id }), true);
      assert.equal((await createExecutionLogQueries(database, tenantId).list({ limit: 1000 })).length, before);
    });

    test('legacy mode without change_email / delete scripts: the template stub error, and the user is kept', async () => {
      const { user } = await auth('inline', 'keep@example.com', 'right-pw');
      const err = await failure(() => deleteUser(deps(), { tenantId, userId: user.user_id }));
      assert.equal(err.code, 'SCRIPT_FAILED');
      assert.match(err.message, /Please implement the Delete script/);
      assert.ok(await createUserQueries(database, tenantId).find(user.user_id));
      assert.match((await failure(() => changeEmail(deps(), { tenantId, userId: user.user_id, email: 'x@example.com' }))).message, /Please implement the Change Email script/);
    });
  });
}
