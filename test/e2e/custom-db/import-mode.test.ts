// Import mode (lazy migration, custom-db.md §5.2) against a real PostgreSQL legacy store: the
// first successful login migrates the user with Gatehouse's own argon2id hash; later logins never
// call the script; get_user serves signup and reset of users not migrated yet.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resetDatabasePassword } from '../../../src/flows/custom-db/index.ts';
import { createExecutionLogQueries, createUserQueries } from '../../../src/storage/index.ts';
import { claims, fixtureScripts, gatehouseDialects, legacyPostgres, serviceUnavailable, type LegacyStore, type World } from './support.ts';

const CONNECTION = 'import-pg';
const ada = { email: 'ada@example.com', password: 'ada-legacy-pw', nickname: 'ada', emailVerified: true };
const bob = { email: 'bob@example.com', password: 'bob-legacy-pw', nickname: 'bob' };
const noPg = await serviceUnavailable('PostgreSQL (legacy store)', '127.0.0.1', 5432);

for (const dialect of await gatehouseDialects()) {
  describe(`import mode against a legacy PostgreSQL store, Gatehouse on ${dialect.name}`, { skip: noPg ?? dialect.skip }, () => {
    let world: World;
    let legacy: LegacyStore;

    before(async () => {
      legacy = await legacyPostgres([ada, bob]);
      world = await dialect.start();
      const { login, get_user } = await fixtureScripts('postgres');
      await world.save(CONNECTION, { login, get_user }, { configuration: { DB_URL: legacy.url }, importMode: true });
    });
    after(async () => {
      await world?.close();
      await legacy?.close();
    });

    test('first login migrates with the script user_id and an argon2id hash; later logins never call the script', async () => {
      const first = await world.login(CONNECTION, ada.email, ada.password);
      assert.equal(first.status, 200, first.text);
      const [row] = await legacy.query('select id from users where email = $1', [ada.email]);
      assert.equal(claims(first.json().id_token).sub, `auth0|pg|${row.id}`);
      assert.equal(claims(first.json().id_token).email_verified, true);
      const user = (await createUserQueries(world.server.database, world.tenantId).find(`auth0|pg|${row.id}`))!;
      assert.match(String(user.password_hash), /^\$argon2id\$/);
      assert.equal((await world.executions('login')).length, 1);

      for (let i = 0; i < 3; i += 1) assert.equal((await world.login(CONNECTION, ada.email, ada.password)).status, 200);
      assert.equal((await world.login(CONNECTION, ada.email, 'wrong')).status, 403);
      assert.equal((await world.executions('login')).length, 1, 'no further login script execution after migration');
      assert.equal((await createUserQueries(world.server.database, world.tenantId).find(user.user_id))!.logins_count, 4);
    });

    test('after migration the legacy store can go away: logins keep working from Gatehouse\'s store', async () => {
      await legacy.query('update users set password = $1 where email = $2', ['not-a-bcrypt-hash', ada.email]);
      assert.equal((await world.login(CONNECTION, ada.email, ada.password)).status, 200);
    });

    test('signup: get_user finds a not-yet-migrated user → user_exists; a new email is created locally without the create script', async () => {
      const taken = await world.server.request('/dbconnections/signup', { body: { client_id: world.app.client_id, connection: CONNECTION, email: bob.email, password: 'Bob-new-pw-123' } });
      assert.equal(taken.status, 400);
      assert.equal(taken.json().code, 'user_exists');
      const fresh = await world.server.request('/dbconnections/signup', { body: { client_id: world.app.client_id, connection: CONNECTION, email: 'cleo@example.com', password: 'Cleo-pw-12345' } });
      assert.equal(fresh.status, 200, fresh.text);
      assert.equal((await world.executions('create')).length, 0);
      assert.deepEqual(await legacy.query('select id from users where email = $1', ['cleo@example.com']), [], 'not written to the legacy store');
      const logins = (await world.executions('login')).length;
      assert.equal((await world.login(CONNECTION, 'cleo@example.com', 'Cleo-pw-12345')).status, 200);
      assert.equal((await world.executions('login')).length, logins, 'a local user never reaches the script');
    });

    test('reset of a user not migrated yet: get_user migrates the profile, the new password is set here, change_password is not called', async () => {
      const res = await world.server.request('/dbconnections/change_password', { body: { client_id: world.app.client_id, connection: CONNECTION, email: bob.email } });
      assert.equal(res.status, 200);
      const users = createUserQueries(world.server.database, world.tenantId);
      const migrated = (await users.findByEmail(CONNECTION, bob.email))!;
      assert.equal(migrated.password_hash, null, 'profile migrated without a password');
      const mails = await createExecutionLogQueries(world.server.database, world.tenantId).list({ type: 'email', code_id: 'reset_password' });
      const ticket = new URL(String(mails.find((m) => m.details.to === bob.email)!.details.link)).searchParams.get('ticket')!;
      await resetDatabasePassword({ database: world.server.database, box: world.server.box, runner: world.server.runner }, { tenantId: world.tenantId, ticket, password: 'Bob-reset-pw-9' });
      assert.match(String((await users.find(migrated.user_id))!.password_hash), /^\$argon2id\$/);
      assert.equal((await world.executions('change_password')).length, 0);
      const logins = (await world.executions('login')).length;
      assert.equal((await world.login(CONNECTION, bob.email, 'Bob-reset-pw-9')).status, 200);
      assert.equal((await world.executions('login')).length, logins);
    });
  });
}
