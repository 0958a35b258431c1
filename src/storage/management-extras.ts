import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from './database.ts';
import { fromJson, now, toJson } from './rows.ts';

// Query module of `management_extras` (migration 060): the Auth0 fields of a client, resource
// server or connection that Gatehouse stores for the Management API without acting on them.
// The row type is declared here rather than in schema.ts: nothing but this module reads it.

export type ExtrasKind = 'client' | 'resource_server' | 'connection';

interface ManagementExtrasTable {
  tenant_id: string;
  kind: string;
  id: string;
  extras: string;
  updated_at: string;
}

export interface ManagementExtrasQueries {
  get(kind: ExtrasKind, id: string): Promise<Record<string, unknown>>;
  getAll(kind: ExtrasKind): Promise<Map<string, Record<string, unknown>>>;
  /** Replaces the object's extras (an empty object removes the row). */
  set(kind: ExtrasKind, id: string, extras: Record<string, unknown>): Promise<void>;
  remove(kind: ExtrasKind, id: string): Promise<void>;
}

const extrasSchema = z.record(z.string(), z.unknown());

export function createManagementExtrasQueries(database: Database, tenantId: string): ManagementExtrasQueries {
  const db = database.db as unknown as Kysely<{ management_extras: ManagementExtrasTable }>;
  const parse = (row: ManagementExtrasTable) => fromJson(extrasSchema, row.extras, `management_extras.${row.kind}.${row.id}`);
  const remove = async (kind: ExtrasKind, id: string) => {
    await db.deleteFrom('management_extras').where('tenant_id', '=', tenantId).where('kind', '=', kind).where('id', '=', id).execute();
  };

  return {
    async get(kind, id) {
      const row = await db.selectFrom('management_extras').selectAll()
        .where('tenant_id', '=', tenantId).where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
      return row ? parse(row) : {};
    },

    async getAll(kind) {
      const rows = await db.selectFrom('management_extras').selectAll().where('tenant_id', '=', tenantId).where('kind', '=', kind).execute();
      return new Map(rows.map((row) => [row.id, parse(row)]));
    },

    async set(kind, id, extras) {
      if (Object.keys(extras).length === 0) return remove(kind, id);
      const row = { tenant_id: tenantId, kind, id, extras: toJson(extras), updated_at: now() };
      await db.insertInto('management_extras').values(row)
        .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'id']).doUpdateSet({ extras: row.extras, updated_at: row.updated_at }))
        .execute();
    },

    remove,
  };
}
