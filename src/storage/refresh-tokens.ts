import type { Database } from './database.ts';
import { now } from './rows.ts';
import type { RefreshTokensTable } from './schema.ts';

// Refresh tokens, keyed by the SHA-256 of the token. Every token belongs to a family (all the
// tokens rotated from one grant); `generation` counts rotations. A token is live while neither
// rotated_at nor revoked_at is set and expires_at is ahead.

export interface RefreshTokenRecord extends Omit<RefreshTokensTable, 'generation'> {
  generation: number;
}

export type CreateRefreshTokenInput = Omit<RefreshTokenRecord, 'tenant_id' | 'created_at' | 'rotated_at' | 'revoked_at'>;

export interface RefreshTokenQueries {
  create(input: CreateRefreshTokenInput): Promise<RefreshTokenRecord>;
  find(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /** Marks a live token rotated; false when it was already rotated or revoked (reuse). */
  markRotated(tokenHash: string): Promise<boolean>;
  /** Revokes every token of the family; returns how many were still unrevoked. */
  revokeFamily(familyId: string): Promise<number>;
  /** Revokes the families issued from an authorization code (a replayed code). */
  revokeIssuedFromCode(codeHash: string): Promise<number>;
  listFamily(familyId: string): Promise<RefreshTokenRecord[]>;
}

const toRecord = (row: RefreshTokensTable): RefreshTokenRecord => ({ ...row, generation: Number(row.generation) });

export function createRefreshTokenQueries(database: Database, tenantId: string): RefreshTokenQueries {
  const { db } = database;
  const revoke = () => db.updateTable('refresh_tokens').set({ revoked_at: now() })
    .where('tenant_id', '=', tenantId).where('revoked_at', 'is', null);
  return {
    async create(input) {
      const row: RefreshTokensTable = { ...input, tenant_id: tenantId, created_at: now(), rotated_at: null, revoked_at: null };
      await db.insertInto('refresh_tokens').values(row).execute();
      return toRecord(row);
    },

    async find(tokenHash) {
      const row = await db.selectFrom('refresh_tokens').selectAll()
        .where('tenant_id', '=', tenantId).where('token_hash', '=', tokenHash).executeTakeFirst();
      return row && toRecord(row);
    },

    async markRotated(tokenHash) {
      const r = await db.updateTable('refresh_tokens').set({ rotated_at: now() })
        .where('tenant_id', '=', tenantId).where('token_hash', '=', tokenHash)
        .where('rotated_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async revokeFamily(familyId) {
      const r = await revoke().where('family_id', '=', familyId).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    async revokeIssuedFromCode(codeHash) {
      // Only the first token of a family records its code; its family carries the rest.
      const families = await db.selectFrom('refresh_tokens').select('family_id')
        .where('tenant_id', '=', tenantId).where('code_hash', '=', codeHash).execute();
      if (families.length === 0) return 0;
      const r = await revoke().where('family_id', 'in', families.map((f) => f.family_id)).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    async listFamily(familyId) {
      const rows = await db.selectFrom('refresh_tokens').selectAll()
        .where('tenant_id', '=', tenantId).where('family_id', '=', familyId).orderBy('generation').execute();
      return rows.map(toRecord);
    },
  };
}
