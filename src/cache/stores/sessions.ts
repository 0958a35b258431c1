import { z } from 'zod';
import type { Cache } from '../cache.ts';
import { cacheKeys } from '../keys.ts';

// SSO sessions on the shared Cache: any node reads the session a browser got on another. The
// shapes are storage's SessionRecord / SessionQueries (the cache layer may not import storage/;
// test/cache/stores checks assignability). Keyed by the cookie's SHA-256 as in the table, so
// reading Redis does not let anyone impersonate a browser. Each session expires with its
// absolute end; a per-user index serves "log this user out everywhere".

const SessionRecord = z.object({
  tenant_id: z.string(),
  id_hash: z.string(),
  sid: z.string(),
  user_id: z.string(),
  connection: z.string(),
  auth_method: z.string(),
  authenticated_at: z.string(),
  created_at: z.string(),
  last_seen_at: z.string(),
  expires_at: z.string(),
});
export type CacheSessionRecord = z.infer<typeof SessionRecord>;
export type CacheCreateSessionInput = Omit<CacheSessionRecord, 'tenant_id' | 'created_at' | 'last_seen_at'>;

export interface CacheSessionQueries {
  create(input: CacheCreateSessionInput): Promise<CacheSessionRecord>;
  find(idHash: string): Promise<CacheSessionRecord | undefined>;
  touch(idHash: string, patch: { authenticated_at?: string; connection?: string; auth_method?: string }): Promise<boolean>;
  remove(idHash: string): Promise<boolean>;
  removeForUser(userId: string): Promise<number>;
}

export interface CacheSessionOptions {
  readonly now?: () => Date;
}

export function createCacheSessionQueries(cache: Cache, tenantId: string, options: CacheSessionOptions = {}): CacheSessionQueries {
  const now = options.now ?? (() => new Date());
  const key = (idHash: string) => cacheKeys.session(tenantId, idHash);
  const ttlOf = (record: CacheSessionRecord) => Date.parse(record.expires_at) - now().getTime();
  const read = async (idHash: string): Promise<CacheSessionRecord | undefined> => {
    const raw = await cache.get(key(idHash));
    if (raw === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return undefined;
    }
    // A damaged entry is no session: the user logs in again.
    const record = SessionRecord.safeParse(parsed);
    return record.success && record.data.tenant_id === tenantId ? record.data : undefined;
  };

  return {
    async create(input) {
      const at = now().toISOString();
      const record: CacheSessionRecord = { tenant_id: tenantId, ...input, created_at: at, last_seen_at: at };
      const ttl = ttlOf(record);
      if (ttl <= 0) return record;
      // The index first: a session never exists without the entry that lets removeForUser find it.
      await cache.setAdd(cacheKeys.userSessions(tenantId, record.user_id), record.id_hash, ttl);
      await cache.set(key(record.id_hash), JSON.stringify(record), { ttlMs: ttl });
      return record;
    },
    find: read,
    async touch(idHash, patch) {
      const record = await read(idHash);
      if (!record) return false;
      const next: CacheSessionRecord = { ...record, last_seen_at: now().toISOString() };
      if (patch.authenticated_at !== undefined) next.authenticated_at = patch.authenticated_at;
      if (patch.connection !== undefined) next.connection = patch.connection;
      if (patch.auth_method !== undefined) next.auth_method = patch.auth_method;
      // XX + KEEPTTL: a session removed meanwhile (logout on another node) is not brought back.
      return cache.set(key(idHash), JSON.stringify(next), { keepTtl: true, onlyIf: 'present' });
    },
    async remove(idHash) {
      const record = await read(idHash);
      const removed = (await cache.delete(key(idHash))) > 0;
      if (record) await cache.setRemove(cacheKeys.userSessions(tenantId, record.user_id), idHash);
      return removed;
    },
    async removeForUser(userId) {
      const index = cacheKeys.userSessions(tenantId, userId);
      const hashes = await cache.setMembers(index);
      const removed = await cache.delete(...hashes.map(key));
      await cache.delete(index);
      return removed;
    },
  };
}
