import type { ActionCache, ActionCacheEntry } from './action-cache.ts';

/**
 * Keeps each trigger's snapshot in this process for up to `ttlMs` and applies this process's own
 * writes to it, so a busy trigger reads its store at most once per interval. Writes from other
 * processes show up within `ttlMs`: within what actions.md §8 promises (consistent within one
 * execution, best-effort across executions).
 */
export function memoizeActionCache(inner: ActionCache, ttlMs = 1000): ActionCache {
  const memo = new Map<string, { at: number; entries: Map<string, ActionCacheEntry> }>();
  const id = (tenantId: string, trigger: string) => `${tenantId}\u0000${trigger}`;
  return {
    async snapshot(tenantId, trigger, now) {
      const key = id(tenantId, trigger);
      let hit = memo.get(key);
      if (!hit || performance.now() - hit.at >= ttlMs) {
        const entries = await inner.snapshot(tenantId, trigger, now);
        hit = { at: performance.now(), entries: new Map(entries.map((e) => [e.key, e])) };
        if (memo.size >= 10_000) memo.delete(memo.keys().next().value as string);
        memo.set(key, hit);
      }
      return [...hit.entries.values()].filter((e) => e.expires_at > now);
    },
    async apply(tenantId, trigger, ops) {
      await inner.apply(tenantId, trigger, ops);
      const hit = memo.get(id(tenantId, trigger));
      if (!hit) return;
      for (const op of ops) {
        if (op.op === 'set') hit.entries.set(op.key, { key: op.key, value: op.value, expires_at: op.expires_at });
        else hit.entries.delete(op.key);
      }
    },
  };
}
