// actions.md §5.6: a per-Action limit and a per-flow budget; a timeout fails the flow like a
// throw and the runtime recycles the container (fresh `global` next time).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { executeTrigger } from '../../../src/extensibility/actions/index.ts';
import { bind, dialects, fixture, postLoginEvent, startRunner, uniqueName, type Fixture } from './support.ts';

const rt = startRunner(20_000);
after(() => rt.dispose());
const [sqlite] = await dialects();

describe('Action time limits', () => {
  let f: Fixture;
  before(async () => { f = await fixture(sqlite, rt.runner, { limits: { actionTimeoutMs: 1500, flowBudgetMs: 4000 } }); });
  after(() => f?.close());

  test('a timeout fails the flow and recycles the container', async () => {
    await bind(f, 'post-login', [{ name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => {
      global.calls = (global.calls || 0) + 1;
      api.idToken.setCustomClaim('calls', global.calls);
      if (event.request.query.loop) { while (true) {} }
    };` }]);
    const calm = (loop: boolean) => executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-login', event: postLoginEvent({ request: { query: loop ? { loop: '1' } : {} } }) });
    assert.equal((await calm(false)).effects.idTokenClaims.calls, 1);
    assert.equal((await calm(false)).effects.idTokenClaims.calls, 2);
    const looped = await calm(true);
    assert.equal(looped.status, 'failed');
    assert.equal(looped.executions[0].outcome, 'timeout');
    if (looped.status === 'failed') assert.equal(looped.error.code, 'ACTION_FAILED');
    assert.equal((await calm(false)).effects.idTokenClaims.calls, 1, 'a fresh container after the timeout');
  });

  test('the flow budget is shared: what is left becomes the next Action\'s limit', async () => {
    const sleepy = `exports.onExecutePostLogin = async (event, api) => { await new Promise((r) => setTimeout(r, 1200)); api.idToken.setCustomClaim(event.secrets.NAME, true); };`;
    await bind(f, 'post-login', ['a', 'b', 'c', 'd'].map((n) => ({ name: uniqueName(), code: sleepy, secrets: [{ name: 'NAME', value: n }] })));
    const result = await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-login', event: postLoginEvent() });
    // 4 × 1.2 s cannot fit in 4 s, while each Action alone fits in its 1.5 s limit.
    assert.equal(result.status, 'failed');
    assert.equal(result.executions.at(-1)?.outcome, 'timeout');
    assert.ok(result.executions.length <= 4);
    assert.deepEqual(result.executions.slice(0, -1).map((e) => e.outcome), result.executions.slice(0, -1).map(() => 'ok'));
  });
});
