import type { Cache } from '../cache.ts';
import { cacheKeys } from '../keys.ts';

// Brute-force counters on the shared Cache, so ten failures spread over any number of nodes
// still block the user. The shapes below are those of flows/native-db's AttemptCounter (the
// cache layer may not import flows/; test/cache/stores checks that this one is assignable).

export interface CacheAttemptKey {
  readonly tenantId: string;
  readonly connection: string;
  readonly userId: string;
  readonly ip: string;
}

export interface CacheAttemptCounter {
  failures(key: CacheAttemptKey): Promise<number>;
  recordFailure(key: CacheAttemptKey): Promise<number>;
  reset(key: CacheAttemptKey): Promise<void>;
  resetUser(tenantId: string, connection: string, userId: string): Promise<number>;
}

export interface CacheAttemptCounterOptions {
  /**
   * How long a counter outlives its last failure. The database counters never expire; here a
   * bound keeps Redis from holding every mistyped password forever. 30 days by default.
   */
  readonly ttlMs?: number;
}

export function createCacheAttemptCounter(cache: Cache, options: CacheAttemptCounterOptions = {}): CacheAttemptCounter {
  const ttl = options.ttlMs ?? 30 * 24 * 3600 * 1000;
  const key = (k: CacheAttemptKey) => cacheKeys.attempts(k.tenantId, k.connection, k.userId, k.ip);
  return {
    async failures(k) {
      const value = await cache.get(key(k));
      return value === undefined ? 0 : Number(value) || 0;
    },
    async recordFailure(k) {
      // INCR is atomic in Redis: failures racing on several nodes all count.
      const count = await cache.increment(key(k), ttl, true);
      await cache.setAdd(cacheKeys.attemptIps(k.tenantId, k.connection, k.userId), k.ip, ttl);
      return count;
    },
    async reset(k) {
      await cache.delete(key(k));
      await cache.setRemove(cacheKeys.attemptIps(k.tenantId, k.connection, k.userId), k.ip);
    },
    async resetUser(tenantId, connection, userId) {
      const index = cacheKeys.attemptIps(tenantId, connection, userId);
      const ips = await cache.setMembers(index);
      const removed = await cache.delete(...ips.map((ip) => cacheKeys.attempts(tenantId, connection, userId, ip)));
      await cache.delete(index);
      return removed;
    },
  };
}
