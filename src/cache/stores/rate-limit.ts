import type { Cache } from '../cache.ts';
import { cacheKeys } from '../keys.ts';

// Rate-limit buckets shared by every node: a fixed window per bucket (a Management API token,
// a client and IP…), counted with one atomic INCR that also sets the window's expiry. Auth0
// reports its limits in x-ratelimit-limit / -remaining / -reset (epoch seconds); this answers
// exactly those three numbers.

export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Epoch seconds when the window restarts. */
  readonly reset: number;
}

export interface CacheRateLimiter {
  /** Counts one request in `bucket` and says whether it is within `limit` per `windowMs`. */
  take(bucket: string, limit: number, windowMs: number): Promise<RateLimitDecision>;
}

export function createCacheRateLimiter(cache: Cache, options: { now?: () => number } = {}): CacheRateLimiter {
  const now = options.now ?? Date.now;
  return {
    async take(bucket, limit, windowMs) {
      const t = now();
      const windowStart = t - (t % windowMs);
      // A little longer than the window, so clock skew between nodes never revives a count.
      const count = await cache.increment(cacheKeys.rateLimit(bucket, windowStart), windowMs + 1000);
      return {
        allowed: count <= limit,
        limit,
        remaining: Math.max(0, limit - count),
        reset: Math.ceil((windowStart + windowMs) / 1000),
      };
    },
  };
}
