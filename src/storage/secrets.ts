import type { Database } from './database.ts';
import { now } from './rows.ts';
import type { SecretBox } from './secret-box.ts';

// Named secrets of an owner inside a tenant: an Action ('action', action id), an Action
// module ('module', module id), … Values are sealed; names are not, because the Management
// API lists them (write-only values: responses carry only {name, updated_at}).

export interface SecretRecord {
  owner_type: string;
  owner_id: string;
  name: string;
  /** Decrypted. */
  value: string;
  created_at: string;
  updated_at: string;
}

export interface SecretName {
  name: string;
  updated_at: string;
}

export interface SecretQueries {
  /** Creates or replaces. */
  set(ownerType: string, ownerId: string, name: string, value: string): Promise<void>;
  get(ownerType: string, ownerId: string, name: string): Promise<string | undefined>;
  /** Every secret of an owner with its value, for building event.secrets. */
  list(ownerType: string, ownerId: string): Promise<SecretRecord[]>;
  /** Names only, for API responses. */
  listNames(ownerType: string, ownerId: string): Promise<SecretName[]>;
  remove(ownerType: string, ownerId: string, name: string): Promise<boolean>;
  removeAll(ownerType: string, ownerId: string): Promise<number>;
}

export function createSecretQueries(database: Database, box: SecretBox, tenantId: string): SecretQueries {
  const { db } = database;
  const context = (ownerType: string, ownerId: string, name: string) => `secrets:${tenantId}:${ownerType}:${ownerId}:${name}`;
  const owned = (ownerType: string, ownerId: string) => db.selectFrom('secrets')
    .where('tenant_id', '=', tenantId).where('owner_type', '=', ownerType).where('owner_id', '=', ownerId);

  return {
    async set(ownerType, ownerId, name, value) {
      const at = now();
      const value_enc = box.seal(value, context(ownerType, ownerId, name));
      await db.insertInto('secrets')
        .values({ tenant_id: tenantId, owner_type: ownerType, owner_id: ownerId, name, value_enc, created_at: at, updated_at: at })
        .onConflict((oc) => oc.columns(['tenant_id', 'owner_type', 'owner_id', 'name']).doUpdateSet({ value_enc, updated_at: at }))
        .execute();
    },

    async get(ownerType, ownerId, name) {
      const row = await owned(ownerType, ownerId).select('value_enc').where('name', '=', name).executeTakeFirst();
      return row && box.open(row.value_enc, context(ownerType, ownerId, name));
    },

    async list(ownerType, ownerId) {
      const rows = await owned(ownerType, ownerId).selectAll().orderBy('name').execute();
      return rows.map((r) => ({
        owner_type: r.owner_type,
        owner_id: r.owner_id,
        name: r.name,
        value: box.open(r.value_enc, context(ownerType, ownerId, r.name)),
        created_at: r.created_at,
        updated_at: r.updated_at,
      }));
    },

    async listNames(ownerType, ownerId) {
      return owned(ownerType, ownerId).select(['name', 'updated_at']).orderBy('name').execute();
    },

    async remove(ownerType, ownerId, name) {
      const r = await db.deleteFrom('secrets').where('tenant_id', '=', tenantId)
        .where('owner_type', '=', ownerType).where('owner_id', '=', ownerId).where('name', '=', name).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async removeAll(ownerType, ownerId) {
      const r = await db.deleteFrom('secrets').where('tenant_id', '=', tenantId)
        .where('owner_type', '=', ownerType).where('owner_id', '=', ownerId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
