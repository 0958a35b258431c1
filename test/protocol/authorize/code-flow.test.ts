import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { backends, type Harness } from '../support/harness.ts';
import { Browser } from '../support/browser.ts';
import { authorizeInBrowser, discover, startCodeFlow } from '../support/flow.ts';

for (const backend of await backends()) {
  describe(`authorization code flow with PKCE on ${backend.name}`, { skip: backend.skip }, () => {
    let h: Harness;
    before(async () => { h = await backend.start(); });
    after(async () => { await h?.close(); });

    test('openid-client logs in, gets signed tokens, refreshes and reads /userinfo', async () => {
      const user = await h.createUser('alice@example.com', 'correct horse battery staple', { name: 'Alice Liddell' });
      const config = await discover(h, h.demo.client_id, h.demo.client_secret);
      const flow = await startCodeFlow(config, { redirect_uri: h.demo.redirect_uris[0], scope: 'openid profile email offline_access' });
      const browser = new Browser();
      const { callback, loginShown } = await authorizeInBrowser(h, browser, flow.url, user.user_id);
      assert.equal(loginShown, true);
      assert.equal(callback.searchParams.get('state'), flow.state);

      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce });
      const jwks = createRemoteJWKSet(new URL('.well-known/jwks.json', h.issuer));
      const id = await jwtVerify(tokens.id_token!, jwks, { issuer: h.issuer, audience: h.demo.client_id });
      assert.equal(id.payload.sub, user.user_id);
      assert.equal(id.payload.nonce, flow.nonce);
      assert.equal(id.payload.email, 'alice@example.com');
      assert.equal(id.payload.name, 'Alice Liddell');
      assert.equal(typeof id.payload.sid, 'string');
      assert.equal(typeof id.payload.auth_time, 'number');
      assert.equal((id.payload.exp! - id.payload.iat!), 36000);
      const access = await jwtVerify(tokens.access_token, jwks, { issuer: h.issuer, audience: `${h.issuer}userinfo` });
      assert.equal(access.payload.azp, h.demo.client_id);
      assert.equal(access.payload.scope, 'openid profile email offline_access');
      assert.ok(decodeProtectedHeader(tokens.access_token).kid);
      assert.equal(tokens.token_type.toLowerCase(), 'bearer');
      assert.ok(tokens.refresh_token);

      const info = await oidc.fetchUserInfo(config, tokens.access_token, user.user_id);
      assert.equal(info.email, 'alice@example.com');
      assert.equal(info.email_verified, true);

      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      assert.notEqual(refreshed.refresh_token, tokens.refresh_token, 'rotated');
      await jwtVerify(refreshed.id_token!, jwks, { issuer: h.issuer, audience: h.demo.client_id });
    });
  });
}
