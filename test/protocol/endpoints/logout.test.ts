import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type Harness } from '../support/harness.ts';
import { Browser } from '../support/browser.ts';
import { authorizeInBrowser, discover, startCodeFlow } from '../support/flow.ts';
import { passwordLogin } from '../support/token.ts';
import type { UserRecord } from '../../../src/storage/index.ts';

for (const backend of await backends()) {
  describe(`logout on ${backend.name}`, { skip: backend.skip }, () => {
    let h: Harness;
    let user: UserRecord;
    before(async () => {
      h = await backend.start();
      user = await h.createUser('bye@example.com', 'logout password 1');
    });
    after(async () => { await h?.close(); });

    async function loggedIn(): Promise<Browser> {
      const browser = new Browser();
      const config = await discover(h, h.demo.client_id, h.demo.client_secret);
      const flow = await startCodeFlow(config, { redirect_uri: h.demo.redirect_uris[0] });
      await authorizeInBrowser(h, browser, flow.url, user.user_id);
      assert.ok(browser.jar.has('gh_session'));
      return browser;
    }
    const sessions = async () => (await h.server.database.db.selectFrom('sessions').select('id_hash').where('tenant_id', '=', h.tenantId).execute()).length;

    test('/v2/logout without returnTo: a plain page, the session gone server-side', async () => {
      const browser = await loggedIn();
      const count = await sessions();
      const res = await browser.get(new URL('v2/logout', h.issuer));
      assert.equal(res.status, 200);
      assert.match(res.text, /You have been logged out\./);
      assert.equal(await sessions(), count - 1);
      assert.equal(browser.jar.has('gh_session'), false);
    });

    test('/v2/logout with a returnTo that is not allowed (or no client_id): a page saying so, no redirect', async () => {
      for (const query of [`client_id=${h.demo.client_id}&returnTo=https%3A%2F%2Fevil.example%2F`, 'returnTo=http%3A%2F%2Flocalhost%3A3000']) {
        const browser = await loggedIn();
        const res = await browser.get(new URL(`v2/logout?${query}`, h.issuer));
        assert.equal(res.status, 400);
        assert.equal(res.location, null);
        assert.match(res.text, /is not one of the application&#39;s Allowed Logout URLs\./);
        assert.equal(browser.jar.has('gh_session'), false, 'logged out all the same');
      }
    });

    test('/v2/logout with an allowed returnTo redirects there', async () => {
      const browser = await loggedIn();
      const res = await browser.get(new URL(`v2/logout?client_id=${h.demo.client_id}&returnTo=${encodeURIComponent(h.demo.allowed_logout_urls[0])}`, h.issuer));
      assert.equal(res.status, 302);
      assert.equal(res.location, h.demo.allowed_logout_urls[0]);
    });

    test('/oidc/logout with id_token_hint and post_logout_redirect_uri (openid-client buildEndSessionUrl)', async () => {
      const browser = await loggedIn();
      const login = await passwordLogin(h, 'bye@example.com', 'logout password 1');
      const config = await discover(h, h.demo.client_id, h.demo.client_secret);
      const { buildEndSessionUrl } = await import('openid-client');
      const url = buildEndSessionUrl(config, { id_token_hint: login.body.id_token, post_logout_redirect_uri: h.demo.allowed_logout_urls[0], state: 'bye' });
      const res = await browser.get(url);
      assert.equal(res.status, 302);
      assert.equal(res.location, `${h.demo.allowed_logout_urls[0]}/?state=bye`);
      assert.equal(browser.jar.has('gh_session'), false);

      const forged = await browser.get(new URL(`oidc/logout?id_token_hint=x.y.z&post_logout_redirect_uri=${encodeURIComponent(h.demo.allowed_logout_urls[0])}`, h.issuer));
      assert.equal(forged.status, 400);
      const otherUrl = await browser.get(new URL(`oidc/logout?client_id=${h.demo.client_id}&post_logout_redirect_uri=https%3A%2F%2Fevil.example`, h.issuer));
      assert.equal(otherUrl.status, 400);
    });
  });
}
