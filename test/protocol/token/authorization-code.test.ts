import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { backends, type Harness } from '../support/harness.ts';
import { Browser } from '../support/browser.ts';
import { authorizeInBrowser, discover, startCodeFlow } from '../support/flow.ts';
import { postToken } from '../support/token.ts';
import type { UserRecord } from '../../../src/storage/index.ts';

for (const backend of await backends()) {
  describe(`authorization_code grant on ${backend.name}`, { skip: backend.skip }, () => {
    let h: Harness;
    let user: UserRecord;
    before(async () => {
      h = await backend.start();
      user = await h.createUser('code@example.com', 'code grant password 1');
    });
    after(async () => { await h?.close(); });

    /** A fresh code for the demo app (PKCE S256), without redeeming it. */
    async function freshCode(scope = 'openid offline_access') {
      const config = await discover(h, h.demo.client_id, h.demo.client_secret);
      const flow = await startCodeFlow(config, { redirect_uri: h.demo.redirect_uris[0], scope });
      const { callback } = await authorizeInBrowser(h, new Browser(), flow.url, user.user_id);
      return { code: callback.searchParams.get('code')!, verifier: flow.verifier, config, callback, flow };
    }

    const redeem = (code: string, verifier: string, extra: Record<string, string> = {}) => postToken(h, {
      grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: h.demo.redirect_uris[0],
      client_id: h.demo.client_id, client_secret: h.demo.client_secret!, ...extra,
    });

    test('a code is single use: the replay is invalid_grant and revokes the refresh token issued from it', async () => {
      const { code, verifier } = await freshCode();
      const first = await redeem(code, verifier);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.headers.get('cache-control'), 'no-store');
      assert.deepEqual(Object.keys(first.body).sort(), ['access_token', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type']);
      assert.equal(first.body.token_type, 'Bearer');
      assert.equal(first.body.expires_in, 86400);

      const replay = await redeem(code, verifier);
      assert.equal(replay.status, 403);
      assert.deepEqual(replay.body, { error: 'invalid_grant', error_description: 'Invalid authorization code' });

      const refresh = await postToken(h, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token, client_id: h.demo.client_id, client_secret: h.demo.client_secret! });
      assert.equal(refresh.status, 403);
      assert.deepEqual(refresh.body, { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' });
    });

    test('a wrong PKCE verifier is refused and spends nothing: the right one still works after', async () => {
      const { code, verifier } = await freshCode();
      const before = await h.snapshot();
      const wrong = await redeem(code, oidc.randomPKCECodeVerifier());
      assert.equal(wrong.status, 403);
      assert.deepEqual(wrong.body, { error: 'invalid_grant', error_description: 'Failed to verify code verifier' });
      const missing = await postToken(h, { grant_type: 'authorization_code', code, redirect_uri: h.demo.redirect_uris[0], client_id: h.demo.client_id, client_secret: h.demo.client_secret! });
      assert.equal(missing.status, 400);
      assert.deepEqual(missing.body, { error: 'invalid_request', error_description: 'Missing required parameter: code_verifier' });
      const otherRedirect = await redeem(code, verifier, { redirect_uri: 'http://localhost:3000/elsewhere' });
      assert.equal(otherRedirect.status, 403);
      assert.equal(otherRedirect.body.error, 'invalid_grant');
      assert.deepEqual(await h.snapshot(), before, 'nothing stored changed');
      assert.equal((await redeem(code, verifier)).status, 200);
    });

    test('unknown, expired and other clients\' codes are invalid_grant', async () => {
      const unknown = await redeem('not-a-code', oidc.randomPKCECodeVerifier());
      assert.deepEqual([unknown.status, unknown.body], [403, { error: 'invalid_grant', error_description: 'Invalid authorization code' }]);

      const other = await h.createClient({ name: 'Other web', app_type: 'regular_web', redirect_uris: ['https://other.example/cb'] });
      const stolen = await freshCode();
      const cross = await postToken(h, { grant_type: 'authorization_code', code: stolen.code, code_verifier: stolen.verifier, redirect_uri: h.demo.redirect_uris[0], client_id: other.client_id, client_secret: other.client_secret! });
      assert.deepEqual([cross.status, cross.body.error], [403, 'invalid_grant']);

      const old = await freshCode();
      await h.server.database.db.updateTable('authorization_codes').set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('tenant_id', '=', h.tenantId).where('used_at', 'is', null).execute();
      const expired = await redeem(old.code, old.verifier);
      assert.deepEqual([expired.status, expired.body.error], [403, 'invalid_grant']);
    });

    test('codes live about a minute', async () => {
      const { code } = await freshCode();
      const { createHash } = await import('node:crypto');
      const row = await h.server.database.db.selectFrom('authorization_codes').selectAll()
        .where('code_hash', '=', createHash('sha256').update(code).digest('hex')).executeTakeFirstOrThrow();
      const life = Date.parse(row.expires_at) - Date.parse(row.created_at);
      assert.ok(life > 59_000 && life <= 60_000, `code life ${life} ms`);
      assert.ok(!JSON.stringify(row).includes(code), 'only the hash of the code is stored');
    });

    test('a public SPA client redeems with PKCE and no secret (openid-client, token_endpoint_auth_method none)', async () => {
      const spa = await h.createClient({ name: 'SPA', app_type: 'spa', redirect_uris: ['http://localhost:5173/callback'] });
      assert.equal(spa.client_secret, null);
      const config = await discover(h, spa.client_id);
      const flow = await startCodeFlow(config, { redirect_uri: 'http://localhost:5173/callback' });
      const { callback } = await authorizeInBrowser(h, new Browser(), flow.url, user.user_id);
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce });
      const jwks = createRemoteJWKSet(new URL('.well-known/jwks.json', h.issuer));
      const id = await jwtVerify(tokens.id_token!, jwks, { issuer: h.issuer, audience: spa.client_id });
      assert.equal(id.payload.sub, user.user_id);
      assert.equal(tokens.refresh_token, undefined, 'no offline_access asked');
    });

    test('an audience with openid gives an access token for the API and /userinfo', async () => {
      const api = await h.createApi({ identifier: 'https://api.code.example', scopes: [{ value: 'read:things' }], enforce_policies: true, token_dialect: 'access_token_authz' });
      const { config, flow, callback } = await (async () => {
        const cfg = await discover(h, h.demo.client_id, h.demo.client_secret);
        const f = await startCodeFlow(cfg, { redirect_uri: h.demo.redirect_uris[0], scope: 'openid read:things write:things', audience: api.identifier });
        return { config: cfg, flow: f, callback: (await authorizeInBrowser(h, new Browser(), f.url, user.user_id)).callback };
      })();
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce });
      const jwks = createRemoteJWKSet(new URL('.well-known/jwks.json', h.issuer));
      const access = await jwtVerify(tokens.access_token, jwks, { issuer: h.issuer, audience: api.identifier });
      assert.deepEqual(access.payload.aud, [api.identifier, `${h.issuer}userinfo`]);
      assert.equal(access.payload.scope, 'openid read:things', 'scopes the API does not define are dropped');
      assert.deepEqual(access.payload.permissions, ['read:things']);
      assert.equal(access.payload.gty, undefined);
    });
  });
}
