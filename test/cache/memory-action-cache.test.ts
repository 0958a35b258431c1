import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryActionCache } from '../../src/cache/memory-action-cache.ts';

test('memory api.cache: per tenant and trigger, ops in order, expired entries dropped', async () => {
  const cache = createMemoryActionCache();
  await cache.apply('t1', 'post-login', [
    { op: 'set', key: 'a', value: '1', expires_at: 100 },
    { op: 'set', key: 'b', value: '2', expires_at: 50 },
    { op: 'delete', key: 'a' },
    { op: 'set', key: 'a', value: '3', expires_at: 200 },
  ]);
  await cache.apply('t2', 'post-login', [{ op: 'set', key: 'a', value: 'other tenant', expires_at: 200 }]);
  const sorted = async (tenant: string, trigger: string, now: number) => (await cache.snapshot(tenant, trigger, now)).sort((x, y) => x.key.localeCompare(y.key));
  assert.deepEqual(await sorted('t1', 'post-login', 10), [{ key: 'a', value: '3', expires_at: 200 }, { key: 'b', value: '2', expires_at: 50 }]);
  assert.deepEqual(await sorted('t1', 'post-login', 50), [{ key: 'a', value: '3', expires_at: 200 }]);
  assert.deepEqual(await sorted('t1', 'credentials-exchange', 10), []);
  assert.deepEqual(await sorted('t2', 'post-login', 10), [{ key: 'a', value: 'other tenant', expires_at: 200 }]);
});
