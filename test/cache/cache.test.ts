import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cache } from '../../src/cache/index.ts';
import { cacheBackends, uniqueKey } from './backends.ts';

for (const backend of await cacheBackends()) {
  describe(`Cache (${backend.name})`, { skip: backend.skip }, () => {
    let cache: Cache;
    before(async () => { cache = await backend.open(); });
    after(async () => { await cache?.close(); });

    it('stores, reads and deletes strings', async () => {
      const key = uniqueKey('kv');
      assert.equal(await cache.get(key), undefined);
      assert.equal(await cache.set(key, 'v1'), true);
      assert.equal(await cache.get(key), 'v1');
      assert.equal(await cache.ttl(key), -1);
      assert.equal(await cache.delete(key, uniqueKey('absent')), 1);
      assert.equal(await cache.get(key), undefined);
      assert.equal(await cache.ttl(key), -2);
    });

    it('honours only-if-absent and only-if-present', async () => {
      const key = uniqueKey('nx');
      assert.equal(await cache.set(key, 'a', { onlyIf: 'present' }), false);
      assert.equal(await cache.get(key), undefined);
      assert.equal(await cache.set(key, 'a', { onlyIf: 'absent' }), true);
      assert.equal(await cache.set(key, 'b', { onlyIf: 'absent' }), false);
      assert.equal(await cache.get(key), 'a');
      assert.equal(await cache.set(key, 'c', { onlyIf: 'present' }), true);
      assert.equal(await cache.get(key), 'c');
      await cache.delete(key);
    });

    it('expires keys after their TTL and keeps a TTL on request', async () => {
      const key = uniqueKey('ttl');
      await cache.set(key, 'x', { ttlMs: 150 });
      const left = await cache.ttl(key);
      assert.ok(left > 0 && left <= 150, `ttl ${left}`);
      await cache.set(key, 'y', { keepTtl: true });
      assert.ok((await cache.ttl(key)) > 0, 'KEEPTTL kept an expiry');
      await sleep(300);
      assert.equal(await cache.get(key), undefined);
    });

    it('takes a value exactly once, even when raced', async () => {
      const key = uniqueKey('take');
      await cache.set(key, 'once');
      const results = await Promise.all(Array.from({ length: 8 }, () => cache.take(key)));
      assert.deepEqual(results.filter((r) => r !== undefined), ['once']);
      assert.equal(await cache.get(key), undefined);
    });

    it('increments atomically and sets the TTL when the counter is created', async () => {
      const key = uniqueKey('incr');
      const results = await Promise.all(Array.from({ length: 20 }, () => cache.increment(key, 60_000)));
      assert.deepEqual([...results].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
      const ttl = await cache.ttl(key);
      assert.ok(ttl > 0 && ttl <= 60_000, `ttl ${ttl}`);
      const plain = uniqueKey('incr-plain');
      assert.equal(await cache.increment(plain), 1);
      assert.equal(await cache.ttl(plain), -1);
      await cache.delete(key, plain);
    });

    it('applies hash sets and deletes in order; the TTL only grows', async () => {
      const key = uniqueKey('hash');
      const soon = Date.now() + 60_000;
      await cache.hashApply(key, [{ op: 'set', field: 'a', value: '1' }, { op: 'set', field: 'b', value: '2' }, { op: 'delete', field: 'a' }], soon);
      assert.deepEqual(await cache.hashGetAll(key), { b: '2' });
      const first = await cache.ttl(key);
      assert.ok(first > 0 && first <= 60_000, `ttl ${first}`);
      await cache.hashApply(key, [{ op: 'set', field: 'c', value: '3' }], Date.now() + 10_000);
      assert.ok((await cache.ttl(key)) > 30_000, 'a shorter expiry does not shorten the hash');
      await cache.hashApply(key, [{ op: 'set', field: 'd', value: '4' }], Date.now() + 120_000);
      assert.ok((await cache.ttl(key)) > 60_000, 'a longer expiry extends it');
      await cache.hashApply(key, [{ op: 'delete', field: 'b' }, { op: 'delete', field: 'c' }, { op: 'delete', field: 'd' }]);
      assert.deepEqual(await cache.hashGetAll(key), {});
      assert.equal(await cache.ttl(key), -2);
    });

    it('keeps sets of members', async () => {
      const key = uniqueKey('set');
      await cache.setAdd(key, 'x');
      await cache.setAdd(key, 'y', 60_000);
      await cache.setAdd(key, 'x');
      assert.deepEqual((await cache.setMembers(key)).sort(), ['x', 'y']);
      await cache.setRemove(key, 'x');
      assert.deepEqual(await cache.setMembers(key), ['y']);
      await cache.setRemove(key, 'y');
      assert.deepEqual(await cache.setMembers(key), []);
      assert.equal(await cache.ttl(key), -2);
    });

    it('answers ping', async () => {
      await cache.ping();
    });
  });
}
