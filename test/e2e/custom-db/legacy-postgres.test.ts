// Legacy-store-only mode against a real PostgreSQL legacy database, driven through HTTP: the
// password-realm grant calls `login` every time, signup runs get_user → create → login, the
// verification link runs `verify`, and no password is ever kept by Gatehouse.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { changeEmail, deleteUser, requestDatabasePasswordReset, resetDatabasePassword } from '../../../src/flows/custom-db/index.ts';
import { createExecutionLogQueries, createIdentityQueries, createUserQueries } from '../../../src/storage/index.ts';
import { cachedModule, claims, fixtureScripts, gatehouseDialects, legacyPostgres, serviceUnavailable, type Bcrypt, type LegacyStore, type World } from './support.ts';

const CONNECTION = 'legacy-pg';
const jane = { email: 'jane@example.com', password: 'jane-legacy-pw', nickname: 'jane' };
const sam = { email: 'sam@example.com', password: 'sam-legacy-pw', nickname: 'sam', status: 'suspended' };
const noPg = await serviceUnavailable('PostgreSQL (legacy store)', '127.0.0.1', 5432);

for (const dialect of await gatehouseDialects()) {
  describe(`legacy PostgreSQL store, legacy mode, Gatehouse on ${dialect.name}`, { skip: noPg ?? dialect.skip }, () => {
    let world: World;
    let legacy: LegacyStore;

    before(async () => {
      legacy = await legacyPostgres([jane, sam]);
      world = await dialect.start();
      await world.save(CONNECTION, await fixtureScripts('postgres'), { configuration: { DB_URL: legacy.url } });
    });
    after(async () => {
      await world?.close();
      await legacy?.close();
    });

    test('password-realm: login runs the script; the profile is normalised; no password and no IdP token leave', async () => {
      const res = await world.login(CONNECTION, jane.email, jane.password);
      assert.equal(res.status, 200, res.text);
      const [row] = await legacy.query('select id from users where email = $1', [jane.email]);
      const id = claims(res.json().id_token);
      assert.equal(id.sub, `auth0|pg|${row.id}`);
      assert.equal(id.email, jane.email);
      assert.equal(id.email_verified, false, 'absent email_verified defaults to false');
      assert.doesNotMatch(res.text, /legacy-at-/, 'the IdP access token is not in any token');
      const userinfo = await world.server.request('/userinfo', { headers: { authorization: `Bearer ${res.json().access_token}` } });
      assert.equal(userinfo.status, 200);
      assert.doesNotMatch(userinfo.text, /legacy-at-/);

      const user = await createUserQueries(world.server.database, world.tenantId).find(`auth0|pg|${row.id}`);
      assert.ok(user);
      assert.equal(user.password_hash, null, 'legacy mode keeps no password');
      assert.equal(user.connection, CONNECTION);
      const [identity] = await createIdentityQueries(world.server.database, world.server.box, world.tenantId).listForUser(user.user_id);
      assert.deepEqual([identity.provider, identity.connection, identity.identity_user_id, identity.is_social], ['auth0', CONNECTION, `pg|${row.id}`, false]);
      assert.equal(identity.access_token, `legacy-at-${row.id}`, 'moved to identities[0]');
      const raw = await world.server.database.db.selectFrom('user_identities').select('access_token_enc').where('user_id', '=', user.user_id).executeTakeFirstOrThrow();
      assert.doesNotMatch(String(raw.access_token_enc), /legacy-at-/, 'sealed at rest');
    });

    test('every login calls the script again, and each execution is in the tenant log with its console output', async () => {
      const before = (await world.executions('login')).length;
      for (let i = 0; i < 2; i += 1) assert.equal((await world.login(CONNECTION, jane.email, jane.password)).status, 200);
      const logins = await world.executions('login');
      assert.equal(logins.length, before + 2);
      const last = logins.at(-1)!;
      assert.equal(last.outcome, 'result');
      assert.equal(last.details.connection, CONNECTION);
      assert.match(last.logs.map((l) => l.message).join('\n'), /legacy login for jane@example.com/);
      assert.ok(JSON.stringify(last.logs).length < 400);
      const all = JSON.stringify(await createExecutionLogQueries(world.server.database, world.tenantId).list({ limit: 1000 }));
      assert.doesNotMatch(all, new RegExp(jane.password), 'passwords never reach the log');
      assert.doesNotMatch(all, /postgres:postgres@/, 'configuration values are masked');
    });

    test('WrongUsernameOrPasswordError → 403 invalid_grant "Wrong email or password."; the script message only in the log', async () => {
      const res = await world.login(CONNECTION, jane.email, 'not-it');
      assert.equal(res.status, 403);
      assert.deepEqual(res.json(), { error: 'invalid_grant', error_description: 'Wrong email or password.' });
      const last = (await world.executions('login')).at(-1)!;
      assert.equal(last.outcome, 'user-error');
      assert.match(String((last.details.error as { message: string }).message), /wrong password for jane@example.com/);
      assert.equal((await world.login(CONNECTION, 'nobody@example.com', 'x')).status, 403);
    });

    test('UnauthorizedError → 401 unauthorized with the script message', async () => {
      const res = await world.login(CONNECTION, sam.email, sam.password);
      assert.equal(res.status, 401);
      assert.deepEqual(res.json(), { error: 'unauthorized', error_description: 'Your account is suspended. Call the help desk.' });
    });

    test('/dbconnections/signup: get_user → create → login, the user lands in the legacy table with a bcrypt hash', async () => {
      const before = (await world.executions()).length;
      const res = await world.server.request('/dbconnections/signup', {
        body: { client_id: world.app.client_id, connection: CONNECTION, email: 'new@example.com', password: 'Brand-new-pw-1' },
      });
      assert.equal(res.status, 200, res.text);
      const [row] = await legacy.query('select id, password from users where email = $1', ['new@example.com']);
      assert.equal(res.json()._id, `pg|${row.id}`);
      const bcrypt = await cachedModule<Bcrypt>('bcryptjs');
      assert.ok(await bcrypt.compare('Brand-new-pw-1', row.password));
      const order = (await world.executions()).slice(before).map((e) => e.type);
      assert.deepEqual(order, ['custom-db:get_user', 'custom-db:create', 'custom-db:login']);
      assert.equal((await world.login(CONNECTION, 'new@example.com', 'Brand-new-pw-1')).status, 200);
    });

    test('signup of an existing legacy user: get_user finds it → 400 user_exists, create is not called', async () => {
      const creates = (await world.executions('create')).length;
      const res = await world.server.request('/dbconnections/signup', {
        body: { client_id: world.app.client_id, connection: CONNECTION, email: jane.email, password: 'Another-pw-123' },
      });
      assert.equal(res.status, 400);
      assert.equal(res.json().code, 'user_exists');
      assert.equal((await world.executions('create')).length, creates);
    });

    test('ValidationError(code, msg) from create → 400 in the legacy shape with the script code', async () => {
      const email = `${'x'.repeat(60)}@example.com`;
      const res = await world.server.request('/dbconnections/signup', {
        body: { client_id: world.app.client_id, connection: CONNECTION, email, password: 'Long-email-pw-1' },
      });
      assert.equal(res.status, 400);
      assert.deepEqual(res.json(), { name: 'BadRequestError', code: 'email-too-long', description: 'Email is too long for the legacy store.', statusCode: 400 });
    });

    test('the verification link runs verify, which marks the legacy row verified', async () => {
      const mails = await createExecutionLogQueries(world.server.database, world.tenantId).list({ type: 'email', code_id: 'verify_email' });
      const link = new URL(String(mails.find((m) => m.details.to === 'new@example.com')!.details.link));
      const page = await world.server.request(`${link.pathname}${link.search}`);
      assert.equal(page.status, 200, page.text);
      assert.match(page.text, /verified/);
      const [row] = await legacy.query('select email_verified from users where email = $1', ['new@example.com']);
      assert.equal(row.email_verified, true);
      assert.equal((await world.executions('verify')).at(-1)!.outcome, 'result');
    });

    test('password reset: /dbconnections/change_password runs get_user; the link runs change_password in the legacy store', async () => {
      const res = await world.server.request('/dbconnections/change_password', { body: { client_id: world.app.client_id, connection: CONNECTION, email: jane.email } });
      assert.equal(res.status, 200);
      assert.equal((await world.executions('get_user')).at(-1)!.outcome, 'result');
      const mails = await createExecutionLogQueries(world.server.database, world.tenantId).list({ type: 'email', code_id: 'reset_password' });
      const ticket = new URL(String(mails.find((m) => m.details.to === jane.email)!.details.link)).searchParams.get('ticket')!;
      await resetDatabasePassword({ database: world.server.database, box: world.server.box, runner: world.server.runner }, { tenantId: world.tenantId, ticket, password: 'Jane-new-pw-42' });
      assert.equal((await world.executions('change_password')).at(-1)!.outcome, 'result');
      assert.equal((await world.login(CONNECTION, jane.email, jane.password)).status, 403, 'the old password is gone in the legacy store');
      assert.equal((await world.login(CONNECTION, jane.email, 'Jane-new-pw-42')).status, 200);
      const unknown = await requestDatabasePasswordReset({ database: world.server.database, box: world.server.box, runner: world.server.runner },
        { tenantId: world.tenantId, connection: CONNECTION, email: 'ghost@example.com', linkOrigin: world.server.url });
      assert.equal(unknown.link, undefined, 'nobody found, no link');
    });

    test('changeEmail and deleteUser run change_email and delete in the legacy store first', async () => {
      const deps = { database: world.server.database, box: world.server.box, runner: world.server.runner };
      const users = createUserQueries(world.server.database, world.tenantId);
      const user = (await users.findByEmail(CONNECTION, 'new@example.com'))!;
      const changed = await changeEmail(deps, { tenantId: world.tenantId, userId: user.user_id, email: 'renamed@example.com', verified: true });
      assert.equal(changed.email, 'renamed@example.com');
      assert.deepEqual(await legacy.query('select email_verified from users where email = $1', ['renamed@example.com']), [{ email_verified: true }]);
      assert.equal(await deleteUser(deps, { tenantId: world.tenantId, userId: user.user_id }), true);
      assert.deepEqual(await legacy.query('select id from users where email = $1', ['renamed@example.com']), []);
      assert.equal(await users.find(user.user_id), undefined);
      assert.equal((await world.executions('delete')).at(-1)!.outcome, 'result');
    });
  });
}
