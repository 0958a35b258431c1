import { GatehouseError } from '../../errors/index.ts';
import { createExecutionLogQueries, type ExecutionLogRecord } from '../../storage/index.ts';
import { paging, withTotals } from '../pagination.ts';
import { route, type ManagementRoute } from '../route.ts';
import { idParams, selectFields } from '../schemas.ts';
import { listLogsQuery, logEntry, logList } from './schemas.ts';

// The tenant's execution logs (custom database scripts, Actions, emails sent in development) as
// Auth0 log events. Auth0 keeps Action logs apart from tenant logs; Gatehouse has one log, so
// each entry's `type` is Gatehouse's own ("custom-db:login", "action:post-login", …), not an
// Auth0 event code, and `details` carries what ran, its outcome, its duration and console lines.

export function renderLog(record: ExecutionLogRecord): Record<string, unknown> {
  return {
    log_id: record.id,
    date: record.created_at,
    type: record.type,
    description: `${record.type} ${record.outcome} in ${record.duration_ms} ms`,
    details: { ...record.details, code_id: record.code_id, outcome: record.outcome, duration_ms: record.duration_ms, logs: record.logs },
  };
}

/** Auth0 lets a client read at most this many entries by page. */
const MAX_PAGED = 1000;

export const logRoutes: readonly ManagementRoute[] = [
  route({
    method: 'GET', url: '/logs', scopes: ['read:logs'], query: listLogsQuery, response: logList,
    async handler({ context, tenantId, query }) {
      const logs = createExecutionLogQueries(context.database, tenantId);
      const type = query.q?.match(/^type:"?([^"\s]+)"?$/)?.[1];
      if (query.q !== undefined && type === undefined) throw new GatehouseError('MGMT_INVALID_QUERY', 'Query validation error: logs can be searched by type:<type> only.');
      if (query.from !== undefined || query.take !== undefined) {
        // Checkpoint paging: entries older than `from`, newest first.
        const anchor = query.from === undefined ? undefined : await logs.find(query.from);
        if (query.from !== undefined && !anchor) throw new GatehouseError('MGMT_INVALID_QUERY', 'Query validation error: unknown log_id in from.');
        const page = await logs.list({ limit: query.take ?? 50, type, before: anchor?.created_at });
        return page.map((entry) => selectFields(renderLog(entry), query));
      }
      const p = paging(query);
      if (p.offset + p.perPage > MAX_PAGED + 100) throw new GatehouseError('MGMT_INVALID_QUERY', `Query validation error: only the first ${MAX_PAGED} log entries can be read by page; use from and take.`);
      let all = await logs.list({ limit: p.offset + p.perPage, type });
      if (query.sort === 'date:1') all = all.reverse();
      const items = all.slice(p.offset, p.offset + p.perPage).map((entry) => selectFields(renderLog(entry), query));
      if (!p.includeTotals) return items;
      let q = context.database.db.selectFrom('execution_logs').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenantId);
      if (type !== undefined) q = q.where('type', '=', type);
      const { n } = await q.executeTakeFirstOrThrow();
      return withTotals('logs', items, Number(n), p);
    },
  }),
  route({
    method: 'GET', url: '/logs/:id', scopes: ['read:logs'], params: idParams, response: logEntry,
    async handler({ context, tenantId, params }) {
      const entry = await createExecutionLogQueries(context.database, tenantId).find(params.id);
      if (!entry) throw new GatehouseError('MGMT_NOT_FOUND', 'The log entry does not exist.');
      return renderLog(entry);
    },
  }),
];
