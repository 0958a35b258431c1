import type { Cache } from '../cache.ts';
import { cacheKeys } from '../keys.ts';

// The Management API's per-token buckets on the shared Cache, so a token's budget is the same
// whichever node it hits. Same shape as management's BucketStore (the cache layer may not
// import management/; test/cache/stores checks assignability): a token bucket of `limit`
// refilled over `windowSeconds`, refilled, taken and stored in one atomic step.

export interface CacheBucketSettings {
  readonly limit: number;
  readonly windowSeconds: number;
}

export interface CacheBucketStore {
  take(key: string, settings: CacheBucketSettings, nowMs: number): Promise<{ tokens: number; allowed: boolean }>;
}

export function createCacheBucketStore(cache: Cache): CacheBucketStore {
  return {
    take: (key, settings, nowMs) => cache.takeToken(cacheKeys.rateLimit(key), settings.limit, settings.windowSeconds * 1000, nowMs),
  };
}
