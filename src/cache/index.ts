// Shared fast state (SPEC.md §4, docs/deploy.md): one Cache interface with Redis and memory
// backends, a Bus for messages to every node, the recycle signal, and the stores that move to
// Redis in the scaled setup (api.cache, brute-force counters, SSO sessions, redirect-Action
// flow state, rate-limit buckets).
export type { Cache, HashOp, SetOptions } from './cache.ts';
export { createMemoryCache, type MemoryCacheOptions } from './memory-cache.ts';
export { createRedisCache } from './redis-cache.ts';
export { connectRedis, redisDatabaseIndex, type RedisClientOptions } from './redis-client.ts';
export { cacheFailure } from './redis-errors.ts';
export { createMemoryBus, createRedisBus, type Bus } from './bus.ts';
export { openSharedState, type SharedState } from './open-cache.ts';
export { createRecycleSignal, RecycleMessage, type RecycleSignal } from './recycle-signal.ts';
export { cacheKeys } from './keys.ts';
export type { ActionCache, ActionCacheEntry, ActionCacheOp } from './action-cache.ts';
export { createMemoryActionCache } from './memory-action-cache.ts';
export { createSharedActionCache } from './shared-action-cache.ts';
export { createCacheAttemptCounter, type CacheAttemptCounter, type CacheAttemptKey, type CacheAttemptCounterOptions } from './stores/attempt-counter.ts';
export { createCacheSessionQueries, type CacheSessionQueries, type CacheSessionRecord, type CacheCreateSessionInput } from './stores/sessions.ts';
export { createCacheFlowStateQueries, type CacheFlowStateQueries, type CacheFlowStateRecord, type Sealer } from './stores/flow-states.ts';
export { createCacheBucketStore, type CacheBucketStore, type CacheBucketSettings } from './stores/rate-limit.ts';
