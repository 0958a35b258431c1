import type { Database } from './database.ts';
import { now } from './rows.ts';
import type { AuthorizationCodesTable } from './schema.ts';

// Authorization codes, keyed by the SHA-256 of the code the client holds. Single use is the
// conditional update in consume(): of two concurrent redemptions exactly one wins.

export type AuthorizationCodeRecord = Omit<AuthorizationCodesTable, never>;

export type CreateAuthorizationCodeInput = Omit<AuthorizationCodeRecord, 'tenant_id' | 'created_at' | 'used_at'>;

export interface AuthorizationCodeQueries {
  create(input: CreateAuthorizationCodeInput): Promise<AuthorizationCodeRecord>;
  find(codeHash: string): Promise<AuthorizationCodeRecord | undefined>;
  /** Marks the code used; false when it already was. */
  consume(codeHash: string): Promise<boolean>;
  deleteExpired(before: string): Promise<number>;
}

export function createAuthorizationCodeQueries(database: Database, tenantId: string): AuthorizationCodeQueries {
  const { db } = database;
  return {
    async create(input) {
      const row: AuthorizationCodesTable = { ...input, tenant_id: tenantId, created_at: now(), used_at: null };
      await db.insertInto('authorization_codes').values(row).execute();
      return row;
    },

    async find(codeHash) {
      return db.selectFrom('authorization_codes').selectAll()
        .where('tenant_id', '=', tenantId).where('code_hash', '=', codeHash).executeTakeFirst();
    },

    async consume(codeHash) {
      const r = await db.updateTable('authorization_codes').set({ used_at: now() })
        .where('tenant_id', '=', tenantId).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async deleteExpired(before) {
      const r = await db.deleteFrom('authorization_codes')
        .where('tenant_id', '=', tenantId).where('expires_at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
