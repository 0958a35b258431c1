// The flow executor through the real runtime: every api method's effect and actions.md §5's
// flow semantics (order, stop, batching, failures, limits, logs).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { applyMetadata, executeTrigger, type FlowResult } from '../../../src/extensibility/actions/index.ts';
import { createExecutionLogQueries, createUserQueries } from '../../../src/storage/index.ts';
import { bind, dialects, fixture, postLoginEvent, startRunner, uniqueName, type Fixture } from './support.ts';

const rt = startRunner(5000);
after(() => rt.dispose());

const run = (f: Fixture, event = postLoginEvent(), extra: { canRedirect?: boolean } = {}) =>
  executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-login', event, ...extra });

function failedWith(result: FlowResult, pattern: RegExp): void {
  assert.equal(result.status, 'failed', JSON.stringify(result));
  assert.match(result.executions.at(-1)?.error ?? '', pattern);
}

for (const dialect of await dialects()) {
  describe(`executeTrigger on ${dialect.name}`, { skip: dialect.skip }, () => {
    let f: Fixture;
    before(async () => { f = await fixture(dialect, rt.runner); });
    after(() => f?.close());

    test('no bound Action: completed with empty effects and no execution', async () => {
      const result = await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-user-registration', event: {} });
      assert.equal(result.status, 'completed');
      assert.deepEqual(result.executions, []);
      assert.deepEqual(result.effects.idTokenClaims, {});
    });

    test('claims and scopes accumulate over Actions in order; null deletes; reserved names are dropped', async () => {
      await bind(f, 'post-login', [
        { name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => {
          api.idToken.setCustomClaim('https://x/email', event.user.email).idToken.setCustomClaim('https://x/gone', 1).idToken.setCustomClaim('sub', 'forged');
          api.accessToken.setCustomClaim('https://x/role', 'admin');
          api.accessToken.addScope('read:a');
          api.accessToken.addScope('read:b');
        };` },
        { name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => {
          api.idToken.setCustomClaim('https://x/gone', null);
          api.accessToken.removeScope('read:b').accessToken.removeScope('openid');
        };` },
      ]);
      const result = await run(f);
      assert.equal(result.status, 'completed');
      assert.deepEqual(result.effects.idTokenClaims, { 'https://x/email': 'jane@example.com' });
      assert.deepEqual(result.effects.accessTokenClaims, { 'https://x/role': 'admin' });
      assert.deepEqual(result.effects.addedScopes, ['read:a']);
      assert.deepEqual(result.effects.removedScopes.sort(), ['openid', 'read:b']);
      assert.deepEqual(result.executions.map((e) => e.outcome), ['ok', 'ok']);
    });

    test('api.access.deny stops later Actions but keeps the metadata already requested', async () => {
      await bind(f, 'post-login', [
        { name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => { api.user.setAppMetadata('flag', true); api.access.deny('Not from here'); api.idToken.setCustomClaim('after-deny', 1); };` },
        { name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('second', 1); };` },
      ]);
      const result = await run(f);
      assert.equal(result.status, 'denied');
      assert.equal(result.executions.length, 1);
      assert.deepEqual(result.effects.appMetadata, { flag: true });
      assert.deepEqual(result.effects.idTokenClaims, { 'after-deny': 1 });
      if (result.status !== 'denied') return;
      assert.deepEqual(result.error, { code: 'ACTION_DENIED', status: 403, wire: 'access_denied', description: 'Not from here' });
    });

    test('metadata is merged across Actions, not reflected in later event.user, and written once', async () => {
      const users = createUserQueries(f.database, f.tenantId);
      const user = await users.create({ connection: 'Username-Password-Authentication', email: `m-${uniqueName()}@example.com`, user_metadata: { lang: 'en', keep: 1 } });
      await bind(f, 'post-login', [
        { name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => { api.user.setUserMetadata('a', 1).user.setAppMetadata('plan', 'gold'); };` },
        { name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => {
          api.idToken.setCustomClaim('seen', String(event.user.user_metadata.a));
          api.user.setUserMetadata('b', { nested: true });
          api.user.setUserMetadata('lang', null);
        };` },
      ]);
      const result = await run(f, postLoginEvent({ user: { user_id: user.user_id, email: user.email, user_metadata: { lang: 'en', keep: 1 }, app_metadata: {} } }));
      assert.equal(result.status, 'completed');
      assert.equal(result.effects.idTokenClaims.seen, 'undefined');
      assert.deepEqual(result.effects.userMetadata, { a: 1, b: { nested: true }, lang: null });
      assert.equal(await applyMetadata(f.deps, { tenantId: f.tenantId, userId: user.user_id, effects: result.effects }), true);
      const stored = await users.find(user.user_id);
      assert.deepEqual(stored?.user_metadata, { keep: 1, a: 1, b: { nested: true } });
      assert.deepEqual(stored?.app_metadata, { plan: 'gold' });
    });

    test('transaction metadata is visible at once and to later Actions of the same execution only', async () => {
      const reader = `exports.onExecutePostLogin = async (event, api) => {
        api.idToken.setCustomClaim('before-' + event.secrets.N, String(event.transaction.metadata.k));
      };`;
      await bind(f, 'post-login', [
        { name: uniqueName(), code: reader, secrets: [{ name: 'N', value: '1' }] },
        { name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => {
          api.transaction.setMetadata('k', 'v').transaction.setMetadata('n', 2);
          api.transaction.setMetadata('gone', true);
          api.transaction.setMetadata('gone', null);
          api.idToken.setCustomClaim('own', event.transaction.metadata.k);
        };` },
        { name: uniqueName(), code: reader, secrets: [{ name: 'N', value: '3' }] },
      ]);
      for (let i = 0; i < 2; i++) {
        const result = await run(f);
        assert.equal(result.status, 'completed');
        assert.deepEqual(result.effects.idTokenClaims, { 'before-1': 'undefined', own: 'v', 'before-3': 'v' });
        assert.deepEqual(result.effects.transactionMetadata, { k: 'v', n: 2 });
      }
    });

    test('transaction metadata limits: an object value or an oversized value fails the execution', async () => {
      await bind(f, 'post-login', [{ name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => { api.transaction.setMetadata('o', { a: 1 }); };` }]);
      failedWith(await run(f), /strings, numbers or booleans/);
      await bind(f, 'post-login', [{ name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => { api.transaction.setMetadata('big', 'x'.repeat(8193)); };` }]);
      failedWith(await run(f), /at most 8 KB/);
    });

    test('a throw fails the flow with a generic message; the detail is only in the execution log', async () => {
      const [thrower] = await bind(f, 'post-login', [
        { name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('discarded', 1); throw new Error('database password is ' + event.secrets.PW); };`, secrets: [{ name: 'PW', value: 'hunter2-secret' }] },
        { name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('never', 1); };` },
      ]);
      const result = await run(f);
      assert.equal(result.status, 'failed');
      if (result.status !== 'failed') return;
      assert.equal(result.error.code, 'ACTION_FAILED');
      assert.doesNotMatch(result.error.description, /database password/);
      assert.deepEqual(result.effects.idTokenClaims, {});
      assert.equal(result.executions.length, 1);
      const [row] = await createExecutionLogQueries(f.database, f.tenantId).list({ code_id: thrower.id });
      assert.equal(row.type, 'action:post-login');
      assert.equal(row.outcome, 'failed');
      assert.equal(row.details.error, 'Error: database password is ****');
      assert.equal(row.details.action_name, thrower.name);
      assert.equal(row.details.version, 1);
    });

    test('a handler that is not async, and exports that are not an object, fail with Auth0\'s messages', async () => {
      await bind(f, 'post-login', [{ name: uniqueName(), code: `exports.onExecutePostLogin = function (event, api) {};` }]);
      failedWith(await run(f), /Invalid function signature for the "onExecutePostLogin" handler\. Use "exports\.onExecutePostLogin = async function\(event, api\) \{ \}" as the signature\./);
      await bind(f, 'post-login', [{ name: uniqueName(), code: `module.exports = 42;` }]);
      failedWith(await run(f), /The Action must export an object\./);
    });

    test('an Action without the trigger\'s handler is skipped', async () => {
      await bind(f, 'post-login', [
        { name: uniqueName(), code: `exports.somethingElse = async () => {};` },
        { name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('ran', true); };` },
      ]);
      const result = await run(f);
      assert.deepEqual(result.executions.map((e) => e.outcome), ['skipped', 'ok']);
      assert.deepEqual(result.effects.idTokenClaims, { ran: true });
    });

    test('logs are cut at 256 characters with the marker and secrets are masked', async () => {
      const [logger] = await bind(f, 'post-login', [{ name: uniqueName(), secrets: [{ name: 'KEY', value: 'sk_live_abcdef' }], code: `exports.onExecutePostLogin = async (event) => {
        console.log('key=' + event.secrets.KEY);
        for (let i = 0; i < 50; i++) console.log('line ' + i + ' ' + 'x'.repeat(20));
      };` }]);
      const result = await run(f);
      const messages = result.executions[0].logs.map((l) => l.message);
      const text = messages.join('\n');
      assert.match(text, /^key=\*\*\*\*/);
      assert.doesNotMatch(text, /sk_live_abcdef/);
      assert.match(text, /…\[truncated\]$/);
      const chars = messages.reduce((n, m) => n + m.length, 0);
      assert.ok(chars <= 256 + '…[truncated]'.length, `too long: ${chars}`);
      const [row] = await createExecutionLogQueries(f.database, f.tenantId).list({ code_id: logger.id });
      assert.deepEqual(row.logs.map((l) => l.message).join('\n'), text);
    });

    test('api.validation.error stops the flow with the Action\'s code', async () => {
      await bind(f, 'post-login', [{ name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => { api.validation.error('invalid_plan', 'Your plan has expired'); };` }]);
      const result = await run(f);
      assert.equal(result.status, 'validation-error');
      if (result.status !== 'validation-error') return;
      assert.deepEqual(result.error, { code: 'ACTION_VALIDATION_ERROR', status: 400, wire: 'invalid_plan', description: 'Your plan has expired' });
    });

    test('argument checks throw like Auth0: the scope claim, bad scopes', async () => {
      await bind(f, 'post-login', [{ name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('scope', 'admin'); };` }]);
      failedWith(await run(f), /The "scope" claim cannot be set\./);
      await bind(f, 'post-login', [{ name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => { api.accessToken.addScope('read write'); };` }]);
      failedWith(await run(f), /must not have whitespace/);
    });

    test('multifactor.enable and rules.wasExecuted', async () => {
      await bind(f, 'post-login', [{ name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => {
        api.multifactor.enable('any', { allowRememberBrowser: true });
        api.idToken.setCustomClaim('rule', api.rules.wasExecuted('rul_1'));
      };` }]);
      const result = await run(f);
      assert.deepEqual(result.effects.multifactor, { provider: 'any', allowRememberBrowser: true });
      assert.deepEqual(result.effects.idTokenClaims, { rule: false });
    });

    test('other triggers: their own api (deny codes, setUserId) and no post-login namespaces', async () => {
      await bind(f, 'credentials-exchange', [{ name: uniqueName(), code: `exports.onExecuteCredentialsExchange = async (event, api) => {
        api.accessToken.setCustomClaim('https://x/tier', 'gold');
        if (event.request.body.audience === 'bad') api.access.deny('invalid_scope', 'Not for you');
      };` }]);
      const ok = await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'credentials-exchange', event: { request: { body: { audience: 'ok' } } } });
      assert.deepEqual(ok.effects.accessTokenClaims, { 'https://x/tier': 'gold' });
      const denied = await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'credentials-exchange', event: { request: { body: { audience: 'bad' } } } });
      assert.equal(denied.status, 'denied');
      if (denied.status === 'denied') assert.deepEqual(denied.error, { code: 'ACTION_DENIED_INVALID_SCOPE', status: 400, wire: 'invalid_scope', description: 'Not for you' });

      await bind(f, 'pre-user-registration', [{ name: uniqueName(), code: `exports.onExecutePreUserRegistration = async (event, api) => {
        api.user.setUserMetadata('source', 'signup');
        api.user.setUserId('custom-' + event.user.email);
        if (event.user.email.endsWith('@blocked.test')) api.access.deny('blocked domain', 'Sign-ups from this domain are closed.');
      };` }]);
      const reg = await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'pre-user-registration', event: { user: { email: 'a@ok.test' } } });
      assert.equal(reg.status, 'completed');
      assert.equal(reg.effects.userId, 'custom-a@ok.test');
      assert.deepEqual(reg.effects.userMetadata, { source: 'signup' });
      const refused = await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'pre-user-registration', event: { user: { email: 'a@blocked.test' } } });
      assert.equal(refused.status, 'denied');
      if (refused.status === 'denied') {
        assert.equal(refused.error.code, 'ACTION_SIGNUP_DENIED');
        assert.equal(refused.error.description, 'Sign-ups from this domain are closed.');
        assert.equal(refused.deny.reason, 'blocked domain');
      }

      await bind(f, 'post-change-password', [{ name: uniqueName(), code: `exports.onExecutePostChangePassword = async (event, api) => { api.redirect.sendUserTo('https://x.test'); };` }]);
      failedWith(await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-change-password', event: { user: {} } }), /TypeError/);
    });

    test('without a runtime a trigger with bound Actions fails', async () => {
      await bind(f, 'send-phone-message', [{ name: uniqueName(), code: `exports.onExecuteSendPhoneMessage = async () => {};` }]);
      const result = await executeTrigger({ ...f.deps, runner: undefined }, { tenantId: f.tenantId, trigger: 'send-phone-message', event: {} });
      assert.equal(result.status, 'failed');
    });
  });
}
