import { z } from 'zod';
import type { Database } from './database.ts';
import { fromJson, now, toJson } from './rows.ts';

// What post-login Actions decided for the tokens of one authorization code, kept until the
// code is exchanged (the code itself lives in authorization_codes; this row shares its hash).

export interface ActionCodeEffectsQueries {
  put(codeHash: string, effects: Record<string, unknown>, expiresAt: string): Promise<void>;
  find(codeHash: string): Promise<Record<string, unknown> | undefined>;
  deleteExpired(before: string): Promise<number>;
}

const effectsSchema = z.record(z.string(), z.unknown());

export function createActionCodeEffectsQueries(database: Database, tenantId: string): ActionCodeEffectsQueries {
  const { db } = database;
  return {
    async put(codeHash, effects, expiresAt) {
      await db.insertInto('action_code_effects')
        .values({ tenant_id: tenantId, code_hash: codeHash, effects: toJson(effects), created_at: now(), expires_at: expiresAt })
        .execute();
    },

    async find(codeHash) {
      const row = await db.selectFrom('action_code_effects').select(['effects'])
        .where('tenant_id', '=', tenantId).where('code_hash', '=', codeHash).executeTakeFirst();
      return row && fromJson(effectsSchema, row.effects, `action_code_effects.${codeHash}`);
    },

    async deleteExpired(before) {
      const r = await db.deleteFrom('action_code_effects')
        .where('tenant_id', '=', tenantId).where('expires_at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
