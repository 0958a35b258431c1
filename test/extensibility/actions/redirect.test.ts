// Redirect Actions (actions.md §4.1 redirect, §6): suspend with a state, resume with
// onContinuePostLogin of the redirecting Action and then the rest; encodeToken/validateToken
// round trip, tamper, expiry and state checks; flows that cannot redirect.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { executeTrigger, type FlowResult, type SuspendedFlow } from '../../../src/extensibility/actions/index.ts';
import { bind, dialects, fixture, postLoginEvent, startRunner, uniqueName, type Fixture } from './support.ts';

const rt = startRunner(5000);
after(() => rt.dispose());

const secret = 'shared-secret-with-the-external-site';
const redirecting = `exports.onExecutePostLogin = async (event, api) => {
  api.idToken.setCustomClaim('before', true);
  api.transaction.setMetadata('t', 'kept');
  api.user.setUserMetadata('m', 1);
  api.idToken.setCustomClaim('can', api.redirect.canRedirect());
  if (!api.redirect.canRedirect()) return;
  const token = api.redirect.encodeToken({ secret: event.secrets.S, payload: { favourite: 'blue' }, expiresInSeconds: 60 });
  api.redirect.sendUserTo('https://ext.example.com/verify', { query: { session_token: token, lang: 'en' } });
};
exports.onContinuePostLogin = async (event, api) => {
  const payload = api.redirect.validateToken({ secret: event.secrets.S, tokenParameterName: 'session_token' });
  api.idToken.setCustomClaim('continued', payload.favourite + ':' + event.transaction.metadata.t);
  api.authentication.recordMethod('https://ext.example.com/mfa');
};`;
const after2 = `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('second', event.transaction.metadata.t); };`;

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
/** What the external site does: read the token, answer with one carrying the state, signed with the shared secret. */
function returnToken(claims: Record<string, unknown>, key = secret): string {
  const head = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}
function decode(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
}

for (const dialect of await dialects()) {
  describe(`redirect Actions on ${dialect.name}`, { skip: dialect.skip }, () => {
    let f: Fixture;
    before(async () => {
      f = await fixture(dialect, rt.runner);
      await bind(f, 'post-login', [{ name: uniqueName(), code: redirecting, secrets: [{ name: 'S', value: secret }] }, { name: uniqueName(), code: after2 }]);
    });
    after(() => f?.close());

    async function suspend(): Promise<{ result: FlowResult; suspended: SuspendedFlow; url: URL }> {
      const result = await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-login', event: postLoginEvent() });
      assert.equal(result.status, 'redirect', JSON.stringify(result));
      if (result.status !== 'redirect') throw new Error('unreachable');
      return { result, suspended: result.redirect.suspended, url: new URL(result.redirect.url) };
    }
    const resume = (suspended: SuspendedFlow, body: Record<string, unknown>, query: Record<string, unknown> = { state: suspended.state }) =>
      executeTrigger(f.deps, {
        tenantId: f.tenantId, trigger: 'post-login', event: {},
        resume: { suspended: JSON.parse(JSON.stringify(suspended)) as SuspendedFlow, request: { hostname: 'acme.example.com', ip: '127.0.0.1', method: 'POST', query, body } },
      });

    test('suspends after the redirecting Action, with the state, query and a signed token in the URL', async () => {
      const { result, suspended, url } = await suspend();
      assert.equal(url.origin + url.pathname, 'https://ext.example.com/verify');
      assert.equal(url.searchParams.get('state'), suspended.state);
      assert.equal(url.searchParams.get('lang'), 'en');
      const claims = decode(url.searchParams.get('session_token') ?? '');
      assert.equal(claims.favourite, 'blue');
      assert.equal(claims.iss, 'acme.example.com');
      assert.equal(claims.sub, 'auth0|u1');
      assert.equal(claims.ip, '127.0.0.1');
      assert.equal((claims.exp as number) - (claims.iat as number), 60);
      assert.equal(result.executions.length, 1, 'the second Action waits for /continue');
      assert.deepEqual(result.effects.userMetadata, { m: 1 }, 'metadata is written before the redirect');
      assert.equal(suspended.effects.userMetadata, null);
      assert.equal((suspended.event as { secrets?: unknown }).secrets, undefined);
      assert.ok(suspended.expiresAt - suspended.suspendedAt === 15 * 60_000);
    });

    test('resumes with onContinuePostLogin of the redirecting Action, then runs the rest', async () => {
      const { suspended, url } = await suspend();
      const claims = decode(url.searchParams.get('session_token') ?? '');
      const result = await resume(suspended, { session_token: returnToken({ ...claims, state: suspended.state }) });
      assert.equal(result.status, 'completed', JSON.stringify(result));
      assert.deepEqual(result.effects.idTokenClaims, { before: true, can: true, continued: 'blue:kept', second: 'kept' });
      assert.deepEqual(result.effects.authenticationMethods.map((m) => m.name), ['https://ext.example.com/mfa']);
      assert.equal(result.effects.userMetadata, null);
      assert.deepEqual(result.executions.map((e) => e.handler), ['onContinuePostLogin', 'onExecutePostLogin']);
    });

    test('validateToken refuses a tampered, expired, foreign-state or missing token', async () => {
      const { suspended, url } = await suspend();
      const claims = { ...decode(url.searchParams.get('session_token') ?? ''), state: suspended.state };
      const good = returnToken(claims);
      const tampered = `${good.split('.')[0]}.${b64url({ ...claims, favourite: 'red' })}.${good.split('.')[2]}`;
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ session_token: tampered }, /The session token is invalid: signature verification failed/],
        [{ session_token: returnToken(claims, 'another-secret') }, /signature verification failed/],
        [{ session_token: returnToken({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }) }, /has expired/],
        [{ session_token: returnToken({ ...claims, state: 'someone-elses' }) }, /"state" claim does not match/],
        [{ session_token: returnToken({ ...claims, sub: 'auth0|other' }) }, /"sub" claim/],
        [{}, /There is no parameter called 'session_token' available in either the POST body or query string\./],
      ];
      for (const [body, pattern] of cases) {
        const result = await resume(suspended, body);
        assert.equal(result.status, 'failed');
        assert.match(result.executions[0].error ?? '', pattern);
      }
    });

    test('a suspended flow is never resumed in another tenant or after its lifetime', async () => {
      const { suspended } = await suspend();
      const foreign = await executeTrigger(f.deps, { tenantId: 'ten_other', trigger: 'post-login', event: {}, resume: { suspended, request: { query: {} } } });
      assert.equal(foreign.status, 'failed');
      assert.deepEqual(foreign.executions, []);
      const late = await executeTrigger({ ...f.deps, now: () => suspended.expiresAt + 1 }, { tenantId: f.tenantId, trigger: 'post-login', event: {}, resume: { suspended, request: { query: {} } } });
      assert.equal(late.status, 'failed');
      assert.deepEqual(late.executions, []);
    });

    test('a flow that cannot interact fails instead of redirecting', async () => {
      const grant = await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-login', canRedirect: false, event: postLoginEvent({ transaction: { protocol: 'oauth2-password' } }) });
      // canRedirect() is false there, so this Action skips the redirect on its own.
      assert.equal(grant.status, 'completed');
      assert.equal(grant.effects.idTokenClaims.can, false);
    });
  });
}

describe('a redirect where none is possible', () => {
  let f: Fixture;
  before(async () => {
    const [sqlite] = await dialects();
    f = await fixture(sqlite, rt.runner);
    await bind(f, 'post-login', [{ name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => { api.redirect.sendUserTo('https://ext.example.com/'); };` }]);
  });
  after(() => f?.close());

  test('prompt=none → interaction_required; a token grant → 403 "Redirect actions are not supported for this grant type"', async () => {
    const silent = await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-login', canRedirect: false, event: postLoginEvent({ request: { query: { prompt: 'none' } } }) });
    assert.equal(silent.status, 'failed');
    if (silent.status === 'failed') assert.equal(silent.error.wire, 'interaction_required');
    const refresh = await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-login', canRedirect: false, event: postLoginEvent({ transaction: { protocol: 'oauth2-refresh-token' } }) });
    assert.equal(refresh.status, 'failed');
    if (refresh.status === 'failed') {
      assert.deepEqual(refresh.error, { code: 'ACTION_REDIRECT_UNSUPPORTED', status: 403, wire: 'access_denied', description: 'Redirect actions are not supported for this grant type' });
    }
  });

  test('resuming an Action without onContinuePostLogin fails', async () => {
    const result = await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-login', event: postLoginEvent() });
    assert.equal(result.status, 'redirect');
    if (result.status !== 'redirect') return;
    const resumed = await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-login', event: {}, resume: { suspended: result.redirect.suspended, request: { query: {} } } });
    assert.equal(resumed.status, 'failed');
    assert.match(resumed.executions[0].error ?? '', /Invalid function signature for the "onContinuePostLogin" handler/);
  });
});
