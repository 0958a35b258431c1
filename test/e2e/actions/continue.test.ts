// Redirect Actions and /continue through HTTP: the terms-of-service round trip with signed
// tokens both ways, the state's binding (single use, same browser), and flows that cannot
// redirect (prompt=none, password and refresh grants).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, decodeJwt } from 'jose';
import { createUserQueries } from '../../../src/storage/index.ts';
import { LoginBrowser, PASSWORD, callbackParams, claims, redeem, tokenRequest, worldDialects, type World } from './support.ts';

const TERMS_SECRET = 'terms-signing-secret-0123456789abcdef';
const TERMS_URL = 'https://terms.gatehouse.test/accept';
const SURVEY_URL = 'https://survey.gatehouse.test/';

/** What the terms site does: checks Gatehouse's token, then signs its answer with the shared secret. */
async function termsSiteAnswer(redirect: URL, accepted: boolean, secret = TERMS_SECRET): Promise<string> {
  const incoming = decodeJwt(redirect.searchParams.get('session_token')!);
  return new SignJWT({ accepted, terms_version: incoming.terms_version, state: redirect.searchParams.get('state') })
    .setProtectedHeader({ alg: 'HS256' }).setSubject(String(incoming.sub)).setIssuer(String(incoming.iss))
    .setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(secret));
}

for (const dialect of await worldDialects()) {
  describe(`redirect Actions and /continue on ${dialect.name}`, { skip: dialect.skip, timeout: 600_000 }, () => {
    let world: World;
    before(async () => { world = await dialect.start(); });
    after(() => world?.close());

    const browser = () => new LoginBrowser(world.server.url);
    const cont = (b: LoginBrowser, form: Record<string, string>) => b.postForm(`${world.server.url}/continue`, form);

    async function toTerms(email: string, b = browser()): Promise<{ b: LoginBrowser; redirect: URL }> {
      const answer = await b.login(b.authorizeUrl(world.app, world.callback), email);
      assert.equal(answer.status, 302);
      const redirect = new URL(answer.location!);
      assert.equal(`${redirect.origin}${redirect.pathname}`, TERMS_URL, `went to ${answer.location}`);
      return { b, redirect };
    }

    test('sendUserTo → the terms site → POST /continue: onContinuePostLogin, the later Actions, then the code', async () => {
      await world.bind('post-login', ['require-terms-acceptance', 'add-roles-claim'], { TERMS_SECRET, TERMS_URL });
      const user = await world.createUser('terms@example.com', { app_metadata: { roles: ['reader'] } });
      const { b, redirect } = await toTerms('terms@example.com');
      const state = redirect.searchParams.get('state')!;
      assert.ok(state.length >= 16);
      assert.equal(redirect.searchParams.get('lang'), 'en');
      const outgoing = decodeJwt(redirect.searchParams.get('session_token')!);
      assert.equal(outgoing.sub, user.user_id);
      assert.equal(outgoing.iss, '127.0.0.1');
      assert.equal(outgoing.terms_version, 'v2');
      assert.equal(outgoing.email, 'terms@example.com', 'signed, not encrypted: anyone holding it reads it');

      const back = await cont(b, { state, terms_token: await termsSiteAnswer(redirect, true) });
      const params = callbackParams(back, world.callback);
      assert.equal(params.get('state'), 'app-state');
      const tokens = await redeem(world, params.get('code')!);
      assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
      const id = claims(tokens.body.id_token);
      assert.deepEqual(id['https://gatehouse.test/terms'], { version: 'v2', shown: true, continued_with: 'POST' }, 'transaction metadata survived the redirect');
      assert.deepEqual(id['https://gatehouse.test/roles'], ['reader'], 'the Action after the redirecting one ran after /continue');
      assert.equal((await world.user(user.user_id)).app_metadata.terms_accepted, 'v2');

      const replay = await cont(b, { state, terms_token: await termsSiteAnswer(redirect, true) });
      assert.equal(replay.status, 400);
      assert.deepEqual(JSON.parse(replay.text), { error: 'invalid_request', error_description: 'The state is unknown, has expired, was already used or belongs to another session.' });

      const next = await b.get(b.authorizeUrl(world.app, world.callback, { state: 'again' }));
      assert.equal(callbackParams(next, world.callback).get('state'), 'again', 'accepted once: SSO goes straight back');
    });

    test('the state works only in the browser that started the flow; a foreign try does not spend it', async () => {
      await world.bind('post-login', ['require-terms-acceptance'], { TERMS_SECRET, TERMS_URL });
      await world.createUser('owner@example.com');
      const { b, redirect } = await toTerms('owner@example.com');
      const state = redirect.searchParams.get('state')!;
      const form = { state, terms_token: await termsSiteAnswer(redirect, true) };
      const stranger = browser();
      const stolen = await stranger.postForm(`${world.server.url}/continue`, form);
      assert.equal(stolen.status, 400);
      const page = await fetch(`${world.server.url}/continue?state=${state}`, { headers: { accept: 'text/html' } });
      assert.equal(page.status, 400);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await page.text(), /invalid_request/);
      assert.ok(callbackParams(await cont(b, form), world.callback).get('code'), 'the owner still continues');
      const unknown = await cont(b, { state: 'A'.repeat(32) });
      assert.equal(unknown.status, 400);
      const missing = await cont(b, {});
      assert.equal(missing.status, 400);
    });

    test('a cross-site POST back (no SameSite=Lax cookie sent) resumes with the continue cookie alone; behind https it is SameSite=None; Secure', async () => {
      await world.bind('post-login', ['require-terms-acceptance'], { TERMS_SECRET, TERMS_URL });
      await world.createUser('crosssite@example.com');
      const b = browser();
      const answer = await b.login(b.authorizeUrl(world.app, world.callback), 'crosssite@example.com');
      const setCookie = answer.headers.getSetCookie().find((c) => c.startsWith('gh_continue='));
      assert.ok(setCookie, 'the redirect sets the continue cookie');
      assert.match(setCookie, /Path=\/continue/);
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Lax/, 'plain http: browsers refuse SameSite=None without Secure');
      const redirect = new URL(answer.location!);
      // What a browser sends on a cross-site POST: only the SameSite=None cookie.
      const onlyContinue = new LoginBrowser(world.server.url);
      onlyContinue.jar.set('gh_continue', b.jar.get('gh_continue')!);
      const back = await onlyContinue.postForm(`${world.server.url}/continue`, { state: redirect.searchParams.get('state')!, terms_token: await termsSiteAnswer(redirect, true) });
      assert.ok(callbackParams(back, world.callback).get('code'));

      if (dialect.name !== 'sqlite') return;
      const tls = await dialect.start({ publicScheme: 'https' });
      try {
        await tls.bind('post-login', ['require-terms-acceptance'], { TERMS_SECRET, TERMS_URL });
        await tls.createUser('tls@example.com');
        const t = new LoginBrowser(tls.server.url);
        const viaTls = await t.login(t.authorizeUrl(tls.app, tls.callback), 'tls@example.com');
        assert.match(viaTls.headers.getSetCookie().find((c) => c.startsWith('gh_continue=')) ?? '', /SameSite=None; Secure/);
      } finally {
        await tls.close();
      }
    });

    test('declined terms, or a token signed with the wrong secret, fail the login at the app', async () => {
      await world.bind('post-login', ['require-terms-acceptance'], { TERMS_SECRET, TERMS_URL });
      await world.createUser('decline@example.com');
      const declined = await toTerms('decline@example.com');
      const no = callbackParams(await cont(declined.b, { state: declined.redirect.searchParams.get('state')!, terms_token: await termsSiteAnswer(declined.redirect, false) }), world.callback);
      assert.equal(no.get('error'), 'access_denied');
      assert.equal(no.get('error_description'), 'You must accept the terms of service to continue.');

      const forged = await toTerms('decline@example.com', browser());
      const bad = callbackParams(await cont(forged.b, {
        state: forged.redirect.searchParams.get('state')!, terms_token: await termsSiteAnswer(forged.redirect, true, 'not-the-secret-but-long-enough-0000'),
      }), world.callback);
      assert.equal(bad.get('error'), 'access_denied');
      assert.ok(!/signature/.test(bad.get('error_description') ?? ''), 'validateToken\'s detail stays in the tenant log');
      assert.match(JSON.stringify(await world.executions('post-login')), /The session token is invalid/);
    });

    test('GET /continue with query parameters resumes too', async () => {
      await world.bind('post-login', ['survey-redirect'], { SURVEY_URL });
      const user = await world.createUser('survey@example.com');
      const b = browser();
      const answer = await b.login(b.authorizeUrl(world.app, world.callback), 'survey@example.com');
      const redirect = new URL(answer.location!);
      assert.equal(redirect.searchParams.get('uid'), user.user_id);
      const back = await b.get(`${world.server.url}/continue?state=${redirect.searchParams.get('state')}&answer=yes`);
      assert.ok(callbackParams(back, world.callback).get('code'));
      const stored = await world.user(user.user_id);
      assert.equal(stored.user_metadata.survey_done, true);
      assert.equal(stored.user_metadata.survey_answer, 'yes');
    });

    test('where nobody can be redirected: interaction_required for prompt=none, 403 at the token endpoint', async () => {
      await world.bind('post-login', ['survey-redirect'], { SURVEY_URL });
      const user = await world.createUser('nointeraction@example.com', { user_metadata: { survey_done: true } });
      const b = browser();
      const first = await b.login(b.authorizeUrl(world.app, world.callback), 'nointeraction@example.com');
      callbackParams(first, world.callback);
      const password = await tokenRequest(world, {
        grant_type: 'password', username: 'nointeraction@example.com', password: PASSWORD, scope: 'openid offline_access',
        client_id: world.app.client_id, client_secret: world.app.client_secret ?? '',
      });
      assert.equal(password.status, 200);
      await createUserQueries(world.server.database, world.tenantId).update(user.user_id, { user_metadata: {} });

      const silent = callbackParams(await b.get(b.authorizeUrl(world.app, world.callback, { prompt: 'none', state: 'silent' })), world.callback);
      assert.equal(silent.get('error'), 'interaction_required');
      assert.equal(silent.get('state'), 'silent');
      const again = await tokenRequest(world, {
        grant_type: 'password', username: 'nointeraction@example.com', password: PASSWORD, client_id: world.app.client_id, client_secret: world.app.client_secret ?? '',
      });
      assert.equal(again.status, 403);
      assert.deepEqual(again.body, { error: 'access_denied', error_description: 'Redirect actions are not supported for this grant type' });
      const refresh = await tokenRequest(world, {
        grant_type: 'refresh_token', refresh_token: password.body.refresh_token, client_id: world.app.client_id, client_secret: world.app.client_secret ?? '',
      });
      assert.equal(refresh.status, 403);
      assert.equal(refresh.body.error, 'access_denied');
      await createUserQueries(world.server.database, world.tenantId).update(user.user_id, { user_metadata: { survey_done: true } });
      const retry = await tokenRequest(world, {
        grant_type: 'refresh_token', refresh_token: password.body.refresh_token, client_id: world.app.client_id, client_secret: world.app.client_secret ?? '',
      });
      assert.equal(retry.status, 200, 'a denied refresh did not spend the refresh token');

      await world.bind('post-login', ['require-terms-acceptance'], { TERMS_SECRET, TERMS_URL });
      const careful = await tokenRequest(world, {
        grant_type: 'password', username: 'nointeraction@example.com', password: PASSWORD, client_id: world.app.client_id, client_secret: world.app.client_secret ?? '',
      });
      assert.deepEqual(careful.body, { error: 'access_denied', error_description: 'The terms of service must be accepted in the browser.' }, 'canRedirect() lets an Action choose');
    });
  });
}
