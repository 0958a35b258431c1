// In-container api.cache (actions.md §8), as JavaScript for the harness. Auth0's get/set/delete
// are synchronous, so the host hands the trigger's live entries over with the event; reads
// and writes work on that snapshot (consistent within one execution) and every write is
// recorded as a command the host persists after the Action (best-effort across executions).
// Limit violations are returned as `{type: 'error', code}`, never thrown.

export const cacheSource = String.raw`
  function utf8Length(text) {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { n += 4; i++; }
      else n += 3;
    }
    return n;
  }

  function makeCache(snapshot, limits, now, record) {
    const entries = new Map();
    for (const e of snapshot) if (e.expires_at > now) entries.set(e.key, { value: e.value, expires_at: e.expires_at });
    function size(except) {
      let bytes = 0;
      let count = 0;
      for (const [k, e] of entries) {
        if (k === except) continue;
        bytes += utf8Length(k) + utf8Length(e.value);
        count += 1;
      }
      return { bytes, count };
    }
    const cache = {
      get(key) {
        const e = entries.get(String(key));
        if (e === undefined || e.expires_at <= now) return undefined;
        return { value: e.value, expires_at: e.expires_at };
      },
      set(key, value, options) {
        if (typeof key !== 'string') throw new TypeError('The cache key must be a string.');
        if (typeof value !== 'string') throw new TypeError('The cache value must be a string.');
        if (utf8Length(key) > limits.cacheKeyBytes) return { type: 'error', code: 'CacheKeySizeExceeded' };
        if (utf8Length(value) > limits.cacheValueBytes) return { type: 'error', code: 'CacheValueSizeExceeded' };
        const opts = options === undefined || options === null ? {} : options;
        let expiresAt = now + limits.cacheDefaultTtlMs;
        const hasTtl = opts.ttl !== undefined;
        const hasAt = opts.expires_at !== undefined;
        if (hasTtl && (typeof opts.ttl !== 'number' || !(opts.ttl > 0) || !isFinite(opts.ttl))) return { type: 'error', code: 'InvalidExpiry' };
        if (hasAt && (typeof opts.expires_at !== 'number' || !isFinite(opts.expires_at))) return { type: 'error', code: 'InvalidExpiry' };
        if (hasTtl || hasAt) {
          const candidates = [];
          if (hasTtl) candidates.push(now + opts.ttl);
          if (hasAt) candidates.push(opts.expires_at);
          expiresAt = Math.min.apply(null, candidates);
        }
        if (expiresAt <= now) return { type: 'error', code: 'ItemAlreadyExpired' };
        expiresAt = Math.floor(Math.min(expiresAt, now + limits.cacheMaxTtlMs));
        const rest = size(key);
        if (rest.count + 1 > limits.cacheEntries || rest.bytes + utf8Length(key) + utf8Length(value) > limits.cacheTotalBytes) {
          return { type: 'error', code: 'CacheSizeExceeded' };
        }
        entries.set(key, { value, expires_at: expiresAt });
        record('cache.set', [key, value, expiresAt]);
        return { type: 'success', record: { value, expires_at: expiresAt } };
      },
      delete(key) {
        const k = String(key);
        const e = entries.get(k);
        if (e === undefined || e.expires_at <= now) return { type: 'error', code: 'CacheKeyDoesNotExist' };
        entries.delete(k);
        record('cache.delete', [k]);
        return { type: 'success' };
      },
    };
    return freeze(cache);
  }
`;
