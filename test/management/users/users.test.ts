import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createIdentityQueries, createUserQueries } from '../../../src/storage/index.ts';
import { backends, startManagementServer, type ManagementServer } from '../support.ts';

const DB = 'Username-Password-Authentication';
const PASSWORD = 'Passw0rd!long';

for (const backend of await backends()) {
  describe(`Management API users on ${backend.name}`, { skip: backend.skip }, () => {
    let m: ManagementServer;
    before(async () => { m = await startManagementServer(backend.name); });
    after(async () => { await m?.close(); });

    const create = (body: Record<string, unknown>) => m.api('POST', '/users', { body: { connection: DB, password: PASSWORD, ...body } });

    test('create, get, list with totals, users-by-email, delete', async () => {
      const res = await create({ email: 'Ann@Example.com', given_name: 'Ann', app_metadata: { plan: 'gold' }, user_metadata: { theme: 'dark' }, email_verified: true });
      assert.equal(res.status, 201, res.text);
      const ann = res.json();
      assert.match(ann.user_id, /^auth0\|/);
      assert.equal(ann.email, 'ann@example.com');
      assert.equal(ann.email_verified, true);
      assert.deepEqual(ann.app_metadata, { plan: 'gold' });
      assert.deepEqual(ann.identities, [{ connection: DB, provider: 'auth0', user_id: ann.user_id.slice(6), isSocial: false }]);
      assert.equal('password_hash' in ann, false);

      const got = await m.api('GET', `/users/${encodeURIComponent(ann.user_id)}`);
      assert.equal(got.status, 200);
      assert.deepEqual(got.json(), ann);

      await create({ email: 'bob@example.com' });
      const page = await m.api('GET', '/users?include_totals=true&per_page=1&page=1');
      const body = page.json();
      assert.equal(body.total, 2);
      assert.equal(body.start, 1);
      assert.equal(body.limit, 1);
      assert.equal(body.users.length, 1);
      assert.equal(body.users[0].email, 'bob@example.com');

      const byEmail = await m.api('GET', '/users-by-email?email=ANN%40example.com');
      assert.deepEqual(byEmail.json().map((u: { user_id: string }) => u.user_id), [ann.user_id]);

      const fields = await m.api('GET', `/users/${encodeURIComponent(ann.user_id)}?fields=email,user_id&include_fields=true`);
      assert.deepEqual(fields.json(), { user_id: ann.user_id, email: 'ann@example.com' });

      assert.equal((await m.api('DELETE', `/users/${encodeURIComponent(ann.user_id)}`)).status, 204);
      const gone = await m.api('GET', `/users/${encodeURIComponent(ann.user_id)}`);
      assert.equal(gone.status, 404);
      assert.deepEqual(gone.json(), { statusCode: 404, error: 'Not Found', message: 'The user does not exist.', errorCode: 'inexistent_user' });
    });

    test('q: email:, user_id:, app_metadata.x:, quoted values, wildcards, AND/OR', async () => {
      const a = (await create({ email: 'q1@example.com', app_metadata: { plan: 'pro', tier: 3, beta: true } })).json();
      const b = (await create({ email: 'q2@example.com', app_metadata: { plan: 'free plan' } })).json();
      const search = async (q: string) => {
        const res = await m.api('GET', `/users?search_engine=v3&q=${encodeURIComponent(q)}`);
        assert.equal(res.status, 200, res.text);
        return res.json<Array<{ user_id: string }>>().map((u) => u.user_id).sort();
      };
      assert.deepEqual(await search('email:q1@example.com'), [a.user_id]);
      assert.deepEqual(await search('email:"Q2@example.com"'), [b.user_id]);
      assert.deepEqual(await search(`user_id:"${a.user_id}"`), [a.user_id]);
      assert.deepEqual(await search('app_metadata.plan:pro'), [a.user_id]);
      assert.deepEqual(await search('app_metadata.plan:"free plan"'), [b.user_id]);
      assert.deepEqual(await search('app_metadata.tier:3'), [a.user_id]);
      assert.deepEqual(await search('app_metadata.beta:true'), [a.user_id]);
      assert.deepEqual(await search('email:q*'), [a.user_id, b.user_id].sort());
      assert.deepEqual(await search('email:q1@example.com OR app_metadata.plan:"free plan"'), [a.user_id, b.user_id].sort());
      assert.deepEqual(await search('email:q1@example.com AND app_metadata.plan:"free plan"'), []);
      const bad = await m.api('GET', `/users?q=${encodeURIComponent('(email:x')}`);
      assert.equal(bad.status, 400);
      assert.equal(bad.json().errorCode, 'invalid_query_string');
    });

    test('PATCH merges metadata at the top level: null removes a key, nested objects are replaced', async () => {
      const u = (await create({ email: 'merge@example.com', user_metadata: { a: 1, b: { x: 1, y: 2 }, c: 'keep' } })).json();
      const res = await m.api('PATCH', `/users/${encodeURIComponent(u.user_id)}`, { body: { user_metadata: { a: null, b: { z: 3 }, d: 4 }, app_metadata: { role: 'admin' } } });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json().user_metadata, { b: { z: 3 }, c: 'keep', d: 4 });
      assert.deepEqual(res.json().app_metadata, { role: 'admin' });
      const blocked = await m.api('PATCH', `/users/${encodeURIComponent(u.user_id)}`, { body: { blocked: true, name: 'Merged' } });
      assert.equal(blocked.json().blocked, true);
      assert.equal(blocked.json().name, 'Merged');
      assert.deepEqual(blocked.json().user_metadata, { b: { z: 3 }, c: 'keep', d: 4 }, 'untouched metadata stays');
    });

    test('parallel PATCHes of one user\'s metadata each adding a key: no lost update', async () => {
      const u = (await create({ email: 'race@example.com', user_metadata: { start: true } })).json();
      const path = `/users/${encodeURIComponent(u.user_id)}`;
      const token = await m.token();
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) =>
        m.api('PATCH', path, { token, body: i % 2 === 0 ? { user_metadata: { [`k${i}`]: i } } : { app_metadata: { [`k${i}`]: i } } })));
      assert.deepEqual(results.map((r) => r.status), Array(16).fill(200));
      const final = (await m.api('GET', path)).json();
      const expectedUser: Record<string, unknown> = { start: true };
      const expectedApp: Record<string, unknown> = {};
      for (let i = 0; i < 16; i++) (i % 2 === 0 ? expectedUser : expectedApp)[`k${i}`] = i;
      assert.deepEqual(final.user_metadata, expectedUser);
      assert.deepEqual(final.app_metadata, expectedApp);
    });

    test('identities[].access_token/refresh_token only with read:user_idp_tokens', async () => {
      const u = (await create({ email: 'idp@example.com' })).json();
      await createIdentityQueries(m.server.database, m.server.box, m.tenantId).add(u.user_id, {
        provider: 'auth0', connection: DB, identity_user_id: u.user_id.slice(6), access_token: 'idp-access-123', refresh_token: 'idp-refresh-456',
      });
      const path = `/users/${encodeURIComponent(u.user_id)}`;
      const without = (await m.api('GET', path, { token: await m.token({ scopes: ['read:users'] }) })).json();
      assert.equal(without.identities[0].access_token, undefined);
      assert.equal(without.identities[0].refresh_token, undefined);
      assert.doesNotMatch(JSON.stringify(without), /idp-access-123|idp-refresh-456/);
      const withScope = (await m.api('GET', path, { token: await m.token({ scopes: ['read:users', 'read:user_idp_tokens'] }) })).json();
      assert.equal(withScope.identities[0].access_token, 'idp-access-123');
      assert.equal(withScope.identities[0].refresh_token, 'idp-refresh-456');
      const listed = (await m.api('GET', `/users?q=${encodeURIComponent('email:idp@example.com')}`, { token: await m.token({ scopes: ['read:users'] }) })).json();
      assert.doesNotMatch(JSON.stringify(listed), /idp-access-123/);
    });

    test('bad input: unknown fields, wrong types, bad paging, duplicate user, weak password; nothing stored changes', async () => {
      const u = (await create({ email: 'strict@example.com', user_metadata: { keep: 1 } })).json();
      const path = `/users/${encodeURIComponent(u.user_id)}`;
      const unknown = await m.api('PATCH', path, { body: { user_metadata: { lost: 1 }, favourite_colour: 'red' } });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.json().errorCode, 'invalid_body');
      assert.match(unknown.json().message, /^Payload validation error: 'Additional properties not allowed: favourite_colour'/);
      const wrongType = await m.api('PATCH', path, { body: { blocked: 'yes' } });
      assert.equal(wrongType.status, 400);
      assert.match(wrongType.json().message, /Expected type boolean but found type string.*blocked/);
      const notObject = await m.api('PATCH', path, { body: { user_metadata: [1, 2] } });
      assert.equal(notObject.status, 400);
      assert.deepEqual((await m.api('GET', path)).json().user_metadata, { keep: 1 }, 'no partial write');
      assert.equal((await m.api('GET', '/users?per_page=1000')).status, 400);
      const dup = await create({ email: 'strict@example.com' });
      assert.equal(dup.status, 409);
      assert.deepEqual(dup.json(), { statusCode: 409, error: 'Conflict', message: 'The user already exists.', errorCode: 'auth0_idp_error' });
      const weak = await create({ email: 'weak@example.com', password: 'abc' });
      assert.equal(weak.status, 400);
      assert.match(weak.json().message, /PasswordStrengthError/);
      assert.equal(await createUserQueries(m.server.database, m.tenantId).findByEmail(DB, 'weak@example.com'), undefined);
      const badJson = await m.server.request('/api/v2/users', { method: 'POST', headers: { authorization: `Bearer ${await m.token()}`, 'content-type': 'application/json' }, body: '{"connection":' });
      assert.equal(badJson.status, 400);
      assert.equal(badJson.json().statusCode, 400);
    });

    test('password change through PATCH hashes the new password', async () => {
      const u = (await create({ email: 'pwchange@example.com' })).json();
      const before = (await createUserQueries(m.server.database, m.tenantId).find(u.user_id))!.password_hash;
      const res = await m.api('PATCH', `/users/${encodeURIComponent(u.user_id)}`, { body: { password: 'An0ther!Passw0rd', connection: DB } });
      assert.equal(res.status, 200, res.text);
      const after = (await createUserQueries(m.server.database, m.tenantId).find(u.user_id))!.password_hash;
      assert.notEqual(after, before);
      assert.doesNotMatch(after ?? '', /An0ther/);
    });
  });
}
