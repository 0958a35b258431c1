// One execution (run) inside a container, and the async context that routes console output,
// host-capability calls and late errors to the execution that caused them. Several executions of
// one container may be in flight at once; everything user code triggers runs inside
// `executions.run(execution, …)`, and Node propagates that store through promises and timers.
import { AsyncLocalStorage } from 'node:async_hooks';
import { secretMask, truncationMarker } from '../limits.ts';
import type { RequireResult } from './require.ts';
import { admitLine, maskSecrets, newBudget, type CappedLine, type LogBudget } from './log-cap.ts';

export interface Execution {
  readonly runId: number;
  /** Set once the outcome was sent: later output of this execution is dropped. */
  settled: boolean;
  readonly budget: LogBudget;
  /** Admitted lines not yet sent to the host. */
  pending: CappedLine[];
  flushScheduled: boolean;
  readonly secrets: readonly string[];
  readonly capabilities: ReadonlySet<string>;
  readonly configurationSource: Readonly<Record<string, string>>;
  /** `require` for this execution's declared dependencies. */
  readonly resolve: (id: unknown) => RequireResult;
  /** The frozen in-context copy of `configuration`, made on first read. */
  configuration?: unknown;
}

export const executions = new AsyncLocalStorage<Execution>();

export function newExecution(init: {
  runId: number;
  logLimitChars: number;
  secrets: readonly string[];
  capabilities: readonly string[];
  configuration: Readonly<Record<string, string>>;
  resolve: (id: unknown) => RequireResult;
}): Execution {
  return {
    runId: init.runId,
    settled: false,
    budget: newBudget(init.logLimitChars),
    pending: [],
    flushScheduled: false,
    secrets: init.secrets,
    capabilities: new Set(init.capabilities),
    configurationSource: init.configuration,
    resolve: init.resolve,
  };
}

/** Masks, then admits one line under the execution's budget. Returns true when it was kept. */
export function addLine(exec: Execution, level: CappedLine['level'], message: string): boolean {
  if (exec.settled) return false;
  const line = admitLine(exec.budget, { level, message: maskSecrets(message, exec.secrets, secretMask) }, truncationMarker);
  if (line === null) return false;
  exec.pending.push(line);
  return true;
}

/** Takes the lines not yet sent. */
export function drainLines(exec: Execution): CappedLine[] {
  const lines = exec.pending;
  exec.pending = [];
  return lines;
}
