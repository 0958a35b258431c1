import { z } from 'zod';
import type { Cache } from '../cache.ts';
import { cacheKeys } from '../keys.ts';

// Suspended post-login flows (redirect Actions) on the shared Cache, so /continue may land on
// any node. Same shapes as storage's ActionFlowStateQueries (test/cache/stores checks that).
// The flow carries the user's profile: it is sealed with the secret box as in the table, with
// the tenant and hash as context. Single use is GETDEL: of two concurrent resumptions on two
// nodes exactly one gets the state. Entries expire with the flow.

export interface Sealer {
  seal(plaintext: string, context?: string): string;
  open(sealed: string, context?: string): string;
}

const Stored = z.object({
  tenant_id: z.string(),
  id_hash: z.string(),
  trigger_id: z.string(),
  browser_hash: z.string(),
  sid: z.string().nullable(),
  flow_enc: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
});

export interface CacheFlowStateRecord {
  tenant_id: string;
  id_hash: string;
  trigger_id: string;
  browser_hash: string;
  sid: string | null;
  flow: unknown;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface CacheCreateFlowStateInput {
  id_hash: string;
  trigger_id: string;
  browser_hash: string;
  sid: string | null;
  flow: unknown;
  expires_at: string;
}

export interface CacheFlowStateQueries {
  create(input: CacheCreateFlowStateInput): Promise<void>;
  find(idHash: string): Promise<CacheFlowStateRecord | undefined>;
  consume(idHash: string, at: string): Promise<CacheFlowStateRecord | undefined>;
  deleteExpired(before: string): Promise<number>;
}

export function createCacheFlowStateQueries(cache: Cache, box: Sealer, tenantId: string, options: { now?: () => Date } = {}): CacheFlowStateQueries {
  const now = options.now ?? (() => new Date());
  const context = (idHash: string) => `action_flow_states:${tenantId}:${idHash}`;
  const decode = (raw: string | undefined, usedAt: string | null): CacheFlowStateRecord | undefined => {
    if (raw === undefined) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      return undefined;
    }
    const stored = Stored.safeParse(data);
    if (!stored.success || stored.data.tenant_id !== tenantId) return undefined;
    const { flow_enc: sealed, ...rest } = stored.data;
    return { ...rest, used_at: usedAt, flow: JSON.parse(box.open(sealed, context(rest.id_hash))) as unknown };
  };
  return {
    async create(input) {
      const ttl = Date.parse(input.expires_at) - now().getTime();
      if (ttl <= 0) return;
      const stored: z.infer<typeof Stored> = {
        tenant_id: tenantId,
        id_hash: input.id_hash,
        trigger_id: input.trigger_id,
        browser_hash: input.browser_hash,
        sid: input.sid,
        flow_enc: box.seal(JSON.stringify(input.flow), context(input.id_hash)),
        created_at: now().toISOString(),
        expires_at: input.expires_at,
      };
      await cache.set(cacheKeys.flowState(tenantId, input.id_hash), JSON.stringify(stored), { ttlMs: ttl });
    },
    async find(idHash) {
      return decode(await cache.get(cacheKeys.flowState(tenantId, idHash)), null);
    },
    async consume(idHash, at) {
      const record = decode(await cache.take(cacheKeys.flowState(tenantId, idHash)), at);
      if (!record || Date.parse(record.expires_at) <= Date.parse(at)) return undefined;
      return record;
    },
    // Redis expires them itself.
    async deleteExpired() {
      return 0;
    },
  };
}
