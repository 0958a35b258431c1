// The Universal Login pages over plain HTTP: CSRF, escaping, accessibility markup, headers.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createConnectionQueries } from '../../src/storage/index.ts';
import type { TestResponse } from '../helpers/server.ts';
import { startLoginWorld, type LoginWorld } from './support.ts';

function cookiesOf(res: TestResponse): string[] {
  const set = res.headers['set-cookie'];
  return (Array.isArray(set) ? set : set ? [set] : []).map((c) => c.split(';')[0]);
}

function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, 'the form carries a CSRF token');
  return m[1];
}

describe('Universal Login pages', () => {
  let world: LoginWorld;
  before(async () => { world = await startLoginWorld(); });
  after(() => world?.close());

  /** Starts a login transaction like a browser: /authorize, then the login page. */
  async function openLogin(params: Record<string, string> = {}): Promise<{ state: string; cookie: string; csrf: string; page: TestResponse }> {
    const start = new URL(world.authorizeUrl(world.apps[0], params));
    const authorize = await world.server.request(`${start.pathname}${start.search}`);
    assert.equal(authorize.status, 302);
    const location = new URL(String(authorize.headers.location), 'http://localhost');
    const jar = cookiesOf(authorize);
    const page = await world.server.request(`${location.pathname}${location.search}`, { headers: { cookie: jar.join('; ') } });
    assert.equal(page.status, 200);
    const cookie = [...jar, ...cookiesOf(page)].join('; ');
    return { state: location.searchParams.get('state')!, cookie, csrf: csrfOf(page.text), page };
  }

  const post = (path: string, cookie: string, fields: Record<string, string>) => world.server.request(path, {
    method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(),
  });

  test('every visible input has a label, an autocomplete and sits in <main>; errors have an alert region', async () => {
    const { page, state, cookie } = await openLogin();
    const signup = await world.server.request(`/u/signup?state=${state}`, { headers: { cookie } });
    const reset = await world.server.request(`/u/reset-password?state=${state}`, { headers: { cookie } });
    for (const html of [page.text, signup.text, reset.text]) {
      assert.match(html, /<html lang="en">/);
      assert.match(html, /<main>[\s\S]*<form[\s\S]*<\/main>/);
      assert.match(html, /role="alert"/);
      const inputs = [...html.matchAll(/<input ([^>]*)>/g)].map((m) => m[1]).filter((a) => !/type="hidden"/.test(a) && !/ hidden/.test(a));
      assert.ok(inputs.length > 0);
      for (const attrs of inputs) {
        const id = /id="([^"]+)"/.exec(attrs)?.[1];
        assert.ok(id, `input without id: ${attrs}`);
        assert.match(html, new RegExp(`<label for="${id}">`), `no label for #${id}`);
        assert.match(attrs, /autocomplete="(username|email|current-password|new-password)"/);
      }
    }
    assert.match(page.text, /id="password" name="password" type="password" autocomplete="current-password"/);
    assert.match(signup.text, /id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-rules"/);
  });

  test('pages are not cacheable, not frameable and run no script', async () => {
    const { page } = await openLogin();
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'.*frame-ancestors 'none'/);
    assert.doesNotMatch(page.text, /<script/i);
  });

  test('a POST without the CSRF cookie, without the token, or with another transaction\'s token is a 403 page', async () => {
    const a = await openLogin();
    const b = await openLogin();
    const fields = { state: a.state, username: world.user.email, password: world.user.password };
    const browserOnly = a.cookie.split('; ').filter((c) => !c.startsWith('gh_csrf=')).join('; ');
    for (const [cookie, token] of [[browserOnly, a.csrf], [a.cookie, ''], [a.cookie, b.csrf], [b.cookie, a.csrf]]) {
      const res = await post(`/u/login?state=${a.state}`, cookie, { ...fields, _csrf: token });
      assert.equal(res.status, 403);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(res.text, /role="alert">The form was not sent from this page/);
    }
    const ok = await post(`/u/login?state=${a.state}`, a.cookie, { ...fields, _csrf: a.csrf });
    assert.equal(ok.status, 302, 'the genuine token is accepted');
    assert.equal(new URL(String(ok.headers.location)).searchParams.get('state'), 'st-123');
  });

  test('user input is escaped: a hostile email comes back as text', async () => {
    const { state, cookie, csrf } = await openLogin();
    const hostile = '"><script>alert(1)</script>@x.io';
    const res = await post(`/u/login?state=${state}`, cookie, { state, _csrf: csrf, username: hostile, password: 'whatever' });
    assert.equal(res.status, 403);
    assert.match(res.text, /role="alert" id="form-error">Wrong email or password\./);
    assert.ok(!res.text.includes('<script>alert(1)</script>'), 'the email was echoed as markup');
    assert.ok(res.text.includes('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@x.io"'));
    assert.ok(!res.text.includes('whatever'), 'the password was echoed');
  });

  test('a hostile or unknown state is an escaped error page, not a login form', async () => {
    const res = await world.server.request(`/u/login?state=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`);
    assert.equal(res.status, 400);
    assert.ok(!res.text.includes('<img'), 'the state was echoed as markup');
    assert.doesNotMatch(res.text, /<form/);
    const none = await world.server.request('/u/signup');
    assert.equal(none.status, 400);
  });

  test('a transaction cannot be used from another browser', async () => {
    const { state } = await openLogin();
    const stranger = await world.server.request(`/u/login?state=${state}`);
    assert.equal(stranger.status, 400);
    assert.doesNotMatch(stranger.text, /<form/);
  });

  test('the email verification link verifies once, then says the link is used', async () => {
    await world.server.request('/dbconnections/signup', { body: { client_id: world.apps[0].client_id, connection: 'Username-Password-Authentication', email: 'verify@example.com', password: 'Verify-passw0rd' } });
    const link = new URL(await world.mailLink('verify_email', 'verify@example.com'));
    const first = await world.server.request(`${link.pathname}${link.search}`);
    assert.equal(first.status, 200);
    assert.match(first.text, /role="status">Your email address was successfully verified\./);
    const row = await world.server.database.db.selectFrom('users').select('email_verified').where('email', '=', 'verify@example.com').executeTakeFirstOrThrow();
    assert.equal(Number(row.email_verified), 1);
    const again = await world.server.request(`${link.pathname}${link.search}`);
    assert.equal(again.status, 400);
    assert.match(again.text, /already been used/);
  });

  test('the reset request answers the same for unknown emails', async () => {
    const { state, cookie } = await openLogin();
    const page = await world.server.request(`/u/reset-password?state=${state}`, { headers: { cookie } });
    const csrf = csrfOf(page.text);
    const known = await post(`/u/reset-password?state=${state}`, cookie, { state, _csrf: csrf, email: world.user.email });
    const unknown = await post(`/u/reset-password?state=${state}`, cookie, { state, _csrf: csrf, email: 'nobody@example.com' });
    assert.equal(known.status, 200);
    assert.equal(unknown.status, 200);
    assert.equal(known.text.replace(/value="[^"]*"/g, ''), unknown.text.replace(/value="[^"]*"/g, ''));
    assert.match(known.text, /We&#39;ve just sent you an email to reset your password\./);
  });

  test('the login page shows the brute-force block after 10 wrong passwords, even for the right one', async () => {
    const email = 'brute@example.com';
    await world.server.request('/dbconnections/signup', { body: { client_id: world.apps[0].client_id, connection: 'Username-Password-Authentication', email, password: 'Brute-passw0rd' } });
    const { state, cookie, csrf } = await openLogin();
    for (let i = 1; i <= 10; i++) {
      const res = await post(`/u/login?state=${state}`, cookie, { state, _csrf: csrf, username: email, password: `wrong-${i}` });
      assert.match(res.text, /role="alert" id="form-error">Wrong email or password\./, `attempt ${i}`);
    }
    const blocked = await post(`/u/login?state=${state}`, cookie, { state, _csrf: csrf, username: email, password: 'Brute-passw0rd' });
    assert.equal(blocked.status, 429);
    assert.match(blocked.text, /role="alert" id="form-error">Your account has been blocked after multiple consecutive login attempts\./);
  });

  test('a connection that requires usernames asks for one on the signup page', async () => {
    await createConnectionQueries(world.server.database, world.server.box, world.tenantId)
      .create({ name: 'named-db', strategy: 'auth0', options: { requires_username: true, passwordPolicy: 'low' }, enabled_clients: [world.apps[0].client_id] });
    const { state, cookie } = await openLogin({ connection: 'named-db' });
    const page = await world.server.request(`/u/signup?state=${state}`, { headers: { cookie } });
    assert.match(page.text, /<label for="username">Username<\/label>\s*<input id="username" name="username" type="text" autocomplete="username" required/);
    const csrf = csrfOf(page.text);
    const missing = await post(`/u/signup?state=${state}`, cookie, { state, _csrf: csrf, email: 'named@example.com', password: 'secret' });
    assert.equal(missing.status, 400);
    assert.match(missing.text, /role="alert" id="form-error">Username is not valid\./);
    const ok = await post(`/u/signup?state=${state}`, cookie, { state, _csrf: csrf, email: 'named@example.com', username: 'named', password: 'secret' });
    assert.equal(ok.status, 302);
    const row = await world.server.database.db.selectFrom('users').select(['username', 'connection']).where('email', '=', 'named@example.com').executeTakeFirstOrThrow();
    assert.deepEqual(row, { username: 'named', connection: 'named-db' });

    const again = await openLogin({ connection: 'named-db', prompt: 'login' });
    assert.match(again.page.text, /<label for="username">Username or email address<\/label>\s*<input id="username" name="username" type="text"/);
    const byName = await post(`/u/login?state=${again.state}`, again.cookie, { state: again.state, _csrf: again.csrf, username: 'named', password: 'secret' });
    assert.equal(byName.status, 302);
  });
});
