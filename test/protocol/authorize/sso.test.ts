import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { backends, type Harness } from '../support/harness.ts';
import { Browser } from '../support/browser.ts';
import { authorizeInBrowser, discover, startCodeFlow } from '../support/flow.ts';
import type { ClientRecord, UserRecord } from '../../../src/storage/index.ts';

for (const backend of await backends()) {
  describe(`SSO session and prompt on ${backend.name}`, { skip: backend.skip }, () => {
    let h: Harness;
    let user: UserRecord;
    let second: ClientRecord;
    before(async () => {
      h = await backend.start();
      user = await h.createUser('sso@example.com', 'single sign on 123');
      second = await h.createClient({ name: 'Second app', app_type: 'spa', redirect_uris: ['http://localhost:4000/cb'], allowed_logout_urls: ['http://localhost:4000/'] });
    });
    after(async () => { await h?.close(); });

    async function flowFor(client: ClientRecord, params: Record<string, string> = {}) {
      const config = await discover(h, client.client_id, client.client_secret);
      const flow = await startCodeFlow(config, { redirect_uri: client.redirect_uris[0], ...params });
      return { config, flow };
    }

    async function loggedInBrowser() {
      const browser = new Browser();
      const { flow } = await flowFor(h.demo);
      const { loginShown } = await authorizeInBrowser(h, browser, flow.url, user.user_id);
      assert.equal(loginShown, true);
      return browser;
    }

    test('the session cookie is HttpOnly, SameSite=Lax, Path=/, and only its hash is stored', async () => {
      const browser = new Browser();
      const { flow } = await flowFor(h.demo);
      const first = await browser.get(flow.url);
      const binding = first.headers.getSetCookie().find((c) => c.startsWith('gh_browser='));
      assert.match(binding!, /; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
      const state = new URL(first.location!, h.issuer).searchParams.get('state')!;
      const { TEST_LOGIN_PATH } = await import('../support/harness.ts');
      const done = await browser.postForm(new URL(TEST_LOGIN_PATH, h.issuer), { state, user_id: user.user_id });
      const cookie = done.headers.getSetCookie().find((c) => c.startsWith('gh_session='))!;
      assert.match(cookie, /^gh_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
      assert.ok(!cookie.includes('Secure'), 'http issuer: no Secure flag');
      const value = cookie.split(';')[0].split('=')[1];
      const rows = await h.server.database.db.selectFrom('sessions').selectAll().where('tenant_id', '=', h.tenantId).execute();
      assert.ok(rows.length >= 1);
      assert.ok(!JSON.stringify(rows).includes(value), 'the cookie value is not stored');
    });

    test('a second client of the tenant gets a code without the login form', async () => {
      const browser = await loggedInBrowser();
      const { config, flow } = await flowFor(second);
      const { callback, loginShown } = await authorizeInBrowser(h, browser, flow.url);
      assert.equal(loginShown, false);
      const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce });
      const id = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL('.well-known/jwks.json', h.issuer)), { issuer: h.issuer, audience: second.client_id });
      assert.equal(id.payload.sub, user.user_id);
    });

    test("a session is not reused for a client its connection is not enabled for", async () => {
      const browser = await loggedInBrowser();
      const stranger = await h.createClient({ name: 'Elsewhere', app_type: 'spa', redirect_uris: ['http://localhost:4100/cb'] }, { enable: false });
      const { flow } = await flowFor(stranger, { prompt: 'none' });
      assert.equal(new URL((await browser.get(flow.url)).location!).searchParams.get('error'), 'login_required');
    });

    test('prompt=none: login_required with the state when there is no session; a code when there is one', async () => {
      const { flow } = await flowFor(second, { prompt: 'none' });
      const none = await new Browser().get(flow.url);
      assert.equal(none.status, 302);
      const target = new URL(none.location!);
      assert.equal(`${target.origin}${target.pathname}`, 'http://localhost:4000/cb');
      assert.equal(target.searchParams.get('error'), 'login_required');
      assert.equal(target.searchParams.get('error_description'), 'Login required');
      assert.equal(target.searchParams.get('state'), flow.state);
      assert.equal(none.headers.getSetCookie().length, 0, 'nothing set, nothing stored for a silent failure');

      const browser = await loggedInBrowser();
      const silent = await browser.get(flow.url);
      assert.ok(new URL(silent.location!).searchParams.get('code'));
    });

    test('prompt=login shows the form even with a live session', async () => {
      const browser = await loggedInBrowser();
      const { flow } = await flowFor(second, { prompt: 'login' });
      const res = await browser.get(flow.url);
      assert.match(res.location!, /^\/u\/login\?state=/);
    });

    test('max_age: an older authentication shows the form; a recent one does not; auth_time is in the ID token', async () => {
      const browser = await loggedInBrowser();
      const recent = await flowFor(second, { max_age: '3600' });
      const { callback, loginShown } = await authorizeInBrowser(h, browser, recent.flow.url);
      assert.equal(loginShown, false);
      const tokens = await oidc.authorizationCodeGrant(recent.config, callback, { pkceCodeVerifier: recent.flow.verifier, expectedState: recent.flow.state, expectedNonce: recent.flow.nonce, maxAge: 3600 });
      assert.equal(typeof tokens.claims()!.auth_time, 'number');

      await h.server.database.db.updateTable('sessions').set({ authenticated_at: new Date(Date.now() - 7200_000).toISOString() })
        .where('tenant_id', '=', h.tenantId).execute();
      const old = await flowFor(second, { max_age: '3600' });
      assert.match((await browser.get(old.flow.url)).location!, /^\/u\/login\?state=/);
    });

    test('screen_hint=signup sends the browser to the signup page', async () => {
      const { flow } = await flowFor(second, { screen_hint: 'signup' });
      assert.match((await new Browser().get(flow.url)).location!, /^\/u\/signup\?state=/);
    });

    test('expired and idle sessions no longer count; nor does a blocked user', async () => {
      const { flow } = await flowFor(second, { prompt: 'none' });
      const idle = await loggedInBrowser();
      await h.server.database.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 4 * 86_400_000).toISOString() })
        .where('tenant_id', '=', h.tenantId).execute();
      assert.equal(new URL((await idle.get(flow.url)).location!).searchParams.get('error'), 'login_required');

      const ended = await loggedInBrowser();
      await h.server.database.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('tenant_id', '=', h.tenantId).execute();
      assert.equal(new URL((await ended.get(flow.url)).location!).searchParams.get('error'), 'login_required');

      const blocked = await loggedInBrowser();
      await h.server.database.db.updateTable('users').set({ blocked: 1 }).where('user_id', '=', user.user_id).execute();
      try {
        assert.equal(new URL((await blocked.get(flow.url)).location!).searchParams.get('error'), 'login_required');
      } finally {
        await h.server.database.db.updateTable('users').set({ blocked: 0 }).where('user_id', '=', user.user_id).execute();
      }
    });

    test('/v2/logout ends the session: the next prompt=none is login_required', async () => {
      const browser = await loggedInBrowser();
      const out = await browser.get(new URL(`v2/logout?client_id=${second.client_id}&returnTo=${encodeURIComponent('http://localhost:4000/')}`, h.issuer));
      assert.equal(out.status, 302);
      assert.equal(out.location, 'http://localhost:4000/');
      assert.equal(browser.jar.has('gh_session'), false);
      const { flow } = await flowFor(second, { prompt: 'none' });
      assert.equal(new URL((await browser.get(flow.url)).location!).searchParams.get('error'), 'login_required');
    });

    test('a new login as someone else replaces the session instead of extending it', async () => {
      const browser = await loggedInBrowser();
      const before = browser.jar.get('gh_session');
      const other = await h.createUser('other@example.com', 'another person 123');
      const { flow } = await flowFor(h.demo, { prompt: 'login' });
      await authorizeInBrowser(h, browser, flow.url, other.user_id);
      assert.notEqual(browser.jar.get('gh_session'), before);
      const silent = await flowFor(h.demo, { prompt: 'none' });
      const { callback } = await authorizeInBrowser(h, browser, silent.flow.url);
      const tokens = await oidc.authorizationCodeGrant(silent.config, callback, { pkceCodeVerifier: silent.flow.verifier, expectedState: silent.flow.state, expectedNonce: silent.flow.nonce });
      assert.equal(tokens.claims()!.sub, other.user_id);
    });
  });
}

describe('cookies behind a TLS proxy and across tenants', () => {
  test('with publicScheme https the cookies are Secure; a session cookie means nothing on another tenant', async () => {
    const { startTestServer } = await import('../../helpers/server.ts');
    const { createTenant } = await import('../../../src/flows/tenants/index.ts');
    const { testLogin, TEST_LOGIN_PATH } = await import('../support/harness.ts');
    const { hashPassword } = await import('../../../src/flows/native-db/index.ts');
    const { createClientQueries, createTenantQueries, createUserQueries } = await import('../../../src/storage/index.ts');
    const server = await startTestServer({ settings: { publicScheme: 'https' }, extraSurfaces: [testLogin] });
    try {
      const tenant = (await createTenantQueries(server.database).findByName('demo'))!;
      const demo = (await createClientQueries(server.database, server.box, tenant.id).list())[0];
      const user = await createUserQueries(server.database, tenant.id).create({ connection: 'Username-Password-Authentication', email: 'tls@example.com', password_hash: await hashPassword('x') });
      const query = `client_id=${demo.client_id}&response_type=code&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256`;
      const start = await server.request(`/authorize?${query}`);
      const binding = ([] as string[]).concat(start.headers['set-cookie'] ?? []).find((c) => c.startsWith('gh_browser='))!;
      assert.match(binding, /; Secure$/);
      const state = new URL(String(start.headers.location), 'https://localhost').searchParams.get('state')!;
      const done = await server.request(TEST_LOGIN_PATH, {
        body: `state=${state}&user_id=${encodeURIComponent(user.user_id)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: binding.split(';')[0] },
      });
      assert.equal(done.status, 302, done.text);
      const session = ([] as string[]).concat(done.headers['set-cookie'] ?? []).find((c) => c.startsWith('gh_session='))!;
      assert.match(session, /; HttpOnly; SameSite=Lax; Secure$/);

      const other = await createTenant({ database: server.database, box: server.box }, { name: 'elsewhere', hostnames: ['elsewhere.localhost'] });
      const silent = await server.request(`/authorize?client_id=${other.application.client_id}&response_type=code&prompt=none`, {
        host: 'elsewhere.localhost', headers: { cookie: session.split(';')[0] },
      });
      assert.equal(new URL(String(silent.headers.location)).searchParams.get('error'), 'login_required');
      const same = await server.request(`/authorize?${query}&prompt=none`, { headers: { cookie: session.split(';')[0] } });
      assert.ok(new URL(String(same.headers.location)).searchParams.get('code'), 'the cookie works on its own tenant');
    } finally {
      await server.close();
    }
  });
});
