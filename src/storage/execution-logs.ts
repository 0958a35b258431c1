import { z } from 'zod';
import type { Database } from './database.ts';
import { fromJson, now, prefixedId, toJson } from './rows.ts';
import type { ExecutionLogsTable } from './schema.ts';

export interface LogLine {
  level: string;
  message: string;
}

export interface ExecutionLogRecord {
  tenant_id: string;
  id: string;
  /** What ran, e.g. 'custom-db:login', 'action:post-login'. */
  type: string;
  /** The script or Action (version) that ran. */
  code_id: string;
  /** 'ok' | 'user_error' | 'timeout' | 'crash' | 'oom' | … as the runtime reports it. */
  outcome: string;
  duration_ms: number;
  /** Captured console output, already cut and masked by the caller. */
  logs: LogLine[];
  details: Record<string, unknown>;
  created_at: string;
}

export interface InsertExecutionLogInput {
  type: string;
  code_id: string;
  outcome: string;
  duration_ms: number;
  logs?: LogLine[];
  details?: Record<string, unknown>;
  id?: string;
  created_at?: string;
}

export interface ListExecutionLogsOptions {
  limit?: number;
  type?: string;
  code_id?: string;
  /** Only entries strictly older than this ISO timestamp (paging newest-first). */
  before?: string;
}

export interface ExecutionLogQueries {
  insert(input: InsertExecutionLogInput): Promise<ExecutionLogRecord>;
  /** Several entries in one statement (one Action flow's executions). */
  insertMany(inputs: readonly InsertExecutionLogInput[]): Promise<ExecutionLogRecord[]>;
  find(id: string): Promise<ExecutionLogRecord | undefined>;
  /** Newest first. */
  list(options?: ListExecutionLogsOptions): Promise<ExecutionLogRecord[]>;
  /** Retention: deletes entries created before the ISO timestamp; returns how many. */
  deleteOlderThan(iso: string): Promise<number>;
}

const logsSchema = z.array(z.object({ level: z.string(), message: z.string() }));
const detailsSchema = z.record(z.string(), z.unknown());

function toRecord(row: ExecutionLogsTable): ExecutionLogRecord {
  return {
    tenant_id: row.tenant_id,
    id: row.id,
    type: row.type,
    code_id: row.code_id,
    outcome: row.outcome,
    duration_ms: Number(row.duration_ms),
    logs: fromJson(logsSchema, row.logs, `execution_logs.${row.id}.logs`),
    details: fromJson(detailsSchema, row.details, `execution_logs.${row.id}.details`),
    created_at: row.created_at,
  };
}

export function createExecutionLogQueries(database: Database, tenantId: string): ExecutionLogQueries {
  const { db } = database;
  const select = () => db.selectFrom('execution_logs').selectAll().where('tenant_id', '=', tenantId);

  function toRow(input: InsertExecutionLogInput): ExecutionLogsTable {
    return {
      tenant_id: tenantId,
      id: input.id ?? prefixedId('log'),
      type: input.type,
      code_id: input.code_id,
      outcome: input.outcome,
      duration_ms: Math.round(input.duration_ms),
      logs: toJson(input.logs ?? []),
      details: toJson(input.details ?? {}),
      created_at: input.created_at ?? now(),
    };
  }

  return {
    async insert(input) {
      const row = toRow(input);
      await db.insertInto('execution_logs').values(row).execute();
      return toRecord(row);
    },

    async insertMany(inputs) {
      if (inputs.length === 0) return [];
      const rows = inputs.map(toRow);
      await db.insertInto('execution_logs').values(rows).execute();
      return rows.map(toRecord);
    },

    async find(id) {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async list(options = {}) {
      let q = select();
      if (options.type !== undefined) q = q.where('type', '=', options.type);
      if (options.code_id !== undefined) q = q.where('code_id', '=', options.code_id);
      if (options.before !== undefined) q = q.where('created_at', '<', options.before);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit ?? 50).execute();
      return rows.map(toRecord);
    },

    async deleteOlderThan(iso) {
      const r = await db.deleteFrom('execution_logs').where('tenant_id', '=', tenantId).where('created_at', '<', iso).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
