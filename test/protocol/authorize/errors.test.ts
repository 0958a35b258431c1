import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, TEST_LOGIN_PATH, type Harness } from '../support/harness.ts';
import { Browser } from '../support/browser.ts';
import { postToken } from '../support/token.ts';
import type { UserRecord } from '../../../src/storage/index.ts';

// RFC 7636 appendix B's example pair.
const RFC7636_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

for (const backend of await backends()) {
  describe(`/authorize refusals on ${backend.name}`, { skip: backend.skip }, () => {
    let h: Harness;
    let user: UserRecord;
    let baseline: Record<string, unknown>;
    before(async () => {
      h = await backend.start();
      user = await h.createUser('authz@example.com', 'authorize errors 1');
    });
    after(async () => { await h?.close(); });

    const authorize = (params: Record<string, string>, browser = new Browser()) => {
      const url = new URL('authorize', h.issuer);
      for (const [k, v] of Object.entries(params)) url.searchParams.append(k, v);
      return browser.get(url);
    };
    const valid = () => ({ client_id: h.demo.client_id, redirect_uri: h.demo.redirect_uris[0], response_type: 'code', state: 'st-123', scope: 'openid' });
    const redirected = (location: string | null) => {
      const url = new URL(location!);
      return { to: `${url.origin}${url.pathname}`, params: Object.fromEntries(url.searchParams) };
    };

    test('an unknown or missing client, or a redirect_uri not registered exactly, is an error page and never a redirect', async () => {
      baseline = await h.snapshot();
      const cases: [Record<string, string>, RegExp][] = [
        [{ ...valid(), client_id: 'nope' }, /invalid_request: Unknown client: nope/],
        [{ response_type: 'code' }, /Missing required parameter: client_id/],
        [{ ...valid(), redirect_uri: 'http://localhost:3000/callback/' }, /Callback URL mismatch\. http:\/\/localhost:3000\/callback\/ is not in the list of allowed callback URLs\./],
        [{ ...valid(), redirect_uri: 'https://evil.example/callback' }, /unauthorized_client: Callback URL mismatch/],
      ];
      for (const [params, message] of cases) {
        const res = await authorize(params);
        assert.equal(res.status, 400);
        assert.equal(res.location, null);
        assert.match(String(res.headers.get('content-type')), /^text\/html/);
        assert.match(res.text, message);
        assert.ok(!res.text.includes('<script'), 'no script on error pages');
      }
      const escaped = await authorize({ ...valid(), client_id: '<img src=x onerror=alert(1)>' });
      assert.ok(!escaped.text.includes('<img'), 'echoed values are escaped');
      const repeated = new URL('authorize', h.issuer);
      repeated.search = `client_id=${h.demo.client_id}&client_id=other&response_type=code`;
      assert.equal((await new Browser().get(repeated)).status, 400);
    });

    test('after the redirect_uri is trusted, errors go to it with error, error_description and state', async () => {
      const expectations: [Record<string, string>, Record<string, string>][] = [
        [{ ...valid(), response_type: 'token' }, { error: 'unsupported_response_type', error_description: 'Unsupported response type: token' }],
        [{ ...valid(), response_type: '' }, { error: 'invalid_request', error_description: 'Missing required parameter: response_type' }],
        [{ ...valid(), audience: 'https://unknown.example' }, { error: 'access_denied', error_description: 'Service not found: https://unknown.example' }],
        [{ ...valid(), code_challenge: CHALLENGE, code_challenge_method: 'S512' }, { error: 'invalid_request', error_description: 'Unsupported code_challenge_method: S512' }],
        [{ ...valid(), code_challenge: 'short' }, { error: 'invalid_request', error_description: 'Invalid parameter: code_challenge' }],
        [{ ...valid(), prompt: 'none login' }, { error: 'invalid_request', error_description: 'prompt=none cannot be combined with other values' }],
        [{ ...valid(), max_age: '-1' }, { error: 'invalid_request', error_description: 'Invalid parameter: max_age' }],
        [{ ...valid(), connection: 'no-such-connection' }, { error: 'invalid_request', error_description: 'The connection no-such-connection does not exist or is not enabled for this client.' }],
        [{ ...valid(), response_mode: 'web_message' }, { error: 'invalid_request', error_description: 'Unsupported response_mode: web_message' }],
      ];
      for (const [params, expected] of expectations) {
        const res = await authorize(params);
        assert.equal(res.status, 302, JSON.stringify(params));
        const { to, params: got } = redirected(res.location);
        assert.equal(to, h.demo.redirect_uris[0]);
        assert.deepEqual(got, { ...expected, state: 'st-123' });
      }
    });

    test('a public client must use PKCE; a client without the authorization_code grant is refused', async () => {
      const spa = await h.createClient({ name: 'SPA no PKCE', app_type: 'spa', redirect_uris: ['http://localhost:5000/cb'] });
      const res = await authorize({ client_id: spa.client_id, response_type: 'code', state: 's' });
      assert.deepEqual(redirected(res.location), {
        to: 'http://localhost:5000/cb',
        params: { error: 'invalid_request', error_description: 'Public clients must use PKCE: missing required parameter: code_challenge', state: 's' },
      });
      const m2m = await h.createClient({ name: 'M2M', app_type: 'non_interactive', redirect_uris: ['http://localhost:5001/cb'] });
      const refused = await authorize({ client_id: m2m.client_id, response_type: 'code' });
      assert.deepEqual(redirected(refused.location).params, { error: 'unauthorized_client', error_description: "Grant type 'authorization_code' not allowed for the client." });
      // Clean up, so the snapshot comparison below concerns only the protocol's own state.
      await h.server.database.db.deleteFrom('clients').where('client_id', 'in', [spa.client_id, m2m.client_id]).execute();
    });

    test('none of the refusals above stored anything', async () => {
      assert.deepEqual(await h.snapshot(), baseline);
    });

    test('without redirect_uri the first callback is used; the token request then needs none', async () => {
      const browser = new Browser();
      const res = await authorize({ client_id: h.demo.client_id, response_type: 'code', state: 'x', code_challenge: CHALLENGE, code_challenge_method: 'S256' }, browser);
      assert.match(res.location!, /^\/u\/login\?state=/);
      const state = new URL(res.location!, h.issuer).searchParams.get('state')!;
      const done = await browser.postForm(new URL(TEST_LOGIN_PATH, h.issuer), { state, user_id: user.user_id });
      const { to, params } = redirected(done.location);
      assert.equal(to, h.demo.redirect_uris[0]);
      const tokens = await postToken(h, {
        grant_type: 'authorization_code', code: params.code, code_verifier: RFC7636_VERIFIER, client_id: h.demo.client_id, client_secret: h.demo.client_secret!,
      });
      assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    });

    test('a login transaction finishes only in the browser that started it, and only once', async () => {
      const mine = new Browser();
      const start = await authorize({ ...valid(), code_challenge: CHALLENGE, code_challenge_method: 'S256' }, mine);
      const state = new URL(start.location!, h.issuer).searchParams.get('state')!;
      const login = (browser: Browser) => browser.postForm(new URL(TEST_LOGIN_PATH, h.issuer), { state, user_id: user.user_id });

      const attacker = await login(new Browser());
      assert.equal(attacker.status, 400);
      assert.deepEqual(JSON.parse(attacker.text), { error: 'invalid_request', error_description: 'This login attempt is unknown, has expired, was already completed or was started in another browser.' });

      const ok = await login(mine);
      assert.equal(ok.status, 302);
      assert.deepEqual(Object.keys(redirected(ok.location).params).sort(), ['code', 'state']);
      assert.equal((await login(mine)).status, 400, 'completed transactions cannot be replayed');
    });

    test('the raw query is kept on the transaction for Actions (event.request.query)', async () => {
      const browser = new Browser();
      const res = await authorize({ ...valid(), code_challenge: CHALLENGE, code_challenge_method: 'S256', ext_campaign: 'spring', login_hint: 'authz@example.com' }, browser);
      const id = new URL(res.location!, h.issuer).searchParams.get('state')!;
      const row = await h.server.database.db.selectFrom('login_transactions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(JSON.parse(row.query).ext_campaign, 'spring');
      assert.equal(row.login_hint, 'authz@example.com');
      assert.equal(row.state, 'st-123');
      assert.equal(row.code_challenge, CHALLENGE);
    });

    test('response_mode=form_post and fragment deliver the code as asked', async () => {
      const browser = new Browser();
      const start = await authorize({ ...valid(), code_challenge: CHALLENGE, code_challenge_method: 'S256', response_mode: 'form_post' }, browser);
      const state = new URL(start.location!, h.issuer).searchParams.get('state')!;
      const posted = await browser.postForm(new URL(TEST_LOGIN_PATH, h.issuer), { state, user_id: user.user_id });
      assert.equal(posted.status, 200);
      assert.match(posted.text, new RegExp(`<form method="post" action="${h.demo.redirect_uris[0]}">`));
      assert.match(posted.text, /<input type="hidden" name="code" value="[A-Za-z0-9_-]{43}">/);
      assert.match(posted.text, /<input type="hidden" name="state" value="st-123">/);
      assert.match(String(posted.headers.get('content-security-policy')), /script-src 'nonce-/);

      const fragment = await authorize({ ...valid(), code_challenge: CHALLENGE, code_challenge_method: 'S256', response_mode: 'fragment', prompt: 'none' }, browser);
      const url = new URL(fragment.location!);
      assert.equal(url.search, '');
      assert.match(url.hash, /^#code=[A-Za-z0-9_-]{43}&state=st-123$/);
    });
  });
}
