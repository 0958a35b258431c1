import type { Logger } from '../../config/index.ts';
import { createExecutionLogQueries, type Database } from '../../storage/index.ts';
import type { ExecutionSummary, TriggerId } from './types.ts';

/** Execution-log type of an Action run: `action:post-login`, … */
export const actionExecutionType = (trigger: TriggerId) => `action:${trigger}`;

/**
 * Writes one execution_logs row per Action execution of a flow (actions.md §5.7), in one
 * statement, with the flow's execution id so they can be read together. Never fails the flow.
 */
export async function recordExecutions(
  database: Database, logger: Logger | undefined, tenantId: string, trigger: TriggerId, executionId: string, summaries: ExecutionSummary[],
): Promise<void> {
  if (summaries.length === 0) return;
  try {
    const rows = await createExecutionLogQueries(database, tenantId).insertMany(summaries.map((s) => ({
      type: actionExecutionType(trigger),
      code_id: s.actionId,
      outcome: s.outcome,
      duration_ms: s.durationMs,
      logs: s.logs.map((l) => ({ level: l.level, message: l.message })),
      details: {
        trigger, execution_id: executionId, action_name: s.name, action_id: s.actionId, version: s.version, version_id: s.versionId,
        handler: s.handler, ...(s.error !== undefined ? { error: s.error } : {}),
      },
    })));
    rows.forEach((row, i) => { summaries[i] = { ...summaries[i], logId: row.id }; });
  } catch (err) {
    // A full or briefly unreachable log table must not turn a good login into a failure.
    logger?.error({ err, trigger, executionId }, 'could not record Action executions');
  }
}
