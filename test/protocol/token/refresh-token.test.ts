import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { backends, type Harness } from '../support/harness.ts';
import { passwordLogin, postToken } from '../support/token.ts';

for (const backend of await backends()) {
  describe(`refresh_token grant on ${backend.name}`, { skip: backend.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await backend.start();
      await h.createUser('refresh@example.com', 'refresh grant password 1');
    });
    after(async () => { await h?.close(); });

    const login = async (scope = 'openid profile offline_access') => {
      const res = await passwordLogin(h, 'refresh@example.com', 'refresh grant password 1', { scope });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const refresh = (token: string, extra: Record<string, string> = {}, options: { json?: boolean } = {}) => postToken(h, {
      grant_type: 'refresh_token', refresh_token: token, client_id: h.demo.client_id, client_secret: h.demo.client_secret!, ...extra,
    }, options);

    test('each use rotates: a new refresh token, new signed tokens, generation counted in storage', async () => {
      const first = await login();
      const second = await refresh(first.refresh_token);
      assert.equal(second.status, 200, JSON.stringify(second.body));
      assert.notEqual(second.body.refresh_token, first.refresh_token);
      assert.equal(second.body.scope, 'openid profile offline_access');
      const jwks = createRemoteJWKSet(new URL('.well-known/jwks.json', h.issuer));
      const access = await jwtVerify(second.body.access_token, jwks, { issuer: h.issuer });
      assert.equal(access.payload.gty, 'refresh_token');
      await jwtVerify(second.body.id_token, jwks, { issuer: h.issuer, audience: h.demo.client_id });
      const third = await refresh(second.body.refresh_token, {}, { json: true });
      assert.equal(third.status, 200, 'JSON bodies too');
      const rows = await h.server.database.db.selectFrom('refresh_tokens').select(['family_id', 'generation', 'rotated_at'])
        .where('tenant_id', '=', h.tenantId).orderBy('generation').execute();
      const family = rows.filter((r) => r.family_id === rows[rows.length - 1].family_id);
      assert.deepEqual(family.map((r) => [Number(r.generation), r.rotated_at !== null]), [[0, true], [1, true], [2, false]]);
    });

    test('reusing a rotated token is invalid_grant and revokes the whole family', async () => {
      const first = await login();
      const second = await refresh(first.refresh_token);
      assert.equal(second.status, 200);
      const reuse = await refresh(first.refresh_token);
      assert.equal(reuse.status, 403);
      assert.deepEqual(reuse.body, { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' });
      const latest = await refresh(second.body.refresh_token);
      assert.equal(latest.status, 403, 'the newest token of the family is revoked too');
      assert.equal(latest.body.error, 'invalid_grant');
    });

    test('a narrower scope narrows the response but not the family; a wider one is refused', async () => {
      const first = await login();
      const narrow = await refresh(first.refresh_token, { scope: 'openid offline_access' });
      assert.equal(narrow.status, 200);
      assert.equal(narrow.body.scope, 'openid offline_access');
      const again = await refresh(narrow.body.refresh_token);
      assert.equal(again.body.scope, 'openid profile offline_access');

      const before = await h.snapshot();
      const wide = await refresh(again.body.refresh_token, { scope: 'openid email' });
      assert.equal(wide.status, 403);
      assert.deepEqual(wide.body, { error: 'invalid_scope', error_description: 'Scope not granted originally: email' });
      assert.deepEqual(await h.snapshot(), before);
    });

    test('no refresh token without offline_access, or for a client not allowed the refresh_token grant', async () => {
      const plain = await login('openid');
      assert.equal(plain.refresh_token, undefined);
      const noRefresh = await h.createClient({ name: 'No refresh', app_type: 'regular_web', grant_types: ['password'] });
      await h.server.database.db.updateTable('connections').set({ enabled_clients: JSON.stringify([h.demo.client_id, noRefresh.client_id]) })
        .where('tenant_id', '=', h.tenantId).execute();
      const res = await postToken(h, { grant_type: 'password', username: 'refresh@example.com', password: 'refresh grant password 1', scope: 'openid offline_access', client_id: noRefresh.client_id, client_secret: noRefresh.client_secret! });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.refresh_token, undefined);
      assert.equal(res.body.scope, 'openid');
    });

    test('unknown tokens, other clients and revoked tokens are refused; revocation takes the family', async () => {
      const unknown = await refresh('nope');
      assert.deepEqual([unknown.status, unknown.body], [403, { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' }]);
      const missing = await postToken(h, { grant_type: 'refresh_token', client_id: h.demo.client_id, client_secret: h.demo.client_secret! });
      assert.deepEqual([missing.status, missing.body], [400, { error: 'invalid_request', error_description: 'Missing required parameter: refresh_token' }]);

      const first = await login();
      const other = await h.createClient({ name: 'Refresh thief', app_type: 'regular_web' });
      const stolen = await postToken(h, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: other.client_id, client_secret: other.client_secret! });
      assert.deepEqual([stolen.status, stolen.body.error], [403, 'invalid_grant']);

      const otherRevoke = await postToken(h, { token: first.refresh_token, client_id: other.client_id, client_secret: other.client_secret! }, { path: 'oauth/revoke' });
      assert.equal(otherRevoke.status, 200, "another client's revocation is answered alike…");
      assert.equal((await refresh(first.refresh_token)).status, 200, '…but changes nothing');

      const fresh = await login();
      const second = await refresh(fresh.refresh_token);
      const revoked = await postToken(h, { token: second.body.refresh_token, client_id: h.demo.client_id, client_secret: h.demo.client_secret! }, { path: 'oauth/revoke' });
      assert.equal(revoked.status, 200);
      assert.equal(revoked.body, undefined, 'empty body');
      assert.equal((await refresh(second.body.refresh_token)).status, 403);

      const badAuth = await postToken(h, { token: fresh.refresh_token, client_id: h.demo.client_id, client_secret: 'wrong' }, { path: 'oauth/revoke' });
      assert.deepEqual([badAuth.status, badAuth.body], [401, { error: 'access_denied', error_description: 'Unauthorized' }]);
      const noToken = await postToken(h, { client_id: h.demo.client_id, client_secret: h.demo.client_secret! }, { path: 'oauth/revoke' });
      assert.deepEqual([noToken.status, noToken.body], [400, { error: 'invalid_request', error_description: 'Missing required parameter: token' }]);
    });

    test('a blocked user can no longer refresh', async () => {
      const u = await h.createUser('blocked-later@example.com', 'refresh grant password 2');
      const res = await passwordLogin(h, 'blocked-later@example.com', 'refresh grant password 2', { scope: 'openid offline_access' });
      await h.server.database.db.updateTable('users').set({ blocked: 1 }).where('user_id', '=', u.user_id).execute();
      const refused = await refresh(res.body.refresh_token);
      assert.deepEqual([refused.status, refused.body.error], [403, 'invalid_grant']);
    });
  });
}
