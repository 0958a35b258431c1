import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { backends, type Harness } from '../support/harness.ts';
import { passwordLogin, postToken } from '../support/token.ts';
import type { UserRecord } from '../../../src/storage/index.ts';

const REALM = 'http://auth0.com/oauth/grant-type/password-realm';

for (const backend of await backends()) {
  describe(`password and password-realm grants on ${backend.name}`, { skip: backend.skip }, () => {
    let h: Harness;
    let user: UserRecord;
    before(async () => {
      h = await backend.start();
      user = await h.createUser('pat@example.com', 'open sesame 12345', { given_name: 'Pat', family_name: 'Doe', name: 'Pat Doe' });
    });
    after(async () => { await h?.close(); });

    test('password: the default directory; an ID token with the profile claims asked for; gty password', async () => {
      const res = await passwordLogin(h, 'pat@example.com', 'open sesame 12345', { scope: 'openid profile' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.scope, 'openid profile');
      const jwks = createRemoteJWKSet(new URL('.well-known/jwks.json', h.issuer));
      const id = await jwtVerify(res.body.id_token, jwks, { issuer: h.issuer, audience: h.demo.client_id });
      assert.equal(id.payload.sub, user.user_id);
      assert.equal(id.payload.given_name, 'Pat');
      assert.equal(id.payload.name, 'Pat Doe');
      assert.equal(id.payload.email, undefined, 'no email scope, no email claim');
      assert.equal(typeof id.payload.auth_time, 'number');
      const access = await jwtVerify(res.body.access_token, jwks, { issuer: h.issuer, audience: `${h.issuer}userinfo` });
      assert.equal(access.payload.gty, 'password');
    });

    test('password-realm with realm = the connection, JSON body, an audience and offline_access', async () => {
      const api = await h.createApi({ identifier: 'https://pw.example', scopes: [{ value: 'read:pw' }], allow_offline_access: true });
      const res = await postToken(h, {
        grant_type: REALM, realm: 'Username-Password-Authentication', username: 'PAT@example.com', password: 'open sesame 12345',
        audience: api.identifier, scope: 'openid read:pw offline_access', client_id: h.demo.client_id, client_secret: h.demo.client_secret!,
      }, { json: true });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.scope, 'openid read:pw offline_access');
      assert.ok(res.body.refresh_token);
      const { payload } = await jwtVerify(res.body.access_token, createRemoteJWKSet(new URL('.well-known/jwks.json', h.issuer)), { issuer: h.issuer, audience: api.identifier });
      assert.deepEqual(payload.aud, [api.identifier, `${h.issuer}userinfo`]);
    });

    test('an API that does not allow offline access gets no refresh token', async () => {
      const api = await h.createApi({ identifier: 'https://no-offline.example' });
      const res = await passwordLogin(h, 'pat@example.com', 'open sesame 12345', { audience: api.identifier, scope: 'openid offline_access' });
      assert.equal(res.status, 200);
      assert.equal(res.body.refresh_token, undefined);
      assert.equal(res.body.scope, 'openid');
    });

    test('wrong password and unknown user: 403 invalid_grant "Wrong email or password.", nothing issued', async () => {
      const before = await h.snapshot();
      for (const [username, password] of [['pat@example.com', 'not it'], ['nobody@example.com', 'open sesame 12345']]) {
        const res = await passwordLogin(h, username, password);
        assert.equal(res.status, 403);
        assert.deepEqual(res.body, { error: 'invalid_grant', error_description: 'Wrong email or password.' });
        assert.equal(res.headers.get('cache-control'), 'no-store');
      }
      const after = await h.snapshot();
      assert.deepEqual(after.refresh_tokens, before.refresh_tokens);
    });

    test('a blocked user gets 401 unauthorized "user is blocked"', async () => {
      await h.createUser('blocked@example.com', 'open sesame 67890', { blocked: true });
      const res = await passwordLogin(h, 'blocked@example.com', 'open sesame 67890');
      assert.deepEqual([res.status, res.body], [401, { error: 'unauthorized', error_description: 'user is blocked' }]);
    });

    test('missing parameters, unknown realm, unknown audience', async () => {
      const noPassword = await postToken(h, { grant_type: 'password', username: 'pat@example.com', client_id: h.demo.client_id, client_secret: h.demo.client_secret! });
      assert.deepEqual([noPassword.status, noPassword.body], [400, { error: 'invalid_request', error_description: 'Missing required parameter: password' }]);
      const noRealm = await postToken(h, { grant_type: REALM, username: 'pat@example.com', password: 'x', client_id: h.demo.client_id, client_secret: h.demo.client_secret! });
      assert.deepEqual([noRealm.status, noRealm.body], [400, { error: 'invalid_request', error_description: 'Missing required parameter: realm' }]);
      const badRealm = await postToken(h, { grant_type: REALM, realm: 'Nope', username: 'pat@example.com', password: 'x', client_id: h.demo.client_id, client_secret: h.demo.client_secret! });
      assert.equal(badRealm.status, 400);
      assert.equal(badRealm.body.error, 'invalid_request');
      const badAudience = await passwordLogin(h, 'pat@example.com', 'open sesame 12345', { audience: 'https://unknown.example' });
      assert.deepEqual([badAudience.status, badAudience.body], [403, { error: 'access_denied', error_description: 'Service not found: https://unknown.example' }]);
    });

    test('auth0-forwarded-for is trusted from a confidential client only', async () => {
      await passwordLogin(h, 'pat@example.com', 'open sesame 12345', {}).then((r) => assert.equal(r.status, 200));
      const res = await postToken(h, {
        grant_type: 'password', username: 'pat@example.com', password: 'open sesame 12345', client_id: h.demo.client_id, client_secret: h.demo.client_secret!,
      }, { headers: { 'auth0-forwarded-for': '203.0.113.9' } });
      assert.equal(res.status, 200);
      const lastIp = async () => (await h.server.database.db.selectFrom('users').select('last_ip').where('user_id', '=', user.user_id).executeTakeFirstOrThrow()).last_ip;
      assert.equal(await lastIp(), '203.0.113.9');

      const native = await h.createClient({ name: 'Native', app_type: 'native', grant_types: ['password'] });
      await h.server.database.db.updateTable('connections').set({ enabled_clients: JSON.stringify([h.demo.client_id, native.client_id]) })
        .where('tenant_id', '=', h.tenantId).execute();
      const spoofed = await postToken(h, { grant_type: 'password', username: 'pat@example.com', password: 'open sesame 12345', client_id: native.client_id },
        { headers: { 'auth0-forwarded-for': '198.51.100.7' } });
      assert.equal(spoofed.status, 200, JSON.stringify(spoofed.body));
      assert.equal(await lastIp(), '127.0.0.1', 'a public client cannot choose the address being counted');
    });
  });
}
