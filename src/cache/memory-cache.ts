import type { Cache } from './cache.ts';

type Value = string | Map<string, string> | Set<string>;
interface Entry { value: Value; expiresAt: number | null }

export interface MemoryCacheOptions {
  /** Clock (epoch ms), for tests. */
  readonly now?: () => number;
}

/**
 * The Cache in this process's memory: one node, tests. Expired keys are dropped when touched and
 * by a sweep every minute, so memory stays bounded by what is live.
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const sweep = setInterval(() => {
    const t = now();
    for (const [key, entry] of entries) if (entry.expiresAt !== null && entry.expiresAt <= t) entries.delete(key);
  }, 60_000);
  sweep.unref();

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  // A key holding another type is a programming error, as WRONGTYPE is in Redis.
  const typed = <T extends Value>(key: string, is: (v: Value) => v is T): T | undefined => {
    const entry = live(key);
    if (!entry) return undefined;
    if (!is(entry.value)) throw new TypeError(`cache key ${key} holds another type`);
    return entry.value;
  };
  const isString = (v: Value): v is string => typeof v === 'string';
  const isHash = (v: Value): v is Map<string, string> => v instanceof Map;
  const isSet = (v: Value): v is Set<string> => v instanceof Set;
  const expiry = (ttlMs?: number) => (ttlMs === undefined ? null : now() + ttlMs);

  return {
    kind: 'memory',
    async get(key) {
      return typed(key, isString);
    },
    async set(key, value, opts = {}) {
      const existing = live(key);
      if (opts.onlyIf === 'absent' && existing) return false;
      if (opts.onlyIf === 'present' && !existing) return false;
      const expiresAt = opts.ttlMs !== undefined ? expiry(opts.ttlMs) : opts.keepTtl && existing ? existing.expiresAt : null;
      entries.set(key, { value, expiresAt });
      return true;
    },
    async take(key) {
      const value = typed(key, isString);
      entries.delete(key);
      return value;
    },
    async delete(...keys) {
      let n = 0;
      for (const key of keys) if (live(key) && entries.delete(key)) n += 1;
      return n;
    },
    async increment(key, ttlMs, refreshTtl) {
      const entry = live(key);
      const current = entry ? Number(typed(key, isString)) : 0;
      if (!Number.isInteger(current)) throw new TypeError(`cache key ${key} is not an integer`);
      const expiresAt = !entry || refreshTtl ? expiry(ttlMs) : entry.expiresAt;
      entries.set(key, { value: String(current + 1), expiresAt });
      return current + 1;
    },
    async ttl(key) {
      const entry = live(key);
      if (!entry) return -2;
      return entry.expiresAt === null ? -1 : entry.expiresAt - now();
    },
    async hashGetAll(key) {
      return Object.fromEntries(typed(key, isHash) ?? []);
    },
    async hashApply(key, ops, expireAtLeast) {
      const entry = live(key);
      const hash = entry ? typed(key, isHash)! : new Map<string, string>();
      for (const op of ops) {
        if (op.op === 'set') hash.set(op.field, op.value);
        else hash.delete(op.field);
      }
      if (hash.size === 0) {
        entries.delete(key);
        return;
      }
      let expiresAt = entry ? entry.expiresAt : null;
      if (expireAtLeast !== undefined && (!entry || (expiresAt !== null && expiresAt < expireAtLeast))) expiresAt = expireAtLeast;
      entries.set(key, { value: hash, expiresAt });
    },
    async setAdd(key, member, ttlMs) {
      const entry = live(key);
      const set = entry ? typed(key, isSet)! : new Set<string>();
      set.add(member);
      entries.set(key, { value: set, expiresAt: ttlMs !== undefined ? expiry(ttlMs) : entry?.expiresAt ?? null });
    },
    async setRemove(key, ...members) {
      const set = typed(key, isSet);
      if (!set) return;
      for (const m of members) set.delete(m);
      if (set.size === 0) entries.delete(key);
    },
    async setMembers(key) {
      return [...(typed(key, isSet) ?? [])];
    },
    async takeToken(key, limit, windowMs, nowMs) {
      const raw = typed(key, isString);
      const state = raw ? (JSON.parse(raw) as { t: number; at: number }) : { t: limit, at: nowMs };
      const tokens = Math.min(limit, state.t + Math.max(0, nowMs - state.at) * (limit / windowMs));
      const allowed = tokens >= 1;
      const left = allowed ? tokens - 1 : tokens;
      // Kept as long as a refill from empty takes: after that the bucket is full, as if new.
      entries.set(key, { value: JSON.stringify({ t: left, at: nowMs }), expiresAt: now() + windowMs });
      return { tokens: left, allowed };
    },
    async ping() {},
    async close() {
      clearInterval(sweep);
      entries.clear();
    },
  };
}
