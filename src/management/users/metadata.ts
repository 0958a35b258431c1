import { GatehouseError } from '../../errors/index.ts';
import type { Database } from '../../storage/index.ts';

// PATCH /users/{id} metadata semantics, as Auth0's: each of user_metadata and app_metadata is
// merged at the top level, a key set to null is removed, a nested object replaces the old one.
//
// No lost update: the new metadata is written with a compare-and-swap on the stored JSON text
// (UPDATE … WHERE user_metadata = <what was read> AND app_metadata = <what was read>). Two
// PATCHes racing on one user both succeed, the loser re-reading and re-merging, on SQLite
// (writes serialised) and PostgreSQL (the second UPDATE re-checks the row the first committed).

export type Metadata = Record<string, unknown>;

export function mergeMetadata(current: Metadata, patch: Metadata): Metadata {
  const out: Metadata = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}

export interface MetadataPatch {
  readonly user_metadata?: Metadata;
  readonly app_metadata?: Metadata;
}

const MAX_ATTEMPTS = 50;

/** Applies the patch atomically; false when the user does not exist. */
export async function patchMetadata(database: Database, tenantId: string, userId: string, patch: MetadataPatch): Promise<boolean> {
  if (patch.user_metadata === undefined && patch.app_metadata === undefined) return true;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const row = await database.db.selectFrom('users').select(['user_metadata', 'app_metadata'])
      .where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
    if (!row) return false;
    const set: { user_metadata?: string; app_metadata?: string; updated_at: string } = { updated_at: new Date().toISOString() };
    if (patch.user_metadata !== undefined) set.user_metadata = JSON.stringify(mergeMetadata(JSON.parse(row.user_metadata) as Metadata, patch.user_metadata));
    if (patch.app_metadata !== undefined) set.app_metadata = JSON.stringify(mergeMetadata(JSON.parse(row.app_metadata) as Metadata, patch.app_metadata));
    const result = await database.db.updateTable('users').set(set)
      .where('tenant_id', '=', tenantId).where('user_id', '=', userId)
      .where('user_metadata', '=', row.user_metadata).where('app_metadata', '=', row.app_metadata)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) return true;
  }
  // Only under extreme contention on one user; nothing was lost, the caller may retry.
  throw new GatehouseError('MGMT_CONFLICT', 'The user was modified concurrently too many times; try again.');
}
