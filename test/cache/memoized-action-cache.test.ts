import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActionCache } from '../../src/cache/action-cache.ts';
import { memoizeActionCache } from '../../src/cache/memoized-action-cache.ts';
import { createMemoryActionCache } from '../../src/cache/memory-action-cache.ts';

function counting(inner: ActionCache): ActionCache & { reads: number } {
  const out = {
    reads: 0,
    snapshot: (t: string, tr: string, now: number) => { out.reads += 1; return inner.snapshot(t, tr, now); },
    apply: inner.apply,
  };
  return out;
}

test('memoized api.cache: one read per interval, own writes applied, other writers seen after the interval', async () => {
  const store = createMemoryActionCache();
  const inner = counting(store);
  const cache = memoizeActionCache(inner, 60_000);
  assert.deepEqual(await cache.snapshot('t', 'post-login', 0), []);
  await cache.apply('t', 'post-login', [{ op: 'set', key: 'a', value: '1', expires_at: 100 }]);
  assert.deepEqual(await cache.snapshot('t', 'post-login', 10), [{ key: 'a', value: '1', expires_at: 100 }]);
  assert.deepEqual(await cache.snapshot('t', 'post-login', 100), [], 'expired entries are filtered at read time');
  await store.apply('t', 'post-login', [{ op: 'set', key: 'b', value: 'other node', expires_at: 100 }]);
  assert.equal((await cache.snapshot('t', 'post-login', 10)).length, 1, 'another writer is not seen within the interval');
  assert.equal(inner.reads, 1);

  const fresh = memoizeActionCache(inner, 0);
  assert.equal((await fresh.snapshot('t', 'post-login', 10)).length, 2, 'it is after the interval');
});
