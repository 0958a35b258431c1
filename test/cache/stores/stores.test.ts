import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  createCacheAttemptCounter, createCacheBucketStore, createCacheFlowStateQueries, createCacheSessionQueries,
  createSharedActionCache, type Cache,
} from '../../../src/cache/index.ts';
import type { ActionCache } from '../../../src/cache/action-cache.ts';
import type { AttemptCounter } from '../../../src/flows/native-db/index.ts';
import { createRateLimiter, type BucketStore } from '../../../src/management/index.ts';
import { createSecretBox, type ActionFlowStateQueries, type SessionQueries } from '../../../src/storage/index.ts';
import { cacheBackends } from '../backends.ts';

const tenant = () => `ten_${randomBytes(6).toString('hex')}`;

for (const backend of await cacheBackends()) {
  describe(`stores on the shared cache (${backend.name})`, { skip: backend.skip }, () => {
    let cache: Cache;
    before(async () => { cache = await backend.open(); });
    after(async () => { await cache?.close(); });

    it('brute-force counters: count per user and IP, reset one IP or every IP of the user', async () => {
      // Assignable to the interface the login flows take: a drop-in for the database counter.
      const counter: AttemptCounter = createCacheAttemptCounter(cache);
      const t = tenant();
      const k1 = { tenantId: t, connection: 'db:x', userId: 'auth0|1', ip: '10.0.0.1' };
      const k2 = { ...k1, ip: '10.0.0.2' };
      const other = { ...k1, userId: 'auth0|2' };
      const counts = await Promise.all(Array.from({ length: 10 }, () => counter.recordFailure(k1)));
      assert.equal(Math.max(...counts), 10);
      await counter.recordFailure(k2);
      await counter.recordFailure(other);
      assert.equal(await counter.failures(k1), 10);
      assert.equal(await counter.failures({ ...k1, tenantId: tenant() }), 0, 'another tenant sees nothing');
      await counter.reset(k2);
      assert.equal(await counter.failures(k2), 0);
      await counter.recordFailure(k2);
      assert.equal(await counter.resetUser(t, 'db:x', 'auth0|1'), 2);
      assert.equal(await counter.failures(k1), 0);
      assert.equal(await counter.failures(other), 1, "another user's counter is untouched");
    });

    it('sessions: create, find, touch, remove, remove every session of a user', async () => {
      const t = tenant();
      const sessions: SessionQueries = createCacheSessionQueries(cache, t);
      const expires = new Date(Date.now() + 3600_000).toISOString();
      const input = (n: number, user = 'auth0|1') => ({ id_hash: `h${n}`, sid: `s${n}`, user_id: user, connection: 'db', auth_method: 'pwd', authenticated_at: new Date().toISOString(), expires_at: expires });
      const created = await sessions.create(input(1));
      await sessions.create(input(2));
      await sessions.create(input(3, 'auth0|2'));
      assert.deepEqual(await sessions.find('h1'), created);
      assert.equal(await createCacheSessionQueries(cache, tenant()).find('h1'), undefined, 'tenants never share sessions');
      assert.equal(await sessions.touch('h1', { authenticated_at: '2030-01-01T00:00:00.000Z', auth_method: 'sso' }), true);
      const touched = await sessions.find('h1');
      assert.equal(touched?.authenticated_at, '2030-01-01T00:00:00.000Z');
      assert.equal(touched?.auth_method, 'sso');
      assert.ok((await cache.ttl(`gh:sess:${t}:h1`)) > 3000_000, 'touch keeps the absolute expiry');
      assert.equal(await sessions.remove('h2'), true);
      assert.equal(await sessions.remove('h2'), false);
      assert.equal(await sessions.touch('h2', {}), false, 'a removed session is not revived by touch');
      assert.equal(await sessions.find('h2'), undefined);
      await sessions.create(input(4));
      assert.equal(await sessions.removeForUser('auth0|1'), 2);
      assert.equal(await sessions.find('h1'), undefined);
      assert.ok(await sessions.find('h3'), "the other user's session stays");
    });

    it('sessions: an expired session is not created and a damaged entry reads as none', async () => {
      const t = tenant();
      const sessions = createCacheSessionQueries(cache, t);
      await sessions.create({ id_hash: 'old', sid: 's', user_id: 'u', connection: 'c', auth_method: 'pwd', authenticated_at: '2020-01-01T00:00:00.000Z', expires_at: '2020-01-02T00:00:00.000Z' });
      assert.equal(await sessions.find('old'), undefined);
      await cache.set(`gh:sess:${t}:bad`, '{"tenant_id":1}', { ttlMs: 60_000 });
      assert.equal(await sessions.find('bad'), undefined);
    });

    it('redirect-Action flow state: sealed, consumed once, refused when expired', async () => {
      const t = tenant();
      const box = createSecretBox(randomBytes(32));
      const states: ActionFlowStateQueries = createCacheFlowStateQueries(cache, box, t);
      const expires = new Date(Date.now() + 900_000).toISOString();
      const flow = { v: 1, event: { user: { email: 'a@example.com' } } };
      await states.create({ id_hash: 'st1', trigger_id: 'post-login', browser_hash: 'b', sid: null, flow, expires_at: expires });
      const raw = await cache.get(`gh:flow:${t}:st1`);
      assert.ok(raw && !raw.includes('a@example.com'), 'the flow is sealed in the cache');
      assert.deepEqual((await states.find('st1'))?.flow, flow);
      const at = new Date().toISOString();
      const both = await Promise.all([states.consume('st1', at), states.consume('st1', at)]);
      assert.equal(both.filter(Boolean).length, 1, 'exactly one resumption wins');
      assert.equal(both.find(Boolean)?.used_at, at);
      assert.equal(await states.consume('st1', at), undefined, 'a replay is refused');
      await states.create({ id_hash: 'st2', trigger_id: 'post-login', browser_hash: 'b', sid: 's', flow, expires_at: new Date(Date.now() + 1000).toISOString() });
      assert.equal(await states.consume('st2', new Date(Date.now() + 5000).toISOString()), undefined, 'expired at the given time');
      assert.equal(await createCacheFlowStateQueries(cache, box, tenant()).find('st1'), undefined);
    });

    it('rate-limit buckets: one token bucket per key shared by every caller, refilled over the window', async () => {
      // Assignable to the Management API's BucketStore, and its limiter reads Auth0's numbers from it.
      const store: BucketStore = createCacheBucketStore(cache);
      const settings = { limit: 3, windowSeconds: 60 };
      let now = 1_700_000_000_000;
      const key = `token:${tenant()}`;
      const decisions = await Promise.all(Array.from({ length: 5 }, () => store.take(key, settings, now)));
      assert.deepEqual(decisions.map((d) => d.allowed).sort(), [false, false, true, true, true]);
      assert.deepEqual(decisions.map((d) => d.tokens).sort(), [0, 0, 0, 1, 2]);
      now += 20_000;
      assert.deepEqual(await store.take(key, settings, now), { tokens: 0, allowed: true }, 'a third of the window refills one token');
      assert.equal((await store.take(key, settings, now)).allowed, false);
      assert.deepEqual(await store.take(`token:${tenant()}`, settings, now), { tokens: 2, allowed: true }, 'another key has its own bucket');
      const limiter = createRateLimiter(settings, store, () => now);
      const decision = await limiter.take(`token:${tenant()}`);
      assert.deepEqual(decision, { allowed: true, limit: 3, remaining: 2, reset: Math.ceil((now + 20_000) / 1000) });
    });

    it('api.cache: entries per tenant and trigger with their own expiry', async () => {
      const actionCache: ActionCache = createSharedActionCache(cache);
      const t = tenant();
      const now = Date.now();
      await actionCache.apply(t, 'post-login', [
        { op: 'set', key: 'a', value: '1', expires_at: now + 60_000 },
        { op: 'set', key: 'b', value: '2', expires_at: now + 60_000 },
        { op: 'set', key: 'gone', value: '3', expires_at: now + 1 },
        { op: 'delete', key: 'b' },
      ]);
      const live = await actionCache.snapshot(t, 'post-login', now + 10);
      assert.deepEqual(live, [{ key: 'a', value: '1', expires_at: now + 60_000 }]);
      assert.deepEqual(await actionCache.snapshot(t, 'credentials-exchange', now), [], 'triggers do not share');
      assert.deepEqual(await actionCache.snapshot(tenant(), 'post-login', now), [], 'tenants do not share');
      assert.deepEqual(Object.keys(await cache.hashGetAll(`gh:ac:${t}:post-login`)), ['a'], 'expired entries are dropped when read');
    });
  });
}
