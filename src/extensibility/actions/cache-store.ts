import type { ActionCache } from '../../cache/action-cache.ts';
import { createMemoryActionCache } from '../../cache/memory-action-cache.ts';
import { createActionCacheEntryQueries, type Database } from '../../storage/index.ts';

/** api.cache in the storage table: shared by every node on the same database, when there is no Redis. */
export function createStorageActionCache(database: Database): ActionCache {
  return {
    snapshot: (tenantId, trigger, now) => createActionCacheEntryQueries(database, tenantId).live(trigger, now),
    apply: (tenantId, trigger, ops) => createActionCacheEntryQueries(database, tenantId).apply(trigger, ops, Date.now()),
  };
}

export { createMemoryActionCache };
