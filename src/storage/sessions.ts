import type { Database } from './database.ts';
import { now } from './rows.ts';
import type { SessionsTable } from './schema.ts';

// Browser sessions behind the SSO cookie. The cookie value itself is never stored: rows are
// keyed by its SHA-256 (computed by the caller), so reading the table does not let anyone
// impersonate a browser. `sid` is the public session id that ID tokens carry.

export interface SessionRecord {
  tenant_id: string;
  id_hash: string;
  sid: string;
  user_id: string;
  connection: string;
  auth_method: string;
  /** When the user last proved who they are (the ID token's auth_time). */
  authenticated_at: string;
  created_at: string;
  last_seen_at: string;
  /** Absolute end; the idle limit is applied by the caller against last_seen_at. */
  expires_at: string;
}

export type CreateSessionInput = Omit<SessionRecord, 'tenant_id' | 'created_at' | 'last_seen_at'>;

export interface SessionQueries {
  create(input: CreateSessionInput): Promise<SessionRecord>;
  find(idHash: string): Promise<SessionRecord | undefined>;
  /** Marks activity; `authenticatedAt` when the user logged in again inside the session. */
  touch(idHash: string, patch: { authenticated_at?: string; connection?: string; auth_method?: string }): Promise<boolean>;
  remove(idHash: string): Promise<boolean>;
  removeForUser(userId: string): Promise<number>;
}

const toRecord = (row: SessionsTable): SessionRecord => ({ ...row });

export function createSessionQueries(database: Database, tenantId: string): SessionQueries {
  const { db } = database;
  return {
    async create(input) {
      const at = now();
      const row: SessionsTable = { tenant_id: tenantId, ...input, created_at: at, last_seen_at: at };
      await db.insertInto('sessions').values(row).execute();
      return toRecord(row);
    },

    async find(idHash) {
      const row = await db.selectFrom('sessions').selectAll()
        .where('tenant_id', '=', tenantId).where('id_hash', '=', idHash).executeTakeFirst();
      return row && toRecord(row);
    },

    async touch(idHash, patch) {
      const set: Partial<SessionsTable> = { last_seen_at: now() };
      if (patch.authenticated_at !== undefined) set.authenticated_at = patch.authenticated_at;
      if (patch.connection !== undefined) set.connection = patch.connection;
      if (patch.auth_method !== undefined) set.auth_method = patch.auth_method;
      const r = await db.updateTable('sessions').set(set)
        .where('tenant_id', '=', tenantId).where('id_hash', '=', idHash).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async remove(idHash) {
      const r = await db.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('id_hash', '=', idHash).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async removeForUser(userId) {
      const r = await db.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
