// testAction: a draft or given code, run once with stubbed side effects (nothing written).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAction, testAction } from '../../../src/extensibility/actions/index.ts';
import { createExecutionLogQueries } from '../../../src/storage/index.ts';
import { dialects, fixture, postLoginEvent, startRunner, uniqueName, type Fixture } from './support.ts';

const rt = startRunner(5000);
after(() => rt.dispose());
const [sqlite] = await dialects();

describe('testAction', () => {
  let f: Fixture;
  before(async () => { f = await fixture(sqlite, rt.runner); });
  after(() => f?.close());

  test('returns the recorded commands and logs of given code, writing nothing', async () => {
    const result = await testAction(f.deps, {
      tenantId: f.tenantId, trigger: 'post-login', event: postLoginEvent(), secrets: { K: 'secret-value-1' },
      code: `exports.onExecutePostLogin = async (event, api) => {
        console.log('testing with', event.secrets.K);
        api.idToken.setCustomClaim('https://x/a', 1);
        api.cache.set('k', 'v');
        api.redirect.sendUserTo('https://ext.example.com/', { query: { a: 'b' } });
      };`,
    });
    assert.equal(result.error, undefined);
    assert.deepEqual(result.commands.map((c) => c.api), ['idToken.setCustomClaim', 'cache.set', 'redirect.sendUserTo']);
    assert.deepEqual(result.commands[0].args, ['https://x/a', 1]);
    assert.deepEqual(result.redirect, { url: 'https://ext.example.com/', query: { a: 'b' } });
    assert.deepEqual(result.logs.map((l) => l.message), ['testing with ****']);
    assert.deepEqual(await createExecutionLogQueries(f.database, f.tenantId).list(), []);
  });

  test('runs an Action\'s draft (never deployed) with its own secrets, and reports errors', async () => {
    const action = await createAction(f.deps, f.tenantId, {
      name: uniqueName(), supported_triggers: [{ id: 'credentials-exchange' }], secrets: [{ name: 'TIER', value: 'gold' }],
      code: `exports.onExecuteCredentialsExchange = async (event, api) => { api.accessToken.setCustomClaim('tier', event.secrets.TIER); };`,
    });
    const ok = await testAction(f.deps, { tenantId: f.tenantId, actionId: action.id, event: {} });
    assert.deepEqual(ok.commands, [{ api: 'accessToken.setCustomClaim', args: ['tier', 'gold'] }]);
    const broken = await testAction(f.deps, { tenantId: f.tenantId, trigger: 'post-login', event: {}, code: `exports.onExecutePostLogin = async () => { throw new Error('boom'); };` });
    assert.equal(broken.error, 'Error: boom');
    assert.deepEqual(broken.commands, []);
  });
});
