// post-login through real logins: the login form, SSO, prompt=none, the code exchange, refresh
// and the password grants, with Actions of test/fixtures/actions/ bound.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  API, LoginBrowser, REALM_GRANT, PASSWORD, callbackParams, claims, redeem, tokenRequest, worldDialects, type World,
} from './support.ts';

for (const dialect of await worldDialects()) {
  describe(`post-login Actions through HTTP on ${dialect.name}`, { skip: dialect.skip, timeout: 600_000 }, () => {
    let world: World;
    before(async () => { world = await dialect.start(); });
    after(() => world?.close());

    const browser = () => new LoginBrowser(world.server.url);
    const password = (username: string, extra: Record<string, string> = {}) => tokenRequest(world, {
      grant_type: 'password', username, password: PASSWORD, client_id: world.app.client_id, client_secret: world.app.client_secret ?? '',
      scope: 'openid profile email offline_access', ...extra,
    });

    test('the login form: claims, scopes, metadata and every event field reach the tokens; refresh runs it again', async () => {
      await world.bind('post-login', ['login-context-claim', 'add-roles-claim', 'enrich-with-app-metadata', 'plan-scopes'], { AUDIT_KEY: 'audit-key-123' });
      const user = await world.createUser('ada@example.com', { app_metadata: { plan: 'pro', roles: ['admin'] }, user_metadata: { obsolete_pref: 'x', lang: 'en' } });
      const b = browser();
      const answer = await b.login(b.authorizeUrl(world.app, world.callback, {
        audience: API, scope: 'openid profile email read:reports offline_access', utm_campaign: 'spring',
      }), 'ada@example.com');
      const params = callbackParams(answer, world.callback);
      assert.equal(params.get('state'), 'app-state');
      const tokens = await redeem(world, params.get('code')!);
      assert.equal(tokens.status, 200, JSON.stringify(tokens.body));

      const id = claims(tokens.body.id_token);
      assert.deepEqual(id['https://gatehouse.test/roles'], ['admin']);
      const ctx = id['https://gatehouse.test/login'];
      assert.equal(ctx.protocol, 'oidc-basic-profile');
      assert.deepEqual(ctx.requested_scopes, ['openid', 'profile', 'email', 'read:reports', 'offline_access']);
      assert.equal(ctx.redirect_uri, world.callback);
      assert.equal(ctx.state, 'app-state');
      assert.deepEqual(ctx.response_type, ['code']);
      assert.deepEqual(ctx.prompt, []);
      assert.equal(ctx.campaign, 'spring', 'unknown /authorize parameters reach event.request.query');
      assert.equal(ctx.body_has_password, false, 'the password never reaches an Action');
      assert.equal(ctx.method, 'POST');
      assert.equal(ctx.hostname, '127.0.0.1');
      assert.ok(ctx.ip.includes('127.0.0.1'));
      assert.deepEqual(ctx.geoip, {});
      assert.deepEqual(ctx.client, { id: world.app.client_id, name: 'Reports Web', tier: 'gold' });
      assert.equal(ctx.connection.name, 'Username-Password-Authentication');
      assert.equal(ctx.connection.strategy, 'auth0');
      assert.match(ctx.connection.id, /^con_/);
      assert.equal(ctx.tenant, 'demo');
      assert.equal(ctx.logins_count, 1);
      assert.deepEqual(ctx.roles, []);
      assert.equal(ctx.session, true);
      assert.deepEqual(ctx.methods, ['pwd']);
      assert.equal(ctx.audience, API);
      assert.equal(ctx.refresh_token, false);
      assert.deepEqual(ctx.identities, ['auth0/Username-Password-Authentication/connection,isSocial,provider,user_id'], 'identities carry no IdP tokens');
      assert.ok(!ctx.user_keys.includes('password_hash') && ctx.user_keys.includes('app_metadata') && ctx.user_keys.includes('identities'));
      assert.equal(ctx.secret_seen, true);

      const access = claims(tokens.body.access_token);
      assert.deepEqual(access['https://gatehouse.test/roles'], ['admin']);
      assert.equal(access['https://gatehouse.test/plan'], 'pro', 'transaction metadata from the earlier Action');
      const scopes = access.scope.split(' ');
      assert.ok(scopes.includes('read:reports'));
      assert.ok(!scopes.includes('email'), 'removeScope');
      assert.equal(tokens.body.scope, access.scope, 'the response scope is the access token\'s');
      assert.equal(id.email, 'ada@example.com', 'removeScope touches the access token only');
      assert.equal(id.amr, undefined, 'multifactor is recorded, not enforced: amr untouched');

      const stored = await world.user(user.user_id);
      assert.equal(stored.app_metadata.plan, 'pro');
      assert.equal(stored.user_metadata.last_app, 'Reports Web');
      assert.equal(stored.user_metadata.obsolete_pref, undefined, 'null deletes');
      assert.equal(stored.user_metadata.lang, 'en', 'other keys kept');
      assert.match(world.server.logs(), /asked for multifactor authentication/);

      const refreshed = await tokenRequest(world, {
        grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token, client_id: world.app.client_id, client_secret: world.app.client_secret ?? '',
      });
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
      const again = claims(refreshed.body.id_token)['https://gatehouse.test/login'];
      assert.equal(again.protocol, 'oauth2-refresh-token');
      assert.equal(again.refresh_token, true);
      assert.equal(again.grant_type, 'refresh_token');
      assert.ok(!claims(refreshed.body.access_token).scope.split(' ').includes('email'));
      assert.ok(refreshed.body.refresh_token, 'the family still rotates');
    });

    test('SSO without the form and prompt=none run post-login with event.session', async () => {
      await world.bind('post-login', ['login-context-claim'], { AUDIT_KEY: 'x' });
      await world.createUser('sso@example.com');
      const b = browser();
      callbackParams(await b.login(b.authorizeUrl(world.app, world.callback), 'sso@example.com'), world.callback);
      const sso = await b.get(b.authorizeUrl(world.app, world.callback, { state: 'second' }));
      const params = callbackParams(sso, world.callback);
      assert.equal(params.get('state'), 'second');
      const ctx = claims((await redeem(world, params.get('code')!)).body.id_token)['https://gatehouse.test/login'];
      assert.equal(ctx.session, true);
      assert.equal(ctx.method, 'GET');
      const silent = callbackParams(await b.get(b.authorizeUrl(world.app, world.callback, { prompt: 'none' })), world.callback);
      const quiet = claims((await redeem(world, silent.get('code')!)).body.id_token)['https://gatehouse.test/login'];
      assert.deepEqual(quiet.prompt, ['none']);
      assert.equal(quiet.protocol, 'oidc-basic-profile');
    });

    test('api.access.deny: the app gets access_denied with the reason (browser and token endpoint); metadata is still written', async () => {
      await world.bind('post-login', ['enrich-with-app-metadata', 'deny-unverified-email']);
      const strict = await world.createClient({ name: 'Strict App', client_metadata: { require_verified_email: 'true' } });
      const user = await world.createUser('unverified@example.com', { email_verified: false });
      const b = browser();
      const params = callbackParams(await b.login(b.authorizeUrl(strict, world.callback), 'unverified@example.com'), world.callback);
      assert.equal(params.get('error'), 'access_denied');
      assert.equal(params.get('error_description'), 'Please verify your email before logging in.');
      assert.equal(params.get('state'), 'app-state');
      assert.equal(params.get('code'), null);
      assert.equal((await world.user(user.user_id)).app_metadata.plan, 'free', 'a deny does not cancel metadata');

      const token = await tokenRequest(world, {
        grant_type: 'password', username: 'unverified@example.com', password: PASSWORD, client_id: strict.client_id, client_secret: strict.client_secret ?? '',
      });
      assert.equal(token.status, 403);
      assert.deepEqual(token.body, { error: 'access_denied', error_description: 'Please verify your email before logging in.' });
      const ok = await password('unverified@example.com');
      assert.equal(ok.status, 200, 'another app without the requirement is not affected');
    });

    test('api.validation.error: the app gets the Action\'s own error code', async () => {
      await world.bind('post-login', ['block-expired-contractors']);
      await world.createUser('contractor@example.com', { app_metadata: { contract_ends: '2020-06-30T00:00:00Z' } });
      const b = browser();
      const params = callbackParams(await b.login(b.authorizeUrl(world.app, world.callback), 'contractor@example.com'), world.callback);
      assert.equal(params.get('error'), 'contract_expired');
      assert.equal(params.get('error_description'), 'Your contract ended on 2020-06-30.');
      assert.equal(params.get('state'), 'app-state');
      const token = await password('contractor@example.com');
      assert.equal(token.status, 400);
      assert.equal(token.body.error_description, 'Your contract ended on 2020-06-30.');
    });

    test('an Action that throws: a generic error to the app, the detail only in the tenant log', async () => {
      await world.bind('post-login', ['call-broken-crm']);
      const crmApp = await world.createClient({ name: 'CRM App', client_metadata: { crm: 'on' } });
      await world.createUser('crm@example.com');
      const b = browser();
      const params = callbackParams(await b.login(b.authorizeUrl(crmApp, world.callback), 'crm@example.com'), world.callback);
      assert.equal(params.get('error'), 'access_denied');
      const description = params.get('error_description') ?? '';
      assert.ok(description.length > 0 && !/TypeError|account|undefined/.test(description), description);
      const token = await tokenRequest(world, {
        grant_type: 'password', username: 'crm@example.com', password: PASSWORD, client_id: crmApp.client_id, client_secret: crmApp.client_secret ?? '',
      });
      assert.equal(token.status, 403);
      assert.equal(token.body.error, 'access_denied');
      assert.ok(!/TypeError/.test(token.body.error_description));
      const logged = JSON.stringify(await world.executions('post-login'));
      assert.match(logged, /TypeError|Cannot read properties/);
    });

    test('api.cache: a per-user login counter shared across executions; delete resets it', async () => {
      await world.bind('post-login', ['rate-limit-with-cache']);
      const user = await world.createUser('busy@example.com');
      for (let i = 0; i < 3; i++) assert.equal((await password('busy@example.com')).status, 200, `login ${i + 1}`);
      const limited = await password('busy@example.com');
      assert.equal(limited.status, 403);
      assert.deepEqual(limited.body, { error: 'access_denied', error_description: 'Too many logins, try again later.' });
      const { createUserQueries } = await import('../../../src/storage/index.ts');
      await createUserQueries(world.server.database, world.tenantId).update(user.user_id, { app_metadata: { reset_rate_limit: true } });
      assert.equal((await password('busy@example.com')).status, 200, 'the reset login clears the counter');
      assert.equal((await world.user(user.user_id)).app_metadata.reset_rate_limit, undefined);
      assert.equal((await password('busy@example.com')).status, 200, 'counting starts again');
    });

    test('password and password-realm grants run post-login as oauth2-password, with the body but no password', async () => {
      await world.bind('post-login', ['login-context-claim', 'add-roles-claim'], { AUDIT_KEY: 'audit-key-123' });
      await world.createUser('ropg@example.com', { app_metadata: { roles: ['viewer'] } });
      const variants: Array<Record<string, string>> = [{}, { grant_type: REALM_GRANT, realm: 'Username-Password-Authentication' }];
      for (const extra of variants) {
        const res = await password('ropg@example.com', { audience: API, ...extra });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const ctx = claims(res.body.id_token)['https://gatehouse.test/login'];
        assert.equal(ctx.protocol, 'oauth2-password');
        assert.equal(ctx.grant_type, extra.grant_type ?? 'password');
        assert.equal(ctx.body_has_password, false);
        assert.equal(ctx.session, false, 'password grants start no session');
        assert.equal(ctx.audience, API);
        assert.deepEqual(claims(res.body.access_token)['https://gatehouse.test/roles'], ['viewer']);
      }
    });

    test('credentials-exchange: claims on the M2M token; deny → 400 with the Action\'s code', async () => {
      await world.bind('credentials-exchange', ['m2m-claims']);
      const m2m = (scope?: string, client = world.app) => tokenRequest(world, {
        grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret ?? '', audience: API, ...(scope ? { scope } : {}),
      });
      const ok = await m2m('read:reports');
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      const access = claims(ok.body.access_token);
      assert.equal(access['https://gatehouse.test/tier'], 'gold');
      assert.equal(access['https://gatehouse.test/api'], API);
      assert.deepEqual(access['https://gatehouse.test/granted'], ['read:reports']);
      assert.equal(access.sub, `${world.app.client_id}@clients`);

      const refused = await m2m('read:reports delete:everything');
      assert.equal(refused.status, 400);
      assert.deepEqual(refused.body, { error: 'invalid_scope', error_description: 'delete:everything is never granted to machines.' });

      const suspended = await world.createClient({ name: 'Suspended M2M', client_metadata: { suspended: 'true' } });
      const { createClientGrantQueries } = await import('../../../src/storage/index.ts');
      await createClientGrantQueries(world.server.database, world.tenantId).create({ client_id: suspended.client_id, audience: API, scopes: ['read:reports'] });
      const denied = await m2m(undefined, suspended);
      assert.equal(denied.status, 400);
      assert.deepEqual(denied.body, { error: 'invalid_request', error_description: 'This client is suspended.' });
    });
  });
}
