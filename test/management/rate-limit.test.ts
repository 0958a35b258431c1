import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryBucketStore, createRateLimiter } from '../../src/management/index.ts';
import { startManagementServer, type ManagementServer } from './support.ts';

describe('rate limiter (token bucket)', () => {
  test('takes one per request, refuses when empty, refills with time; reset says when full', async () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ limit: 2, windowSeconds: 10 }, createMemoryBucketStore(), () => now);
    const a = await limiter.take('t');
    assert.deepEqual([a.allowed, a.remaining], [true, 1]);
    const b = await limiter.take('t');
    assert.deepEqual([b.allowed, b.remaining], [true, 0]);
    assert.equal(b.reset, Math.ceil((now + 10_000) / 1000));
    assert.equal((await limiter.take('t')).allowed, false);
    assert.equal((await limiter.take('other')).allowed, true, 'buckets are per key');
    now += 5_000;
    const c = await limiter.take('t');
    assert.deepEqual([c.allowed, c.remaining], [true, 0], 'half the window refilled one request');
  });
});

describe('Management API rate limit per token', () => {
  let m: ManagementServer;
  before(async () => { m = await startManagementServer('sqlite', { 'managementApi.rateLimit': '3', 'managementApi.rateWindowSeconds': '3600' }); });
  after(async () => { await m?.close(); });

  test('x-ratelimit-* on every answer; 429 too_many_requests in the Management shape; another token is not affected', async () => {
    const token = await m.token();
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await m.api('GET', '/clients', { token });
      assert.equal(res.status, 200);
      assert.equal(res.headers['x-ratelimit-limit'], '3');
      remaining.push(String(res.headers['x-ratelimit-remaining']));
      assert.match(String(res.headers['x-ratelimit-reset']), /^\d{10}$/);
    }
    assert.deepEqual(remaining, ['2', '1', '0']);
    const limited = await m.api('GET', '/clients', { token });
    assert.equal(limited.status, 429);
    assert.deepEqual(limited.json(), { statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached', errorCode: 'too_many_requests' });
    assert.equal(limited.headers['x-ratelimit-remaining'], '0');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    const other = await m.api('GET', '/clients', { token: await m.token({ scopes: ['read:clients'] }) });
    assert.equal(other.status, 200);
  });
});
