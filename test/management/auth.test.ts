import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTenant } from '../../src/flows/tenants/index.ts';
import { createUserQueries } from '../../src/storage/index.ts';
import { hashPassword } from '../../src/flows/native-db/index.ts';
import { backends, startManagementServer, type ManagementServer } from './support.ts';

for (const backend of await backends()) {
  describe(`Management API access on ${backend.name}`, { skip: backend.skip }, () => {
    let m: ManagementServer;
    before(async () => { m = await startManagementServer(backend.name); });
    after(async () => { await m?.close(); });

    test('no token, a malformed header or a forged token: 401 in the Management shape', async () => {
      const none = await m.server.request('/api/v2/users');
      assert.equal(none.status, 401);
      assert.deepEqual(none.json(), { statusCode: 401, error: 'Unauthorized', message: 'Missing authentication', errorCode: 'invalid_token' });
      const basic = await m.api('GET', '/users', { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
      assert.equal(basic.status, 401);
      const good = await m.token();
      const [h, p] = good.split('.');
      const forged = `${h}.${p}.${'A'.repeat(342)}`;
      const res = await m.api('GET', '/users', { token: forged });
      assert.equal(res.status, 401);
      assert.equal(res.json().message, 'Invalid token');
    });

    test('a token of another tenant is refused', async () => {
      await createTenant({ database: m.server.database, box: m.server.box }, { name: 'other', hostnames: ['other.localhost'] });
      const foreign = await m.token({ host: 'other.localhost' });
      const ownTenant = await m.api('GET', '/clients', { token: foreign, host: 'other.localhost' });
      assert.equal(ownTenant.status, 200, 'valid at its own tenant');
      assert.ok(ownTenant.json<Array<{ name: string }>>().some((c) => c.name === 'API Explorer Application'));
      const elsewhere = await m.api('GET', '/clients', { token: foreign, host: 'localhost' });
      assert.equal(elsewhere.status, 401);
      assert.equal(elsewhere.json().errorCode, 'invalid_token');
    });

    test('every endpoint checks its scope: 403 insufficient_scope naming the scope', async () => {
      const readOnly = await m.token({ scopes: ['read:users'] });
      assert.equal((await m.api('GET', '/users', { token: readOnly })).status, 200);
      const denied = await m.api('GET', '/clients', { token: readOnly });
      assert.equal(denied.status, 403);
      assert.deepEqual(denied.json(), { statusCode: 403, error: 'Forbidden', message: 'Insufficient scope, expected any of: read:clients,read:client_keys', errorCode: 'insufficient_scope' });
      const create = await m.api('POST', '/users', { token: readOnly, body: { connection: 'Username-Password-Authentication', email: 'x@example.com', password: 'Passw0rd!long' } });
      assert.equal(create.status, 403);
      assert.equal((await createUserQueries(m.server.database, m.tenantId).count()), 0, 'nothing was created');
    });

    test('a user cannot obtain Management API scopes through the password grant', async () => {
      const email = 'pw-user@example.com';
      await createUserQueries(m.server.database, m.tenantId).create({ connection: 'Username-Password-Authentication', email, password_hash: await hashPassword('Passw0rd!long') });
      const clients = await m.api('GET', '/clients');
      const demo = clients.json<Array<{ name: string; client_id: string; client_secret: string }>>().find((c) => c.name === 'Demo Application')!;
      const res = await m.server.request('/oauth/token', {
        body: { grant_type: 'password', client_id: demo.client_id, client_secret: demo.client_secret, username: email, password: 'Passw0rd!long', audience: 'http://localhost/api/v2/', scope: 'read:users delete:users' },
      });
      assert.equal(res.status, 200, res.text);
      const token = res.json<{ access_token: string; scope: string }>();
      assert.doesNotMatch(token.scope, /read:users|delete:users/);
      assert.equal((await m.api('GET', '/users', { token: token.access_token })).status, 403);
    });

    test('an unknown path under /api/v2 is a Management-shaped 404', async () => {
      const res = await m.api('GET', '/no-such-thing');
      assert.equal(res.status, 404);
      assert.equal(res.json().statusCode, 404);
    });
  });
}
