import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT, generateKeyPair } from 'jose';
import { createTenant } from '../../../src/flows/tenants/index.ts';
import { backends, type Harness } from '../support/harness.ts';
import { passwordLogin, postToken } from '../support/token.ts';

for (const backend of await backends()) {
  describe(`/userinfo and tenant isolation on ${backend.name}`, { skip: backend.skip }, () => {
    let h: Harness;
    before(async () => {
      h = await backend.start();
      await h.createUser('info@example.com', 'user info password', { given_name: 'Ina', phone_number: '+15550100' });
    });
    after(async () => { await h?.close(); });

    const userinfo = (token: string | undefined, method = 'GET') => fetch(new URL('userinfo', h.issuer), {
      method, headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

    test('GET and POST answer the claims of the token\'s scopes', async () => {
      const login = await passwordLogin(h, 'info@example.com', 'user info password', { scope: 'openid email phone' });
      for (const method of ['GET', 'POST']) {
        const res = await userinfo(login.body.access_token, method);
        assert.equal(res.status, 200);
        const body = await res.json() as Record<string, string>;
        assert.equal(body.email, 'info@example.com');
        assert.equal(body.phone_number, '+15550100');
        assert.equal(body.given_name, undefined, 'no profile scope');
        assert.match(body.sub, /^auth0\|/);
      }
    });

    test('missing, forged, foreign and non-openid tokens: 401 with WWW-Authenticate Bearer error="invalid_token"', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const forged = await new SignJWT({ scope: 'openid' }).setProtectedHeader({ alg: 'RS256', kid: 'forged' })
        .setIssuer(h.issuer).setAudience(`${h.issuer}userinfo`).setSubject('auth0|x').setIssuedAt().setExpirationTime('1h').sign(privateKey);
      const api = await h.createApi({ identifier: 'https://only-api.example' });
      const apiOnly = await passwordLogin(h, 'info@example.com', 'user info password', { scope: 'read', audience: api.identifier });
      assert.equal(apiOnly.status, 200);
      for (const token of [undefined, 'garbage', forged, apiOnly.body.access_token]) {
        const res = await userinfo(token);
        assert.equal(res.status, 401, String(token).slice(0, 20));
        assert.equal(res.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
        assert.equal((await res.json() as { error: string }).error, 'invalid_token');
      }
    });

    test('nothing crosses tenants: tokens, codes, refresh tokens and clients of one are unknown to another', async () => {
      const other = await createTenant({ database: h.server.database, box: h.server.box }, { name: 'other-tenant', hostnames: ['other.localhost'] });
      const mine = await passwordLogin(h, 'info@example.com', 'user info password', { scope: 'openid offline_access' });
      const request = h.server.request;

      const info = await request('/userinfo', { host: 'other.localhost', headers: { authorization: `Bearer ${mine.body.access_token}` } });
      assert.equal(info.status, 401, "another tenant's issuer and keys");

      const refresh = await request('/oauth/token', {
        host: 'other.localhost',
        body: { grant_type: 'refresh_token', refresh_token: mine.body.refresh_token, client_id: other.application.client_id, client_secret: other.application.client_secret },
      });
      assert.deepEqual([refresh.status, refresh.json().error], [403, 'invalid_grant']);

      const demoClientThere = await request('/oauth/token', {
        host: 'other.localhost',
        body: { grant_type: 'password', username: 'info@example.com', password: 'user info password', client_id: h.demo.client_id, client_secret: h.demo.client_secret },
      });
      assert.deepEqual([demoClientThere.status, demoClientThere.json()], [401, { error: 'access_denied', error_description: 'Unauthorized' }]);

      const userThere = await request('/oauth/token', {
        host: 'other.localhost',
        body: { grant_type: 'password', username: 'info@example.com', password: 'user info password', client_id: other.application.client_id, client_secret: other.application.client_secret },
      });
      assert.deepEqual([userThere.status, userThere.json().error], [403, 'invalid_grant']);

      const stillMine = await postToken(h, { grant_type: 'refresh_token', refresh_token: mine.body.refresh_token, client_id: h.demo.client_id, client_secret: h.demo.client_secret! });
      assert.equal(stillMine.status, 200);
    });
  });
}
