import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Database } from './database.ts';
import { checkColumn, now } from './rows.ts';
import type { TicketsTable } from './schema.ts';

export type TicketType = 'password_reset' | 'email_verification';

export interface TicketRecord {
  tenant_id: string;
  /** SHA-256 (hex) of the token; the token itself is only ever in the link. */
  id: string;
  type: TicketType;
  user_id: string;
  connection: string;
  client_id: string | null;
  /** Where the page offers to go once the ticket is used (Auth0's result_url). */
  result_url: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface CreateTicketInput {
  type: TicketType;
  /** The token as it appears in the link; only its hash is stored. */
  token: string;
  user_id: string;
  connection: string;
  client_id?: string | null;
  result_url?: string | null;
  expires_at: string;
}

export interface TicketQueries {
  create(input: CreateTicketInput): Promise<TicketRecord>;
  /** The ticket of this token if it exists, has this type, is unused and has not expired at `at`. */
  findUsable(type: TicketType, token: string, at?: string): Promise<TicketRecord | undefined>;
  /**
   * Marks the ticket used and returns it, or undefined when it is unknown, of another type,
   * expired or already used. One conditional UPDATE: of two concurrent uses exactly one wins.
   */
  consume(type: TicketType, token: string, at?: string): Promise<TicketRecord | undefined>;
  /** Removes the user's unused tickets of a type (a newer link replaces older ones). */
  revokeForUser(userId: string, type: TicketType): Promise<number>;
}

const ticketType = z.enum(['password_reset', 'email_verification']);

export function hashTicketToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toRecord(row: TicketsTable): TicketRecord {
  return { ...row, type: checkColumn(ticketType, row.type, `tickets.${row.id}.type`) };
}

export function createTicketQueries(database: Database, tenantId: string): TicketQueries {
  const { db } = database;
  const usable = (type: TicketType, token: string, at: string) => db.selectFrom('tickets').selectAll()
    .where('tenant_id', '=', tenantId).where('id', '=', hashTicketToken(token)).where('type', '=', type)
    .where('used_at', 'is', null).where('expires_at', '>', at);

  return {
    async create(input) {
      const row: TicketsTable = {
        tenant_id: tenantId,
        id: hashTicketToken(input.token),
        type: input.type,
        user_id: input.user_id,
        connection: input.connection,
        client_id: input.client_id ?? null,
        result_url: input.result_url ?? null,
        expires_at: input.expires_at,
        used_at: null,
        created_at: now(),
      };
      await db.insertInto('tickets').values(row).execute();
      return toRecord(row);
    },

    async findUsable(type, token, at = now()) {
      const row = await usable(type, token, at).executeTakeFirst();
      return row && toRecord(row);
    },

    async consume(type, token, at = now()) {
      const id = hashTicketToken(token);
      const r = await db.updateTable('tickets').set({ used_at: at })
        .where('tenant_id', '=', tenantId).where('id', '=', id).where('type', '=', type)
        .where('used_at', 'is', null).where('expires_at', '>', at)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return undefined;
      const row = await db.selectFrom('tickets').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async revokeForUser(userId, type) {
      const r = await db.deleteFrom('tickets')
        .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('type', '=', type).where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
