import type { ActionCache } from '../../cache/action-cache.ts';
import { memoizeActionCache } from '../../cache/memoized-action-cache.ts';
import { createMemoryActionCache } from '../../cache/memory-action-cache.ts';
import { createActionCacheEntryQueries, type Database } from '../../storage/index.ts';

/** api.cache in the storage table: shared by every node on the same database, when there is no Redis. */
export function createStorageActionCache(database: Database): ActionCache {
  return {
    snapshot: (tenantId, trigger, now) => createActionCacheEntryQueries(database, tenantId).live(trigger, now),
    apply: (tenantId, trigger, ops) => createActionCacheEntryQueries(database, tenantId).apply(trigger, ops, Date.now()),
  };
}

const defaults = new WeakMap<Database, ActionCache>();

/**
 * The cache a flow uses when ActionsDeps.cache is not given: the storage table behind a
 * one-second in-process snapshot (one read per trigger per second on a busy node).
 */
export function defaultActionCache(database: Database): ActionCache {
  let cache = defaults.get(database);
  if (!cache) {
    cache = memoizeActionCache(createStorageActionCache(database));
    defaults.set(database, cache);
  }
  return cache;
}

export { createMemoryActionCache, memoizeActionCache };
