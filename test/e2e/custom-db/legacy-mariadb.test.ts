// A legacy MariaDB store (mysql2, bcryptjs, a pool on global) through the password-realm grant,
// signup and import mode, on SQLite and PostgreSQL Gatehouse storage.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUserQueries } from '../../../src/storage/index.ts';
import { cachedModule, claims, fixtureScripts, gatehouseDialects, legacyMariaDb, serviceUnavailable, type Bcrypt, type LegacyStore, type World } from './support.ts';

const noMaria = await serviceUnavailable('MariaDB', '127.0.0.1', 3306);
const lin = { email: 'lin@example.com', password: 'lin-mysql-pw', nickname: 'lin' };
const max = { email: 'max@example.com', password: 'max-mysql-pw', nickname: 'max' };

for (const dialect of await gatehouseDialects()) {
  describe(`legacy MariaDB store, Gatehouse on ${dialect.name}`, { skip: noMaria ?? dialect.skip }, () => {
    let world: World;
    let legacy: LegacyStore;

    before(async () => {
      legacy = await legacyMariaDb([lin, max]);
      world = await dialect.start();
      const scripts = await fixtureScripts('mariadb');
      await world.save('legacy-maria', scripts, { configuration: { DB_URL: legacy.url } });
      await world.save('import-maria', { login: scripts.login, get_user: scripts.get_user }, { configuration: { DB_URL: legacy.url }, importMode: true });
    });
    after(async () => {
      await world?.close();
      await legacy?.close();
    });

    test('login: a numeric id becomes auth0|<id>; metadata is the old name of app_metadata', async () => {
      const res = await world.login('legacy-maria', lin.email, lin.password);
      assert.equal(res.status, 200, res.text);
      const [row] = await legacy.query('select id from users where email = ?', [lin.email]);
      assert.equal(claims(res.json().id_token).sub, `auth0|${row.id}`);
      const user = (await createUserQueries(world.server.database, world.tenantId).find(`auth0|${row.id}`))!;
      assert.deepEqual(user.app_metadata, { plan: 'legacy-gold' });
      assert.equal(user.password_hash, null);
      assert.equal((await world.login('legacy-maria', lin.email, 'nope')).status, 403);
    });

    test('signup runs get_user → create → login and stores a bcrypt hash in MariaDB', async () => {
      const res = await world.server.request('/dbconnections/signup', { body: { client_id: world.app.client_id, connection: 'legacy-maria', email: 'nia@example.com', password: 'Nia-maria-pw-1' } });
      assert.equal(res.status, 200, res.text);
      const [row] = await legacy.query('select id, password from users where email = ?', ['nia@example.com']);
      assert.equal(res.json()._id, String(row.id));
      assert.ok(await (await cachedModule<Bcrypt>('bcryptjs')).compare('Nia-maria-pw-1', row.password));
      assert.equal((await world.login('legacy-maria', 'nia@example.com', 'Nia-maria-pw-1')).status, 200);
    });

    test('import mode on MariaDB: migrated once, then served locally', async () => {
      // Same legacy ids as the legacy connection: different connections need distinct user ids.
      await world.save('import-maria', { login: (await fixtureScripts('mariadb')).login.replace('user_id: user.id', "user_id: 'maria|' + user.id"), get_user: (await fixtureScripts('mariadb')).get_user }, { importMode: true });
      assert.equal((await world.login('import-maria', max.email, max.password)).status, 200);
      assert.equal((await world.login('import-maria', max.email, max.password)).status, 200);
      const runs = (await world.executions('login')).filter((e) => e.details.connection === 'import-maria');
      assert.equal(runs.length, 1);
    });
  });
}
