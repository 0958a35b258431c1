import type { ActionCache, ActionCacheEntry } from './action-cache.ts';
import type { Cache } from './cache.ts';
import { cacheKeys } from './keys.ts';

const Stored = (raw: string): { v: string; e: number } | undefined => {
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as { v: unknown }).v === 'string' && typeof (parsed as { e: unknown }).e === 'number') {
      return parsed as { v: string; e: number };
    }
  } catch {
    // a damaged field reads as absent and is dropped
  }
  return undefined;
};

/**
 * api.cache on the shared Cache (Redis across nodes): one hash per tenant and trigger, each
 * field an entry with its own expiry. The hash lives as long as its longest-lived entry, so a
 * trigger nobody uses any more vanishes by itself; expired fields are dropped when read.
 */
export function createSharedActionCache(cache: Cache): ActionCache {
  return {
    async snapshot(tenantId, trigger, now) {
      const key = cacheKeys.actionCache(tenantId, trigger);
      const fields = await cache.hashGetAll(key);
      const live: ActionCacheEntry[] = [];
      const dead: string[] = [];
      for (const [field, raw] of Object.entries(fields)) {
        const stored = Stored(raw);
        if (stored && stored.e > now) live.push({ key: field, value: stored.v, expires_at: stored.e });
        else dead.push(field);
      }
      // Best effort: a failed clean-up costs nothing but space until the hash expires.
      if (dead.length > 0) await cache.hashApply(key, dead.map((field) => ({ op: 'delete' as const, field }))).catch(() => {});
      return live;
    },
    async apply(tenantId, trigger, ops) {
      if (ops.length === 0) return;
      let latest: number | undefined;
      const hashOps = ops.map((op) => {
        if (op.op === 'delete') return { op: 'delete' as const, field: op.key };
        latest = Math.max(latest ?? 0, op.expires_at);
        return { op: 'set' as const, field: op.key, value: JSON.stringify({ v: op.value, e: op.expires_at }) };
      });
      await cache.hashApply(cacheKeys.actionCache(tenantId, trigger), hashOps, latest);
    },
  };
}
