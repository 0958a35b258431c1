import { transact, type Database } from './database.ts';

// api.cache entries when no Redis is configured (actions.md §8): per tenant and trigger.
// Structurally an ActionCache (src/cache/action-cache.ts) for one tenant.

export interface ActionCacheRow {
  key: string;
  value: string;
  /** Epoch ms. */
  expires_at: number;
}

export type ActionCacheWrite =
  | { op: 'set'; key: string; value: string; expires_at: number }
  | { op: 'delete'; key: string };

export interface ActionCacheEntryQueries {
  /** Unexpired entries of a trigger. */
  live(triggerId: string, now: number): Promise<ActionCacheRow[]>;
  /** Sets and deletes in order, and drops the trigger's expired rows. */
  apply(triggerId: string, ops: readonly ActionCacheWrite[], now: number): Promise<void>;
}

export function createActionCacheEntryQueries(database: Database, tenantId: string): ActionCacheEntryQueries {
  const { db } = database;
  return {
    async live(triggerId, at) {
      const rows = await db.selectFrom('action_cache').select(['key', 'value', 'expires_at'])
        .where('tenant_id', '=', tenantId).where('trigger_id', '=', triggerId).where('expires_at', '>', at).execute();
      return rows.map((r) => ({ key: r.key, value: r.value, expires_at: Number(r.expires_at) }));
    },
    async apply(triggerId, ops, at) {
      await transact(db, async (trx) => {
        await trx.deleteFrom('action_cache').where('tenant_id', '=', tenantId).where('trigger_id', '=', triggerId)
          .where('expires_at', '<=', at).execute();
        for (const op of ops) {
          if (op.op === 'delete') {
            await trx.deleteFrom('action_cache').where('tenant_id', '=', tenantId).where('trigger_id', '=', triggerId).where('key', '=', op.key).execute();
          } else {
            await trx.insertInto('action_cache')
              .values({ tenant_id: tenantId, trigger_id: triggerId, key: op.key, value: op.value, expires_at: op.expires_at })
              .onConflict((oc) => oc.columns(['tenant_id', 'trigger_id', 'key']).doUpdateSet({ value: op.value, expires_at: op.expires_at }))
              .execute();
          }
        }
      });
    },
  };
}
