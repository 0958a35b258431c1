// api.cache (actions.md §8) through executeTrigger: per tenant and trigger, shared across
// executions, TTL and size limits, error codes instead of throws — on the storage table
// (both dialects) and in memory.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMemoryActionCache } from '../../../src/cache/memory-action-cache.ts';
import { executeTrigger } from '../../../src/extensibility/actions/index.ts';
import { bind, dialects, fixture, postLoginEvent, startRunner, uniqueName, type Fixture } from './support.ts';

const rt = startRunner(5000);
after(() => rt.dispose());

const backends = [
  ...(await dialects()).map((d) => ({ name: `storage on ${d.name}`, dialect: d, memory: false })),
  { name: 'memory', dialect: (await dialects())[0], memory: true },
];

for (const backend of backends) {
  describe(`api.cache (${backend.name})`, { skip: backend.dialect.skip }, () => {
    let f: Fixture;
    let clock = 1_700_000_000_000;
    before(async () => {
      f = await fixture(backend.dialect, rt.runner, { now: () => clock, ...(backend.memory ? { cache: createMemoryActionCache() } : {}) });
    });
    after(() => f?.close());
    const flow = async (query: Record<string, unknown>, trigger: 'post-login' | 'credentials-exchange' = 'post-login') => {
      const result = await executeTrigger(f.deps, { tenantId: f.tenantId, trigger, event: postLoginEvent({ request: { query, body: query } }) });
      assert.ok(result.status === 'completed', JSON.stringify(result));
      return (trigger === 'post-login' ? result.effects.idTokenClaims : result.effects.accessTokenClaims).out as unknown;
    };

    test('a value set in one execution is read by a later one; consistent within one; per trigger; expires', async () => {
      await bind(f, 'post-login', [
        { name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => {
          const q = event.request.query;
          const before = api.cache.get('k');
          const set = q.set === undefined ? null : api.cache.set('k', q.set, q.ttl === undefined ? undefined : { ttl: Number(q.ttl) });
          api.idToken.setCustomClaim('out', { before: before === undefined ? null : before, set, now: api.cache.get('k') || null });
        };` },
        { name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => {
          const e = api.cache.get('k'); api.idToken.setCustomClaim('second', e === undefined ? null : e.value);
        };` },
      ]);
      await bind(f, 'credentials-exchange', [{ name: uniqueName(), code: `exports.onExecuteCredentialsExchange = async (event, api) => {
        const e = api.cache.get('k'); api.accessToken.setCustomClaim('out', e === undefined ? 'none' : e.value);
      };` }]);
      const fifteen = 15 * 60_000;
      assert.deepEqual(await flow({ set: 'v1' }), {
        before: null, set: { type: 'success', record: { value: 'v1', expires_at: clock + fifteen } }, now: { value: 'v1', expires_at: clock + fifteen },
      });
      const second = await executeTrigger(f.deps, { tenantId: f.tenantId, trigger: 'post-login', event: postLoginEvent() });
      assert.equal(second.effects.idTokenClaims.second, 'v1', 'a later Action of the same execution sees it');
      assert.deepEqual(((await flow({})) as { before: unknown }).before, { value: 'v1', expires_at: clock + fifteen });
      assert.equal(await flow({}, 'credentials-exchange'), 'none', 'another trigger has its own cache');
      clock += fifteen;
      assert.equal(((await flow({})) as { before: unknown }).before, null, 'expired = absent');
    });

    test('limits answer with error codes; delete; expiry options', async () => {
      await bind(f, 'post-login', [{ name: uniqueName(), code: `exports.onExecutePostLogin = async (event, api) => {
        const out = {};
        const now = Number(event.request.query.now);
        out.bigKey = api.cache.set('k'.repeat(65), 'v');
        out.bigValue = api.cache.set('k', 'v'.repeat(4097));
        out.badTtl = api.cache.set('k', 'v', { ttl: -5 });
        out.past = api.cache.set('k', 'v', { expires_at: now - 1 });
        out.earlier = api.cache.set('e', 'v', { ttl: 60000, expires_at: now + 1000 }).record.expires_at - now;
        out.capped = api.cache.set('c', 'v', { ttl: 48 * 3600 * 1000 }).record.expires_at - now;
        out.missing = api.cache.delete('nope');
        out.deleted = api.cache.delete('c');
        for (let i = 0; i < 25; i++) { const r = api.cache.set('n' + i, 'x'); if (r.type === 'error') { out.full = [i, r.code]; break; } }
        out.replaced = api.cache.set('e', 'y'.repeat(4090)).type;
        out.bytes = api.cache.set('n0', 'z'.repeat(4090));
        api.idToken.setCustomClaim('out', out);
      };` }]);
      const out = await flow({ now: clock }) as Record<string, unknown>;
      assert.deepEqual(out.bigKey, { type: 'error', code: 'CacheKeySizeExceeded' });
      assert.deepEqual(out.bigValue, { type: 'error', code: 'CacheValueSizeExceeded' });
      assert.deepEqual(out.badTtl, { type: 'error', code: 'InvalidExpiry' });
      assert.equal(out.earlier, 1000, 'with ttl and expires_at the earlier wins');
      assert.equal(out.capped, 24 * 3600 * 1000, 'at most 24 h');
      assert.deepEqual(out.missing, { type: 'error', code: 'CacheKeyDoesNotExist' });
      assert.deepEqual(out.deleted, { type: 'success' });
      // 'k' (from the first test, maybe expired) and 'e' are there: 20 entries in all.
      assert.equal((out.full as [number, string])[1], 'CacheSizeExceeded');
      assert.equal(out.replaced, 'success');
      assert.deepEqual(out.bytes, { type: 'error', code: 'CacheSizeExceeded' }, '8 KB in all');
    });
  });
}
