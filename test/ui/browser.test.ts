// End to end in Debian's Chromium: /authorize → Universal Login → back at the application.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, chromiumUnavailable, loginDialects, startLoginWorld, type LoginWorld } from './support.ts';

const noBrowser = chromiumUnavailable();
const SCREENSHOT = new URL('../../test-results/login-page.png', import.meta.url);

for (const dialect of await loginDialects()) {
  describe(`Universal Login in Chromium on ${dialect.name}`, { skip: noBrowser ?? dialect.skip }, () => {
    let world: LoginWorld;
    let browser: Browser;

    before(async () => {
      world = await startLoginWorld(dialect.db);
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    });
    after(async () => {
      await browser?.close();
      await world?.close();
    });

    async function fresh(): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext();
      return { context, page: await context.newPage() };
    }

    function callbackParams(page: Page): URLSearchParams {
      const url = new URL(page.url());
      assert.equal(`${url.origin}${url.pathname}`, world.callbackUrl, `expected the app's callback, at ${page.url()}`);
      return url.searchParams;
    }

    async function logIn(page: Page, email: string, password: string): Promise<void> {
      await page.fill('#username', email);
      await page.fill('#password', password);
      await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    }

    test('wrong password says so; the right one returns to the app with a code that redeems', async () => {
      const { context, page } = await fresh();
      await page.goto(world.authorizeUrl(world.apps[0]));
      assert.match(new URL(page.url()).pathname, /^\/u\/login$/);
      if (dialect.name === 'sqlite') {
        await mkdir(new URL('.', SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT.pathname, fullPage: true });
      }
      await logIn(page, world.user.email, 'not-the-password');
      assert.equal((await page.textContent('[role=alert]'))?.trim(), 'Wrong email or password.');
      assert.equal(await page.inputValue('#username'), world.user.email, 'the email is kept');
      await logIn(page, world.user.email, world.user.password);
      const params = callbackParams(page);
      assert.equal(params.get('state'), 'st-123');
      const token = await fetch(`${world.server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code', code: params.get('code') ?? '', redirect_uri: world.callbackUrl,
          client_id: world.apps[0].client_id, client_secret: world.apps[0].client_secret ?? '',
        }),
      });
      assert.equal(token.status, 200);
      const body = await token.json() as { id_token?: string };
      const claims = JSON.parse(Buffer.from(String(body.id_token).split('.')[1], 'base64url').toString());
      assert.equal(claims.email, world.user.email);
      await context.close();
    });

    test('SSO: another application of the tenant logs in without the form; prompt=login shows it again', async () => {
      const { context, page } = await fresh();
      await page.goto(world.authorizeUrl(world.apps[0]));
      await logIn(page, world.user.email, world.user.password);
      assert.ok(callbackParams(page).get('code'));

      const visited: string[] = [];
      page.on('request', (r) => visited.push(new URL(r.url()).pathname));
      await page.goto(world.authorizeUrl(world.apps[1], { state: 'second' }));
      const params = callbackParams(page);
      assert.ok(params.get('code'));
      assert.equal(params.get('state'), 'second');
      assert.ok(!visited.includes('/u/login'), `the form was shown: ${visited.join(' ')}`);

      await page.goto(world.authorizeUrl(world.apps[1], { prompt: 'login' }));
      assert.equal(new URL(page.url()).pathname, '/u/login');
      await logIn(page, world.user.email, world.user.password);
      assert.ok(callbackParams(page).get('code'));
      await context.close();
    });

    test('prompt=none without a session returns login_required to the app', async () => {
      const { context, page } = await fresh();
      await page.goto(world.authorizeUrl(world.apps[0], { prompt: 'none', state: 'silent' }));
      const params = callbackParams(page);
      assert.equal(params.get('error'), 'login_required');
      assert.equal(params.get('state'), 'silent');
      assert.equal(params.get('code'), null);
      await context.close();
    });

    test('keyboard only: focus starts on the email, Tab reaches the password, Enter submits', async () => {
      const { context, page } = await fresh();
      await page.goto(world.authorizeUrl(world.apps[0]));
      assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'username');
      await page.keyboard.type(world.user.email);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'password');
      await page.keyboard.type(world.user.password);
      await Promise.all([page.waitForURL((u) => u.pathname === '/callback'), page.keyboard.press('Enter')]);
      assert.ok(callbackParams(page).get('code'));
      await context.close();
    });

    test('signup through screen_hint=signup creates the account and returns to the app', async () => {
      const { context, page } = await fresh();
      await page.goto(world.authorizeUrl(world.apps[0], { screen_hint: 'signup' }));
      assert.equal(new URL(page.url()).pathname, '/u/signup');
      await page.fill('#email', 'new.user@example.com');
      await page.fill('#password', 'short');
      await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
      assert.equal((await page.textContent('[role=alert]'))?.trim(), 'Password is too weak.');
      assert.match(await page.textContent('#password-rules') ?? '', /At least 8 characters in length/);
      await page.fill('#password', 'Lovelace-1815');
      await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
      assert.ok(callbackParams(page).get('code'));
      const row = await world.server.database.db.selectFrom('users').select(['email', 'email_verified'])
        .where('tenant_id', '=', world.tenantId).where('email', '=', 'new.user@example.com').executeTakeFirst();
      assert.deepEqual(row && { ...row, email_verified: Number(row.email_verified) }, { email: 'new.user@example.com', email_verified: 0 });

      await page.goto(world.authorizeUrl(world.apps[0], { screen_hint: 'signup', prompt: 'login' }));
      await page.fill('#email', 'NEW.user@example.com');
      await page.fill('#password', 'Lovelace-1815');
      await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
      assert.equal((await page.textContent('[role=alert]'))?.trim(), 'The user already exists.');
      await context.close();
    });

    test('a form posted with a forged CSRF token is refused with a 403 page', async () => {
      const { context, page } = await fresh();
      await page.goto(world.authorizeUrl(world.apps[0]));
      await page.$eval('input[name=_csrf]', (el) => { (el as unknown as { value: string }).value = 'forged'; });
      await page.fill('#username', world.user.email);
      await page.fill('#password', world.user.password);
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button[type=submit]')]);
      assert.equal(response.status(), 403);
      assert.match(await page.textContent('[role=alert]') ?? '', /not sent from this page/);
      assert.equal(new URL(page.url()).pathname, '/u/login');
      await context.close();
    });

    test('password reset: request, follow the emailed link, set a new password, log in with it', async () => {
      const { context, page } = await fresh();
      const email = 'reset.me@example.com';
      await world.server.request('/dbconnections/signup', { body: { client_id: world.apps[0].client_id, connection: 'Username-Password-Authentication', email, password: 'Old-passw0rd' } });
      await page.goto(world.authorizeUrl(world.apps[0]));
      await Promise.all([page.waitForLoadState('load'), page.click('text=Forgot password?')]);
      await page.fill('#email', email);
      await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
      assert.equal((await page.textContent('[role=status]'))?.trim(), "We've just sent you an email to reset your password.");

      await page.goto(await world.mailLink('reset_password', email));
      await page.fill('#password', 'New-passw0rd');
      await page.fill('#password-confirm', 'Different-1');
      await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
      assert.match(await page.textContent('[role=alert]') ?? '', /the same/);
      await page.fill('#password', 'New-passw0rd');
      await page.fill('#password-confirm', 'New-passw0rd');
      await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
      assert.match(await page.textContent('[role=status]') ?? '', /password has been changed/);

      await page.goto(await world.mailLink('reset_password', email));
      assert.match(await page.textContent('[role=alert]') ?? '', /already been used/);

      await page.goto(world.authorizeUrl(world.apps[0], { prompt: 'login' }));
      await logIn(page, email, 'Old-passw0rd');
      assert.equal((await page.textContent('[role=alert]'))?.trim(), 'Wrong email or password.');
      await logIn(page, email, 'New-passw0rd');
      assert.ok(callbackParams(page).get('code'));
      await context.close();
    });
  });
}
