import { z } from 'zod';
import type { Database } from './database.ts';
import { fromJson, now, toBool, toInt, toJson } from './rows.ts';
import type { LoginTransactionsTable } from './schema.ts';

// A login transaction is what /authorize remembers while the user is on the login page: the
// whole authorization request (the raw query too, for Actions' event.request.query) and a hash
// of the browser cookie of whoever started it, so only that browser can finish it.

export interface LoginTransactionRecord {
  tenant_id: string;
  id: string;
  client_id: string;
  redirect_uri: string;
  /** Whether redirect_uri was in the request (then /oauth/token must repeat it). */
  redirect_uri_explicit: boolean;
  response_type: string;
  response_mode: string;
  scope: string;
  state: string | null;
  nonce: string | null;
  audience: string | null;
  code_challenge: string | null;
  code_challenge_method: string | null;
  prompt: string | null;
  max_age: number | null;
  connection: string | null;
  login_hint: string | null;
  screen_hint: string | null;
  query: Record<string, string>;
  browser_hash: string;
  created_at: string;
  expires_at: string;
  completed_at: string | null;
}

export type CreateLoginTransactionInput = Omit<LoginTransactionRecord, 'tenant_id' | 'created_at' | 'completed_at'>;

export interface LoginTransactionQueries {
  create(input: CreateLoginTransactionInput): Promise<LoginTransactionRecord>;
  find(id: string): Promise<LoginTransactionRecord | undefined>;
  /** Marks it used; false when it was already completed (the caller lost a race or a replay). */
  complete(id: string): Promise<boolean>;
  /** Deletes transactions that expired before `before` (ISO time); returns how many. */
  deleteExpired(before: string): Promise<number>;
}

const query = z.record(z.string(), z.string());

function toRecord(row: LoginTransactionsTable): LoginTransactionRecord {
  return {
    ...row,
    redirect_uri_explicit: toBool(row.redirect_uri_explicit),
    max_age: row.max_age === null ? null : Number(row.max_age),
    query: fromJson(query, row.query, `login_transactions.${row.id}.query`),
  };
}

export function createLoginTransactionQueries(database: Database, tenantId: string): LoginTransactionQueries {
  const { db } = database;
  return {
    async create(input) {
      const row: LoginTransactionsTable = {
        ...input,
        tenant_id: tenantId,
        redirect_uri_explicit: toInt(input.redirect_uri_explicit),
        query: toJson(input.query),
        created_at: now(),
        completed_at: null,
      };
      await db.insertInto('login_transactions').values(row).execute();
      return toRecord(row);
    },

    async find(id) {
      const row = await db.selectFrom('login_transactions').selectAll()
        .where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async complete(id) {
      const r = await db.updateTable('login_transactions').set({ completed_at: now() })
        .where('tenant_id', '=', tenantId).where('id', '=', id).where('completed_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async deleteExpired(before) {
      const r = await db.deleteFrom('login_transactions')
        .where('tenant_id', '=', tenantId).where('expires_at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
