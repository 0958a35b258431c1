import type { Database } from './database.ts';
import { now } from './rows.ts';
import type { ActionFlowStatesTable } from './schema.ts';
import type { SecretBox } from './secret-box.ts';

// Suspended post-login flows (redirect Actions). The caller hashes the opaque state; the flow
// itself is sealed with the secret box (context: tenant and hash, so a sealed value cannot be
// moved to another row).

export interface ActionFlowStateRecord {
  tenant_id: string;
  id_hash: string;
  trigger_id: string;
  /** SHA-256 of the browser cookie (gh_browser) of whoever started the flow. */
  browser_hash: string;
  /** The SSO session the flow belongs to, when it had one. */
  sid: string | null;
  /** The flow as the pipeline stored it (JSON-like), decrypted. */
  flow: unknown;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface CreateActionFlowStateInput {
  id_hash: string;
  trigger_id: string;
  browser_hash: string;
  sid: string | null;
  flow: unknown;
  expires_at: string;
}

export interface ActionFlowStateQueries {
  create(input: CreateActionFlowStateInput): Promise<void>;
  find(idHash: string): Promise<ActionFlowStateRecord | undefined>;
  /**
   * Marks the state used and returns it; undefined when unknown, expired at `at` or already
   * used. One conditional UPDATE, so of two concurrent resumptions exactly one wins.
   */
  consume(idHash: string, at: string): Promise<ActionFlowStateRecord | undefined>;
  /** Deletes states that expired before `before`; returns how many. */
  deleteExpired(before: string): Promise<number>;
}

const context = (tenantId: string, idHash: string) => `action_flow_states:${tenantId}:${idHash}`;

export function createActionFlowStateQueries(database: Database, box: SecretBox, tenantId: string): ActionFlowStateQueries {
  const { db } = database;
  const toRecord = (row: ActionFlowStatesTable): ActionFlowStateRecord => {
    const { flow_enc: sealed, ...rest } = row;
    return { ...rest, flow: JSON.parse(box.open(sealed, context(tenantId, row.id_hash))) as unknown };
  };
  return {
    async create(input) {
      await db.insertInto('action_flow_states').values({
        tenant_id: tenantId,
        id_hash: input.id_hash,
        trigger_id: input.trigger_id,
        browser_hash: input.browser_hash,
        sid: input.sid,
        flow_enc: box.seal(JSON.stringify(input.flow), context(tenantId, input.id_hash)),
        created_at: now(),
        expires_at: input.expires_at,
        used_at: null,
      }).execute();
    },

    async find(idHash) {
      const row = await db.selectFrom('action_flow_states').selectAll()
        .where('tenant_id', '=', tenantId).where('id_hash', '=', idHash).executeTakeFirst();
      return row && toRecord(row);
    },

    async consume(idHash, at) {
      const r = await db.updateTable('action_flow_states').set({ used_at: at })
        .where('tenant_id', '=', tenantId).where('id_hash', '=', idHash)
        .where('used_at', 'is', null).where('expires_at', '>', at)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return undefined;
      const row = await db.selectFrom('action_flow_states').selectAll()
        .where('tenant_id', '=', tenantId).where('id_hash', '=', idHash).executeTakeFirst();
      return row && toRecord(row);
    },

    async deleteExpired(before) {
      const r = await db.deleteFrom('action_flow_states')
        .where('tenant_id', '=', tenantId).where('expires_at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
