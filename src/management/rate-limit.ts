// Per-token rate limiting of the Management API, as Auth0 meters it: a token bucket per access
// token, reported on every response as x-ratelimit-limit (bucket size), x-ratelimit-remaining
// and x-ratelimit-reset (UNIX seconds when the bucket is full again). The bucket store is an
// interface so a Redis-backed one can share the counts across nodes; the memory one is per node.

export interface RateLimitSettings {
  /** Bucket size: requests a fresh token may make at once. */
  readonly limit: number;
  /** Seconds to refill the bucket from empty (limit / windowSeconds requests per second). */
  readonly windowSeconds: number;
}

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** UNIX seconds at which the bucket is full again. */
  readonly reset: number;
}

export interface RateLimiter {
  take(key: string): Promise<RateDecision>;
}

/** Where buckets live; a Redis implementation runs the same arithmetic in a script. */
export interface BucketStore {
  /** Atomically: refill the key's bucket for the time passed, take one token if any, return the state. */
  take(key: string, settings: RateLimitSettings, nowMs: number): Promise<{ tokens: number; allowed: boolean }>;
}

export function createMemoryBucketStore(maxKeys = 100_000): BucketStore {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    async take(key, settings, nowMs) {
      const ratePerMs = settings.limit / (settings.windowSeconds * 1000);
      const bucket = buckets.get(key) ?? { tokens: settings.limit, at: nowMs };
      bucket.tokens = Math.min(settings.limit, bucket.tokens + (nowMs - bucket.at) * ratePerMs);
      bucket.at = nowMs;
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      // Bounded: tokens live a day at most, so a flood of distinct tokens only resets everyone.
      if (!buckets.has(key) && buckets.size >= maxKeys) buckets.clear();
      buckets.set(key, bucket);
      return { tokens: bucket.tokens, allowed };
    },
  };
}

export function createRateLimiter(settings: RateLimitSettings, store: BucketStore = createMemoryBucketStore(), now: () => number = Date.now): RateLimiter {
  return {
    async take(key) {
      const at = now();
      const { tokens, allowed } = await store.take(key, settings, at);
      const refillMs = ((settings.limit - tokens) * settings.windowSeconds * 1000) / settings.limit;
      return { allowed, limit: settings.limit, remaining: Math.max(0, Math.floor(tokens)), reset: Math.ceil((at + refillMs) / 1000) };
    },
  };
}
