import type { ActionCache, ActionCacheEntry } from './action-cache.ts';

/**
 * api.cache in this process's memory: for one-process deployments and tests. Expired entries
 * are dropped when their trigger is next read, so memory stays bounded by the entry limit.
 */
export function createMemoryActionCache(): ActionCache {
  const buckets = new Map<string, Map<string, ActionCacheEntry>>();
  const bucket = (tenantId: string, trigger: string) => {
    const id = `${tenantId}\u0000${trigger}`;
    let found = buckets.get(id);
    if (!found) {
      found = new Map();
      buckets.set(id, found);
    }
    return found;
  };
  return {
    async snapshot(tenantId, trigger, now) {
      const entries = bucket(tenantId, trigger);
      const live: ActionCacheEntry[] = [];
      for (const [key, entry] of entries) {
        if (entry.expires_at <= now) entries.delete(key);
        else live.push(entry);
      }
      return live;
    },
    async apply(tenantId, trigger, ops) {
      const entries = bucket(tenantId, trigger);
      for (const op of ops) {
        if (op.op === 'set') entries.set(op.key, { key: op.key, value: op.value, expires_at: op.expires_at });
        else entries.delete(op.key);
      }
    },
  };
}
