// Actions in Chromium: the interactive login with post-login Actions, a deny shown to the app,
// and a redirect Action's round trip through an external terms page served by this test, which
// reads Gatehouse's token and POSTs the browser back to /continue.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { SignJWT, jwtVerify } from 'jose';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, chromiumUnavailable } from '../../ui/support.ts';
import { PASSWORD, claims, redeem, worldDialects, type World } from './support.ts';

const noBrowser = chromiumUnavailable();
const SECRET = 'terms-signing-secret-for-chromium-0123';
const key = new TextEncoder().encode(SECRET);
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Site { readonly url: string; close(): Promise<void> }

/** The terms site and the app's callback page, on their own port. */
async function startSite(gatehouse: () => string): Promise<Site> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://site');
      if (url.pathname === '/callback') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>App</title><h1 id="result">${url.searchParams.has('code') ? 'signed in' : escape(url.searchParams.get('error') ?? '?')}</h1>`);
        return;
      }
      if (url.pathname !== '/terms') { res.writeHead(404).end(); return; }
      const state = url.searchParams.get('state') ?? '';
      const { payload } = await jwtVerify(url.searchParams.get('session_token') ?? '', key, { issuer: '127.0.0.1' });
      const answer = (accepted: boolean) => new SignJWT({ accepted, terms_version: payload.terms_version, state })
        .setProtectedHeader({ alg: 'HS256' }).setSubject(String(payload.sub)).setIssuer('127.0.0.1').setIssuedAt().setExpirationTime('5m').sign(key);
      const form = async (accepted: boolean, label: string) => `<form method="post" action="${gatehouse()}/continue">
<input type="hidden" name="state" value="${escape(state)}"><input type="hidden" name="terms_token" value="${await answer(accepted)}">
<button id="${accepted ? 'accept' : 'decline'}" type="submit">${label}</button></form>`;
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>Terms</title>
<h1>Terms of service ${escape(String(payload.terms_version))}</h1><p id="who">For ${escape(String(payload.email))}</p>
${await form(true, 'I accept')}${await form(false, 'I decline')}`);
    })().catch((err: Error) => res.writeHead(400).end(err.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

for (const dialect of await worldDialects()) {
  describe(`Actions in Chromium on ${dialect.name}`, { skip: noBrowser ?? dialect.skip, timeout: 600_000 }, () => {
    let world: World;
    let site: Site;
    let browser: Browser;
    let callback: string;

    before(async () => {
      world = await dialect.start();
      site = await startSite(() => world.server.url);
      callback = `${site.url}/callback`;
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    });
    after(async () => {
      await browser?.close();
      await site?.close();
      await world?.close();
    });

    async function logIn(page: Page, clientId: string, email: string): Promise<void> {
      const q = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: callback, scope: 'openid profile email', state: 'chromium' });
      await page.goto(`${world.server.url}/authorize?${q}`);
      await page.fill('#username', email);
      await page.fill('#password', PASSWORD);
      await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    }

    test('terms round trip: login → the external page → POST /continue → the app, with the claims of every Action', async () => {
      await world.bind('post-login', ['require-terms-acceptance', 'add-roles-claim'], { TERMS_SECRET: SECRET, TERMS_URL: `${site.url}/terms` });
      const app = await world.createClient({ name: 'Chromium App', redirect_uris: [callback] });
      const user = await world.createUser('chrome.terms@example.com', { app_metadata: { roles: ['editor'] } });
      const context = await browser.newContext();
      const page = await context.newPage();
      await logIn(page, app.client_id, 'chrome.terms@example.com');
      assert.equal(new URL(page.url()).pathname, '/terms', `at ${page.url()}`);
      assert.equal((await page.textContent('#who'))?.trim(), 'For chrome.terms@example.com');
      await Promise.all([page.waitForURL((u) => u.pathname === '/callback'), page.click('#accept')]);
      const params = new URL(page.url()).searchParams;
      assert.equal(params.get('state'), 'chromium');
      assert.equal((await page.textContent('#result'))?.trim(), 'signed in');
      const tokens = await redeem(world, params.get('code')!, app, callback);
      assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
      const id = claims(tokens.body.id_token);
      assert.equal(id['https://gatehouse.test/terms'].version, 'v2');
      assert.deepEqual(id['https://gatehouse.test/roles'], ['editor']);
      assert.equal((await world.user(user.user_id)).app_metadata.terms_accepted, 'v2');

      const visited: string[] = [];
      page.on('request', (r) => visited.push(new URL(r.url()).pathname));
      const q = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: callback, scope: 'openid', state: 'sso' });
      await page.goto(`${world.server.url}/authorize?${q}`);
      assert.equal(new URL(page.url()).searchParams.get('state'), 'sso');
      assert.ok(!visited.includes('/terms') && !visited.includes('/u/login'), `visited ${visited.join(' ')}`);
      await context.close();
    });

    test('declining on the external page and a deny both reach the app as access_denied', async () => {
      await world.bind('post-login', ['require-terms-acceptance'], { TERMS_SECRET: SECRET, TERMS_URL: `${site.url}/terms` });
      const app = await world.createClient({ name: 'Chromium Strict', redirect_uris: [callback], client_metadata: { require_verified_email: 'true' } });
      await world.createUser('chrome.decline@example.com');
      const context = await browser.newContext();
      const page = await context.newPage();
      await logIn(page, app.client_id, 'chrome.decline@example.com');
      await Promise.all([page.waitForURL((u) => u.pathname === '/callback'), page.click('#decline')]);
      assert.equal(new URL(page.url()).searchParams.get('error'), 'access_denied');
      assert.equal(new URL(page.url()).searchParams.get('error_description'), 'You must accept the terms of service to continue.');

      await world.bind('post-login', ['deny-unverified-email']);
      await world.createUser('chrome.unverified@example.com', { email_verified: false });
      const fresh = await browser.newContext();
      const other = await fresh.newPage();
      await logIn(other, app.client_id, 'chrome.unverified@example.com');
      const url = new URL(other.url());
      assert.equal(url.pathname, '/callback');
      assert.equal(url.searchParams.get('error_description'), 'Please verify your email before logging in.');
      await fresh.close();
      await context.close();
    });
  });
}
