import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createExecutionLogQueries, createTenantQueries } from '../../../src/storage/index.ts';
import { createPostgresDatabase, dialects } from '../../helpers/dialects.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

const CONNECTION = 'Username-Password-Authentication';
const PASSWORD = 'Sign-up-passw0rd';
const SENT = "We've just sent you an email to reset your password.";

for (const dialect of await dialects()) {
  describe(`/dbconnections on ${dialect.name}`, { skip: dialect.skip }, () => {
    let server: TestServer;
    let clientId: string;
    let drop: (() => Promise<void>) | undefined;

    before(async () => {
      let settings: Record<string, string> = {};
      if (dialect.name === 'postgres') {
        const fresh = await createPostgresDatabase();
        drop = fresh.drop;
        settings = { db: fresh.url };
      }
      server = await startTestServer({ settings });
      clientId = server.demo!.application.client_id;
    });
    after(async () => {
      await server?.close();
      await drop?.();
    });

    const signup = (body: unknown, headers?: Record<string, string>) => server.request('/dbconnections/signup', { method: 'POST', body, headers });

    test('signup answers 200 with the id without its prefix and the fields given', async () => {
      const res = await signup({
        client_id: clientId, connection: CONNECTION, email: 'Ada@Example.com', password: PASSWORD,
        username: 'ada', given_name: 'Ada', family_name: 'Lovelace', name: 'Ada Lovelace', nickname: 'ada', picture: 'https://example.com/a.png',
        user_metadata: { plan: 'gold' },
      });
      assert.equal(res.status, 200);
      const body = res.json();
      assert.match(body._id, /^[0-9a-f]{24}$/);
      assert.deepEqual(body, {
        _id: body._id, email: 'ada@example.com', email_verified: false, username: 'ada', given_name: 'Ada', family_name: 'Lovelace',
        name: 'Ada Lovelace', nickname: 'ada', picture: 'https://example.com/a.png', user_metadata: { plan: 'gold' },
      });
    });

    test('signup takes form bodies too and echoes only what was sent', async () => {
      const form = new URLSearchParams({ client_id: clientId, connection: CONNECTION, email: 'form@example.com', password: PASSWORD }).toString();
      const res = await signup(form, { 'content-type': 'application/x-www-form-urlencoded' });
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.json()).sort(), ['_id', 'email', 'email_verified']);
    });

    test('an existing email in another case is user_exists in the legacy shape', async () => {
      const res = await signup({ client_id: clientId, connection: CONNECTION, email: 'ADA@example.com', password: PASSWORD });
      assert.equal(res.status, 400);
      assert.deepEqual(res.json(), { name: 'BadRequestError', code: 'user_exists', description: 'The user already exists.', statusCode: 400 });
    });

    test('a weak password is Auth0\'s PasswordStrengthError body', async () => {
      const res = await signup({ client_id: clientId, connection: CONNECTION, email: 'weak@example.com', password: 'abcdefgh' });
      assert.equal(res.status, 400);
      assert.deepEqual(res.json(), {
        name: 'PasswordStrengthError',
        message: 'Password is too weak',
        code: 'invalid_password',
        description: {
          rules: [
            { message: 'At least %d characters in length', format: [8], code: 'lengthAtLeast', verified: true },
            {
              message: 'Contain at least %d of the following %d types of characters:', format: [3, 4], code: 'containsAtLeast', verified: false,
              items: [
                { message: 'lower case letters (a-z)', code: 'lowerCase', verified: true },
                { message: 'upper case letters (A-Z)', code: 'upperCase', verified: false },
                { message: 'numbers (i.e. 0-9)', code: 'numbers', verified: false },
                { message: 'special characters (e.g. !@#$%^&*)', code: 'specialCharacters', verified: false },
              ],
            },
          ],
          verified: false,
        },
        policy: 'good',
        statusCode: 400,
      });
    });

    test('bad input gets a legacy error naming the problem and creates nothing', async () => {
      const cases: [unknown, string, string][] = [
        [{ client_id: clientId, connection: CONNECTION, email: 'x@example.com' }, 'invalid_body', 'Missing required parameter: password'],
        [{ connection: CONNECTION, email: 'x@example.com', password: PASSWORD }, 'invalid_body', 'Missing required parameter: client_id'],
        [{ client_id: clientId, connection: CONNECTION, email: 'not-an-email', password: PASSWORD }, 'invalid_body', "Object didn't pass validation for format email: not-an-email"],
        [{ client_id: 'nope', connection: CONNECTION, email: 'x@example.com', password: PASSWORD }, 'bad.client_id', 'Unknown client: nope'],
        [{ client_id: clientId, connection: 'nope', email: 'x@example.com', password: PASSWORD }, 'bad.connection', 'The connection does not exist or is not a database connection.'],
        [{ client_id: clientId, connection: CONNECTION, email: 'x@example.com', password: PASSWORD, user_metadata: { nested: { a: 1 } } }, 'invalid_body', 'Invalid parameter: user_metadata.nested (Invalid input: expected string, received object)'],
      ];
      for (const [body, code, description] of cases) {
        const res = await signup(body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.deepEqual(res.json(), { name: 'BadRequestError', code, description, statusCode: 400 });
      }
      const malformed = await signup('{"email":', { 'content-type': 'application/json' });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.json().code, 'invalid_body');
      const tenant = await createTenantQueries(server.database).findByName('demo');
      const users = await server.database.db.selectFrom('users').select('email').where('tenant_id', '=', tenant!.id).execute();
      assert.ok(!users.some((u) => u.email === 'x@example.com'), 'a refused signup stored a user');
    });

    test('change_password says the same whether or not the user exists, and only mails a real user', async () => {
      const tenant = (await createTenantQueries(server.database).findByName('demo'))!;
      const known = await server.request('/dbconnections/change_password', { method: 'POST', body: { client_id: clientId, connection: CONNECTION, email: 'ada@example.com' } });
      const unknown = await server.request('/dbconnections/change_password', { method: 'POST', body: { client_id: clientId, connection: CONNECTION, email: 'nobody@example.com' } });
      for (const res of [known, unknown]) {
        assert.equal(res.status, 200);
        assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
        assert.equal(res.text, SENT);
      }
      const mails = await createExecutionLogQueries(server.database, tenant.id).list({ type: 'email', code_id: 'reset_password' });
      assert.deepEqual(mails.map((m) => m.details.to), ['ada@example.com']);
      const bad = await server.request('/dbconnections/change_password', { method: 'POST', body: { client_id: clientId, email: 'ada@example.com' } });
      assert.deepEqual(bad.json(), { name: 'BadRequestError', code: 'invalid_body', description: 'Missing required parameter: connection', statusCode: 400 });
    });

    test('passwords and ticket tokens stay out of the server log', async () => {
      const tenant = (await createTenantQueries(server.database).findByName('demo'))!;
      const [mail] = await createExecutionLogQueries(server.database, tenant.id).list({ type: 'email', code_id: 'reset_password' });
      const ticket = new URL(String(mail.details.link)).searchParams.get('ticket')!;
      await server.request(`/u/reset-password/ticket?ticket=${ticket}`);
      assert.ok(!server.logs().includes(PASSWORD), 'a password reached the log');
      const requestLines = server.logs().split('\n').filter((l) => l.includes('"incoming request"'));
      assert.ok(requestLines.length > 0);
      assert.ok(!requestLines.some((l) => l.includes(ticket)), 'a ticket token reached a request log line');
    });
  });
}
