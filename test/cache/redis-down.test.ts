import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSharedState, type SharedState } from '../../src/cache/index.ts';
import { GatehouseError } from '../../src/errors/index.ts';
import { redisServerMissing, startPrivateRedis, type PrivateRedis } from '../scale/redis-server.ts';

const skip = redisServerMissing();

async function eventually<T>(call: () => Promise<T>): Promise<T> {
  let last: unknown;
  for (let i = 0; i < 200; i += 1) {
    try {
      return await call();
    } catch (err) {
      last = err;
      await sleep(50);
    }
  }
  throw last;
}

describe('Redis going away and coming back', { skip }, () => {
  let redis: PrivateRedis;
  let shared: SharedState;
  before(async () => {
    redis = await startPrivateRedis();
    shared = await openSharedState(redis.url, { commandTimeoutMs: 500 });
  });
  after(async () => {
    await shared?.close();
    await redis?.stop();
  });

  it('fails fast with CACHE_UNAVAILABLE while down and recovers by itself when it returns', async () => {
    await shared.cache.set('k', 'before');
    await redis.stop();
    const started = Date.now();
    await assert.rejects(shared.cache.get('k'), (err: unknown) => err instanceof GatehouseError && err.code === 'CACHE_UNAVAILABLE' && err.status === 503);
    await assert.rejects(shared.cache.set('k', 'during'), (err: unknown) => err instanceof GatehouseError && err.code === 'CACHE_UNAVAILABLE');
    await assert.rejects(shared.cache.ping(), (err: unknown) => err instanceof GatehouseError && err.code === 'CACHE_UNAVAILABLE');
    // Not a timing assertion on the product: only that nothing queued the calls for minutes.
    assert.ok(Date.now() - started < 60_000);
    await redis.start();
    // The same handles, no restart: the client reconnects on its own.
    await eventually(() => shared.cache.ping());
    assert.equal(await shared.cache.get('k'), undefined, 'the private Redis keeps nothing across restarts');
    await shared.cache.set('k', 'after');
    assert.equal(await shared.cache.get('k'), 'after');
  });

  it('subscriptions come back after a restart', async () => {
    const got: string[] = [];
    await shared.bus.subscribe('gatehouse:test', (m) => got.push(m));
    await redis.stop();
    await redis.start();
    await eventually(async () => {
      await shared.bus.publish('gatehouse:test', 'hello');
      for (let i = 0; i < 10 && got.length === 0; i += 1) await sleep(20);
      if (got.length === 0) throw new Error('not yet resubscribed');
    });
    assert.ok(got.includes('hello'));
  });

  it('an unreachable Redis at start is CACHE_UNREACHABLE naming host and port only', async () => {
    await assert.rejects(openSharedState('redis://:hunter2@127.0.0.1:1/0', { connectTimeoutMs: 500 }), (err: unknown) => {
      assert.ok(err instanceof GatehouseError && err.code === 'CACHE_UNREACHABLE');
      assert.match(err.message, /127\.0\.0\.1:1/);
      assert.doesNotMatch(err.message, /hunter2/);
      return true;
    });
  });
});
