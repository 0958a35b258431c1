import { createExecutionLogQueries, type Database, type ExecutionLogRecord } from '../../storage/index.ts';
import { actionKey, scriptKey, type UserTap } from './user-tap.ts';

// Prints the tenant's executions as they happen by tailing its execution log (the same entries
// `gatehouse logs` shows): trigger or script, user, outcome, duration, then the captured logs.

export interface PrintedExecution {
  readonly time: string;
  /** `post-login` (Action trigger) or `login` (custom database script). */
  readonly what: string;
  /** The Action's name or the connection's. */
  readonly name: string;
  readonly user?: string;
  readonly outcome: string;
  readonly durationMs: number;
  readonly error?: string;
  readonly logs: ReadonlyArray<{ level: string; message: string }>;
}

export function describeExecution(entry: ExecutionLogRecord, users?: UserTap): PrintedExecution {
  const d = entry.details as { trigger?: string; action_name?: string; version_id?: string; version?: number; connection?: string; script?: string; error?: unknown; message?: string };
  const isAction = entry.type.startsWith('action');
  const what = isAction ? (d.trigger ?? entry.type.replace(/^action:/, '')) : (d.script ?? entry.type.replace(/^[^:]*:/, ''));
  const name = isAction ? `${d.action_name ?? entry.code_id}${d.version !== undefined ? ` v${d.version}` : ''}` : (d.connection ?? entry.code_id);
  const key = isAction ? (d.version_id ? actionKey(d.version_id) : undefined) : (d.connection && d.script ? scriptKey(d.connection, d.script) : undefined);
  const error = typeof d.error === 'string' ? d.error
    : d.error && typeof d.error === 'object' ? `${(d.error as { name?: string }).name ?? 'Error'}: ${(d.error as { message?: string }).message ?? ''}`
      : d.message;
  return {
    time: entry.created_at, what, name, outcome: entry.outcome, durationMs: entry.duration_ms, logs: entry.logs,
    ...(key && users ? { user: users.take(key) } : {}),
    ...(error !== undefined ? { error } : {}),
  };
}

export interface ExecutionPrinter {
  /** Reads once now (for tests and for a final flush). */
  poll(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts tailing: entries older than the start are skipped, new ones are handed to `print` oldest first. */
export async function startExecutionPrinter(
  database: Database, tenantId: string, print: (execution: PrintedExecution) => void, options: { intervalMs?: number; users?: UserTap } = {},
): Promise<ExecutionPrinter> {
  const logs = createExecutionLogQueries(database, tenantId);
  const seen = new Set((await logs.list({ limit: 200 })).map((e) => e.id));
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  const poll = () => (current = current.then(async () => {
    const entries = await logs.list({ limit: 200 }).catch(() => []);
    for (const entry of entries.filter((e) => !seen.has(e.id)).reverse()) {
      seen.add(entry.id);
      print(describeExecution(entry, options.users));
    }
    if (seen.size > 5_000) for (const id of [...seen].slice(0, 2_500)) seen.delete(id);
  }));
  const timer = setInterval(() => { if (!stopped) void poll(); }, options.intervalMs ?? 300);
  timer.unref();
  return {
    poll,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
