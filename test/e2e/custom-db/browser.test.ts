// Universal Login in Debian's Chromium on a custom database connection backed by a real
// PostgreSQL legacy store: log in (wrong password, a suspended account's own message, the right
// password back at the application) and sign up, which creates the user in the legacy table.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createClientQueries, createConnectionQueries, createExecutionLogQueries, type ClientRecord } from '../../../src/storage/index.ts';
import { CHROMIUM, CHROMIUM_ARGS, chromiumUnavailable } from '../../ui/support.ts';
import { claims, fixtureScripts, gatehouseDialects, legacyPostgres, serviceUnavailable, type LegacyStore, type World } from './support.ts';

const noBrowser = chromiumUnavailable();
const noPg = await serviceUnavailable('PostgreSQL (legacy store)', '127.0.0.1', 5432);
const CONNECTION = 'legacy-ul';
const joan = { email: 'joan@example.com', password: 'joan-legacy-pw', nickname: 'joan' };
const omar = { email: 'omar@example.com', password: 'omar-legacy-pw', nickname: 'omar', status: 'suspended' };

for (const dialect of await gatehouseDialects()) {
  describe(`Universal Login in Chromium on a custom database connection, Gatehouse on ${dialect.name}`, { skip: noBrowser ?? noPg ?? dialect.skip }, () => {
    let world: World;
    let legacy: LegacyStore;
    let browser: Browser;
    let callback: Server;
    let callbackUrl: string;
    let app: ClientRecord;

    before(async () => {
      legacy = await legacyPostgres([joan, omar]);
      world = await dialect.start();
      callback = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>back</title><p>back at the app</p>'));
      await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
      callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
      app = await createClientQueries(world.server.database, world.server.box, world.tenantId).create({
        name: 'Browser App', app_type: 'regular_web', redirect_uris: [callbackUrl], token_endpoint_auth_method: 'client_secret_post',
      });
      const { connection } = await world.save(CONNECTION, await fixtureScripts('postgres'), { configuration: { DB_URL: legacy.url } });
      await createConnectionQueries(world.server.database, world.server.box, world.tenantId).update(connection.id, { enabled_clients: [world.app.client_id, app.client_id] });
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    });
    after(async () => {
      await browser?.close();
      await new Promise((resolve) => callback?.close(resolve));
      await world?.close();
      await legacy?.close();
    });

    const authorizeUrl = (extra: Record<string, string> = {}) => `${world.server.url}/authorize?${new URLSearchParams({
      response_type: 'code', client_id: app.client_id, redirect_uri: callbackUrl, scope: 'openid profile email', state: 'cdb', connection: CONNECTION, ...extra,
    })}`;

    async function submit(page: Page): Promise<void> {
      await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    }

    async function redeem(page: Page): Promise<Record<string, unknown>> {
      const url = new URL(page.url());
      assert.equal(`${url.origin}${url.pathname}`, callbackUrl, `expected the callback, at ${page.url()}`);
      const res = await fetch(`${world.server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: url.searchParams.get('code') ?? '', redirect_uri: callbackUrl, client_id: app.client_id, client_secret: app.client_secret ?? '' }),
      });
      assert.equal(res.status, 200);
      return claims(((await res.json()) as { id_token: string }).id_token);
    }

    test('login: wrong password → the generic message; a suspended account → its script message; the right password → the app', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(authorizeUrl());
      assert.equal(new URL(page.url()).pathname, '/u/login');
      await page.fill('#username', joan.email);
      await page.fill('#password', 'not-hers');
      await submit(page);
      assert.equal((await page.textContent('[role=alert]'))?.trim(), 'Wrong email or password.');

      await page.fill('#username', omar.email);
      await page.fill('#password', omar.password);
      await submit(page);
      assert.equal((await page.textContent('[role=alert]'))?.trim(), 'Your account is suspended. Call the help desk.');

      await page.fill('#username', joan.email);
      await page.fill('#password', joan.password);
      await submit(page);
      const [row] = await legacy.query('select id from users where email = $1', [joan.email]);
      const id = await redeem(page);
      assert.equal(id.sub, `auth0|pg|${row.id}`);
      assert.equal(id.email, joan.email);
      await context.close();
    });

    test('signup: the form runs get_user → create → login and the user is in the legacy table', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(authorizeUrl({ screen_hint: 'signup' }));
      assert.equal(new URL(page.url()).pathname, '/u/signup');
      await page.fill('#email', 'fresh@example.com');
      await page.fill('#password', 'Fresh-legacy-pw-1');
      await submit(page);
      const [row] = await legacy.query('select id from users where email = $1', ['fresh@example.com']);
      assert.ok(row, 'created in the legacy store');
      assert.equal((await redeem(page)).sub, `auth0|pg|${row.id}`);

      await page.goto(authorizeUrl({ screen_hint: 'signup', prompt: 'login' }));
      await page.fill('#email', joan.email);
      await page.fill('#password', 'Another-pw-123');
      await submit(page);
      assert.equal((await page.textContent('[role=alert]'))?.trim(), 'The user already exists.');
      await context.close();
    });

    test('password reset through the pages: get_user on the request, change_password in the legacy store on the link', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(authorizeUrl());
      await Promise.all([page.waitForLoadState('load'), page.click('text=Forgot password?')]);
      await page.fill('#email', joan.email);
      await submit(page);
      assert.match(await page.textContent('body') ?? '', /sent you an email/);
      const mails = await createExecutionLogQueries(world.server.database, world.tenantId).list({ type: 'email', code_id: 'reset_password' });
      const link = String(mails.find((m) => m.details.to === joan.email)!.details.link);
      await page.goto(link);
      await page.fill('#password', 'Joan-reset-pw-7');
      await page.fill('#password-confirm', 'Joan-reset-pw-7');
      await submit(page);
      assert.match(await page.textContent('body') ?? '', /password has been changed/i);
      assert.equal((await world.executions('change_password')).at(-1)!.outcome, 'result');
      assert.equal((await world.login(CONNECTION, joan.email, 'Joan-reset-pw-7')).status, 200, 'the legacy store has the new password');
      await context.close();
    });
  });
}
