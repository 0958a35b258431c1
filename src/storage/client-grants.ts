import { z } from 'zod';
import { GatehouseError } from '../errors/index.ts';
import type { Database } from './database.ts';
import { fromJson, now, orConflict, prefixedId, toJson } from './rows.ts';
import type { ClientGrantsTable } from './schema.ts';

// Auth0 client grants: which scopes of which API (audience) a client may obtain through
// client_credentials. One grant per (client, audience).

export interface ClientGrantRecord {
  tenant_id: string;
  id: string;
  client_id: string;
  audience: string;
  scopes: string[];
  created_at: string;
  updated_at: string;
}

export interface CreateClientGrantInput {
  client_id: string;
  audience: string;
  scopes?: string[];
  id?: string;
}

export interface ClientGrantQueries {
  create(input: CreateClientGrantInput): Promise<ClientGrantRecord>;
  find(id: string): Promise<ClientGrantRecord | undefined>;
  findFor(clientId: string, audience: string): Promise<ClientGrantRecord | undefined>;
  list(filter?: { client_id?: string; audience?: string }): Promise<ClientGrantRecord[]>;
  updateScopes(id: string, scopes: string[]): Promise<ClientGrantRecord | undefined>;
  remove(id: string): Promise<boolean>;
}

const scopes = z.array(z.string());

const toRecord = (row: ClientGrantsTable): ClientGrantRecord => ({
  ...row, scopes: fromJson(scopes, row.scopes, `client_grants.${row.id}.scopes`),
});

export function createClientGrantQueries(database: Database, tenantId: string): ClientGrantQueries {
  const { db } = database;
  const select = () => db.selectFrom('client_grants').selectAll().where('tenant_id', '=', tenantId);

  async function find(id: string): Promise<ClientGrantRecord | undefined> {
    const row = await select().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  return {
    async create(input) {
      const at = now();
      const row: ClientGrantsTable = {
        tenant_id: tenantId, id: input.id ?? prefixedId('cgr'), client_id: input.client_id, audience: input.audience,
        scopes: toJson(input.scopes ?? []), created_at: at, updated_at: at,
      };
      await orConflict(() => db.insertInto('client_grants').values(row).execute(),
        () => new GatehouseError('MGMT_CONFLICT', `a client grant for ${input.client_id} and ${input.audience} already exists`));
      return toRecord(row);
    },

    find,

    async findFor(clientId, audience) {
      const row = await select().where('client_id', '=', clientId).where('audience', '=', audience).executeTakeFirst();
      return row && toRecord(row);
    },

    async list(filter = {}) {
      let q = select();
      if (filter.client_id !== undefined) q = q.where('client_id', '=', filter.client_id);
      if (filter.audience !== undefined) q = q.where('audience', '=', filter.audience);
      return (await q.orderBy('created_at').orderBy('id').execute()).map(toRecord);
    },

    async updateScopes(id, list) {
      await db.updateTable('client_grants').set({ scopes: toJson(list), updated_at: now() })
        .where('tenant_id', '=', tenantId).where('id', '=', id).execute();
      return find(id);
    },

    async remove(id) {
      const r = await db.deleteFrom('client_grants').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
