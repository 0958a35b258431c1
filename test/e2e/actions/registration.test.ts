// pre-user-registration, post-user-registration and post-change-password through /dbconnections,
// the signup and reset pages and an admin change, on native and custom database connections.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { changePassword } from '../../../src/flows/custom-db/index.ts';
import { createUserQueries } from '../../../src/storage/index.ts';
import { LoginBrowser, callbackParams, csrfOf, startSink, worldDialects, type Sink, type World } from './support.ts';

const NATIVE = 'Username-Password-Authentication';

for (const dialect of await worldDialects()) {
  describe(`registration and password-change Actions on ${dialect.name}`, { skip: dialect.skip, timeout: 600_000 }, () => {
    let world: World;
    let sink: Sink;
    before(async () => {
      world = await dialect.start();
      sink = await startSink();
      await world.bind('pre-user-registration', ['block-disposable-email']);
      await world.bind('post-user-registration', ['notify-on-signup'], { WEBHOOK_URL: `${sink.url}/crm`, WEBHOOK_TOKEN: 'crm-token' });
      await world.bind('post-change-password', ['audit-password-change'], { WEBHOOK_URL: `${sink.url}/audit` });
      await world.customConnection('legacy-memory', false);
      await world.customConnection('import-memory', true);
    });
    after(async () => {
      await world?.close();
      await sink?.close();
    });

    const signup = (email: string, connection = NATIVE, extra: Record<string, string> = {}) => world.server.request('/dbconnections/signup', {
      body: { client_id: world.app.client_id, connection, email, password: 'Lovelace-1815', ...extra },
    });
    const users = () => createUserQueries(world.server.database, world.tenantId);

    for (const connection of [NATIVE, 'legacy-memory', 'import-memory']) {
      test(`/dbconnections/signup on ${connection}: deny and validation refuse it; metadata lands on the user; the CRM hears of it`, async () => {
        const tag = connection.replace(/[^a-z]/g, '');
        const disposable = await signup(`temp.${tag}@mailinator.com`, connection);
        assert.equal(disposable.status, 400);
        assert.deepEqual(disposable.json(), { name: 'BadRequestError', code: 'extensibility_error', description: 'Please sign up with a permanent email address.', statusCode: 400 });
        assert.equal(await users().findByEmail(connection, `temp.${tag}@mailinator.com`), undefined, 'nothing created');

        const reserved = await signup(`boss.${tag}@example.com`, connection, { username: 'superadmin' });
        assert.equal(reserved.status, 400);
        assert.equal(reserved.json().code, 'reserved_username');
        assert.equal(reserved.json().description, 'This username is reserved.');

        const ok = await signup(`new.${tag}@example.com`, connection);
        assert.equal(ok.status, 200, ok.text);
        const user = (await users().findByEmail(connection, `new.${tag}@example.com`))!;
        assert.equal(user.user_metadata.signup_source, 'Reports Web');
        assert.equal(user.user_metadata.signup_ip_seen, true);
        assert.equal(user.app_metadata.plan, 'free');
        assert.equal(user.app_metadata.signup_connection, `${connection}:auth0`);
        const hook = await sink.waitFor((r) => r.path === '/crm' && r.body.email === `new.${tag}@example.com`, 'the signup webhook');
        assert.deepEqual(hook.body, {
          kind: 'signup', user_id: user.user_id, email: `new.${tag}@example.com`, plan: 'free', connection, client: 'Reports Web', tenant: 'demo', has_password_hash: false,
        });
        const withHeader = sink.received.find((r) => r.body.email === `new.${tag}@example.com`)!;
        assert.equal(withHeader.headers.authorization, 'Bearer crm-token');
      });
    }

    test('post-user-registration failing does not undo the signup', async () => {
      sink.failWith(503);
      try {
        const ok = await signup('crm.down@example.com');
        assert.equal(ok.status, 200);
        await sink.waitFor((r) => r.body.email === 'crm.down@example.com', 'the attempted webhook');
        assert.ok(await users().findByEmail(NATIVE, 'crm.down@example.com'));
        const deadline = Date.now() + 60_000;
        let failed = false;
        while (!failed && Date.now() < deadline) {
          failed = /CRM answered 503/.test(JSON.stringify(await world.executions('post-user-registration')));
          if (!failed) await new Promise((r) => setTimeout(r, 50));
        }
        assert.ok(failed, 'the failure is in the execution log');
      } finally {
        sink.failWith(undefined);
      }
    });

    test('the signup page: a deny is shown on the form; a good signup logs in and notifies', async () => {
      const b = new LoginBrowser(world.server.url);
      const first = await b.get(b.authorizeUrl(world.app, world.callback, { screen_hint: 'signup' }));
      const page = await b.get(new URL(first.location!, world.server.url));
      const state = new URL(first.location!, world.server.url).searchParams.get('state')!;
      const refused = await b.postForm(`${world.server.url}/u/signup`, { state, _csrf: csrfOf(page), email: 'page@trashmail.com', password: 'Lovelace-1815' });
      assert.equal(refused.status, 400);
      assert.match(refused.text, /Please sign up with a permanent email address\./);
      const done = await b.postForm(`${world.server.url}/u/signup`, { state, _csrf: csrfOf(refused), email: 'page.user@example.com', password: 'Lovelace-1815' });
      assert.ok(callbackParams(done, world.callback).get('code'));
      const user = (await users().findByEmail(NATIVE, 'page.user@example.com'))!;
      assert.equal(user.app_metadata.plan, 'free');
      assert.equal(user.logins_count, 1, 'the login that follows a signup counts, as on Auth0');
      await sink.waitFor((r) => r.path === '/crm' && r.body.email === 'page.user@example.com', 'the signup webhook from the page');
    });

    for (const connection of [NATIVE, 'import-memory', 'legacy-memory']) {
      test(`post-change-password after a reset link on ${connection}, and after an admin change`, async () => {
        const tag = connection.replace(/[^a-z]/g, '');
        const email = `reset.${tag}@example.com`;
        assert.equal((await signup(email, connection)).status, 200);
        const asked = await world.server.request('/dbconnections/change_password', { body: { client_id: world.app.client_id, connection, email } });
        assert.equal(asked.status, 200);
        const b = new LoginBrowser(world.server.url);
        const link = new URL(await world.mailLink('reset_password', email));
        const page = await b.get(`${world.server.url}${link.pathname}${link.search}`);
        const done = await b.postForm(`${world.server.url}/u/reset-password/ticket`, {
          ticket: link.searchParams.get('ticket')!, _csrf: csrfOf(page), password: 'Hopper-1906!', 'password-confirm': 'Hopper-1906!',
        });
        assert.equal(done.status, 200, done.text.slice(0, 300));
        const user = (await users().findByEmail(connection, email))!;
        const audit = await sink.waitFor((r) => r.path === '/audit' && r.body.email === email, 'the password-change audit');
        assert.deepEqual(audit.body, { kind: 'password-change', user_id: user.user_id, email, connection, strategy: 'auth0', tenant: 'demo', via: 'POST' });

        await changePassword({ database: world.server.database, box: world.server.box, runner: world.server.runner }, { tenantId: world.tenantId, userId: user.user_id, password: 'Turing-1912!x' });
        await sink.waitFor((r) => r.path === '/audit' && r.body.email === email && r.body.via === 'admin', 'the admin change audit');
      });
    }

    test('api.user.setUserId names the new user on native and import-mode connections', async () => {
      await world.bind('pre-user-registration', ['block-disposable-email', 'employee-ids']);
      for (const connection of [NATIVE, 'import-memory']) {
        const email = `ada.${connection === NATIVE ? 'n' : 'i'}@corp.example.com`;
        const ok = await signup(email, connection);
        assert.equal(ok.status, 200, ok.text);
        assert.equal(ok.json()._id, `emp-ada${connection === NATIVE ? 'n' : 'i'}`);
        const user = (await users().findByEmail(connection, email))!;
        assert.equal(user.user_id, `auth0|emp-ada${connection === NATIVE ? 'n' : 'i'}`);
        assert.equal(user.app_metadata.plan, 'free', 'the earlier Action still applied');
      }
    });
  });
}
