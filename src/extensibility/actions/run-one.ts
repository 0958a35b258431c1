// One Action execution in the runtime: the harness builds event/api inside the container and
// returns the recorded commands, which are parsed here (user code produced them).
import { z } from 'zod';
import { installDependencySet } from '../../runtime/modules/install.ts';
import type { ScriptRunner } from '../custom-db/script-runner.ts';
import type { PlannedAction } from './flow-plan.ts';
import { actionsHarness, type HarnessInput } from './harness/index.ts';
import type { Command } from './types.ts';

export interface ActionRun {
  readonly kind: 'ok' | 'failed' | 'timeout';
  readonly commands: readonly Command[];
  /** The version does not export this trigger's handler: nothing ran. */
  readonly skipped: boolean;
  readonly durationMs: number;
  readonly logs: ReadonlyArray<{ level: string; message: string }>;
  readonly logsTruncated: boolean;
  /** Failure detail for the tenant log (masked by the runtime). */
  readonly error?: string;
  readonly containerRecycled: boolean;
}

const HarnessOutput = z.object({
  commands: z.array(z.object({ api: z.string().max(200), args: z.array(z.unknown()).max(10) })).max(10_000),
  skipped: z.boolean(),
});

const installed = new Set<string>();

async function ensureInstalled(runner: ScriptRunner, dependencies: Readonly<Record<string, string>>): Promise<void> {
  if (Object.keys(dependencies).length === 0) return;
  const key = `${runner.moduleCacheDir}\u0000${JSON.stringify(Object.entries(dependencies).sort())}`;
  if (installed.has(key)) return;
  // Installed at deploy; this only checks the marker, unless this node's cache lacks the set.
  await installDependencySet(runner.moduleCacheDir, dependencies);
  installed.add(key);
}

/** The container of an Action version: tenant-scoped by the runtime. */
export function containerKeyOf(actionId: string, versionNumber: number): string {
  return `${actionId}@${versionNumber}`;
}

export async function runOneAction(runner: ScriptRunner, input: {
  tenantId: string;
  step: PlannedAction;
  handler: string;
  harnessInput: HarnessInput;
  timeoutMs: number;
}): Promise<ActionRun> {
  const { step } = input;
  const started = performance.now();
  try {
    await ensureInstalled(runner, step.dependencies);
  } catch (err) {
    return failure(`The dependencies could not be installed: ${err instanceof Error ? err.message : String(err)}`, started);
  }
  const secretValues = [...Object.values(step.secrets), ...Object.values(step.modules).flatMap((m) => Object.values(m.secrets))];
  const outcome = await runner.run({
    tenant: input.tenantId,
    containerKey: containerKeyOf(step.actionId, step.number),
    codeId: step.actionId,
    codeVersion: step.versionId,
    source: step.code,
    kind: 'action',
    entryPoint: input.handler,
    harness: actionsHarness,
    args: [input.harnessInput],
    secrets: secretValues.filter((s) => s.length > 0),
    dependencies: step.dependencies,
    timeoutMs: Math.max(1, Math.floor(input.timeoutMs)),
  });
  const base = { durationMs: outcome.durationMs, logs: outcome.logs, logsTruncated: outcome.logsTruncated, containerRecycled: outcome.container.recycled };
  if (outcome.kind === 'result') {
    const parsed = HarnessOutput.safeParse(outcome.value);
    if (!parsed.success) return { ...base, kind: 'failed', commands: [], skipped: false, error: 'The Action returned malformed commands' };
    return { ...base, kind: 'ok', commands: parsed.data.commands, skipped: parsed.data.skipped };
  }
  if (outcome.kind === 'user-error') {
    const e = outcome.error;
    return { ...base, kind: 'failed', commands: [], skipped: false, error: e.message === '' ? e.name : `${e.name}: ${e.message}` };
  }
  return { ...base, kind: outcome.kind === 'timeout' ? 'timeout' : 'failed', commands: [], skipped: false, error: outcome.message };
}

function failure(error: string, started: number): ActionRun {
  return { kind: 'failed', commands: [], skipped: false, durationMs: performance.now() - started, logs: [], logsTruncated: false, error, containerRecycled: false };
}
