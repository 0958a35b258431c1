// Runs an Action's draft (or given code) once with a given event and stubbed side effects, as
// Auth0's `POST /actions/actions/{id}/test` does: nothing is written (no metadata, no cache, no
// execution log); the recorded commands, logs and duration come back. Used by
// `gatehouse test-action` and the Management API's test endpoint.
import { createHash } from 'node:crypto';
import { GatehouseError } from '../../errors/index.ts';
import { createActionModuleVersionQueries, createActionQueries, createSecretQueries } from '../../storage/index.ts';
import { canRedirect } from './flow-errors.ts';
import { handlers } from './execute-trigger.ts';
import type { PlannedAction } from './flow-plan.ts';
import { limitsOf, transactionMetadataLimits } from './limits.ts';
import { runOneAction } from './run-one.ts';
import type { ActionsDeps, Command, TriggerId } from './types.ts';
import { validateCode, validateTriggers } from './validate.ts';

export interface TestActionInput {
  readonly tenantId: string;
  /** Either code (with `trigger`) or the id of an Action whose draft runs. */
  readonly code?: string;
  readonly actionId?: string;
  readonly trigger?: TriggerId;
  readonly event: Record<string, unknown>;
  /** Secrets for event.secrets (an Action's own draft secrets are used when omitted). */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Run onContinuePostLogin instead (post-login). */
  readonly continuing?: boolean;
}

export interface TestActionResult {
  readonly commands: readonly Command[];
  readonly logs: ReadonlyArray<{ level: string; message: string }>;
  readonly durationMs: number;
  readonly error?: string;
  readonly redirect?: { url: string; query: Record<string, unknown> };
}

export async function testAction(deps: ActionsDeps, input: TestActionInput): Promise<TestActionResult> {
  if (!deps.runner) throw new GatehouseError('SERVER_ERROR', 'testing an Action needs a runtime, and none was configured');
  let step: PlannedAction;
  let trigger: TriggerId;
  if (input.actionId !== undefined) {
    const action = await createActionQueries(deps.database, input.tenantId).find(input.actionId);
    if (!action) throw new GatehouseError('MGMT_NOT_FOUND', 'The Action does not exist.');
    trigger = validateTriggers(action.supported_triggers).id;
    const store = createSecretQueries(deps.database, deps.box, input.tenantId);
    const secrets = input.secrets ?? Object.fromEntries((await store.list('action', action.id)).map((s) => [s.name, s.value]));
    const modules: PlannedAction['modules'] = {};
    const dependencies: Record<string, string> = {};
    for (const pin of action.modules) {
      const mv = await createActionModuleVersionQueries(deps.database, input.tenantId).find(pin.module_version_id);
      if (!mv) continue;
      const moduleSecrets = await store.list('action-module-version', mv.secrets_ref);
      (modules as Record<string, unknown>)[pin.module_name] = { id: mv.id, source: mv.code, secrets: Object.fromEntries(moduleSecrets.map((s) => [s.name, s.value])) };
      for (const d of mv.dependencies) dependencies[d.name] = d.version;
    }
    for (const d of action.dependencies) dependencies[d.name] = d.version;
    step = draftStep(action.id, action.name, action.code, dependencies, secrets, modules);
  } else {
    if (input.trigger === undefined) throw new GatehouseError('ACTION_INVALID', 'Testing code needs its trigger.');
    trigger = validateTriggers([{ id: input.trigger }]).id;
    step = draftStep('test', 'test', validateCode(input.code ?? '', 'test'), {}, input.secrets ?? {}, {});
  }
  const limits = limitsOf(deps.limits);
  const event: Record<string, unknown> = { ...input.event, secrets: step.secrets };
  if (trigger === 'post-login') {
    const tx = (input.event.transaction as Record<string, unknown> | undefined) ?? {};
    event.transaction = { ...tx, metadata: { ...((tx.metadata as object | undefined) ?? {}) } };
  }
  const continuing = input.continuing === true && trigger === 'post-login';
  const run = await runOneAction(deps.runner, {
    tenantId: input.tenantId, step, handler: continuing ? 'onContinuePostLogin' : handlers[trigger], timeoutMs: limits.actionTimeoutMs,
    harnessInput: {
      trigger, event, continuing, canRedirect: canRedirect(event, true), now: Date.now(), cache: [],
      limits: { ...limits, ...transactionMetadataLimits }, modules: step.modules,
    },
  });
  const redirect = run.commands.findLast((c) => c.api === 'redirect.sendUserTo');
  return {
    commands: run.commands, logs: run.logs, durationMs: run.durationMs,
    ...(run.error !== undefined ? { error: run.error } : {}),
    ...(redirect ? { redirect: { url: String(redirect.args[0]), query: (redirect.args[1] ?? {}) as Record<string, unknown> } } : {}),
  };
}

function draftStep(
  actionId: string, name: string, code: string, dependencies: Record<string, string>, secrets: Readonly<Record<string, string>>, modules: PlannedAction['modules'],
): PlannedAction {
  // A version id derived from what runs: an edited draft gets a fresh copy in its container.
  const versionId = `draft-${createHash('sha256').update(JSON.stringify([code, dependencies, modules])).digest('hex').slice(0, 16)}`;
  return { actionId: `${actionId}#test`, name, versionId, number: 0, code, dependencies, secrets, modules };
}
