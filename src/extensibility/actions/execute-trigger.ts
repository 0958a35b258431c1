// The flow executor (actions.md §5): the trigger's bound, deployed Actions in order, each in
// its own container (key = Action id + version), sharing a 20 s budget; after each one its
// commands are folded into the flow's effects, its cache writes persisted, and the flow stops
// (deny, validation error), suspends (redirect) or fails (throw, timeout, bad command).
import { randomBytes } from 'node:crypto';
import type { ActionCacheEntry } from '../../cache/action-cache.ts';
import { prefixedId } from './ids.ts';
import { defaultActionCache } from './cache-store.ts';
import { recordExecutions } from './execution-log.ts';
import { canRedirect, denyError, flowError, redirectRefused } from './flow-errors.ts';
import { planFlow, plannedVersions, type PlannedAction } from './flow-plan.ts';
import { CommandError, foldCommands, type Stop } from './fold-commands.ts';
import { limitsOf, transactionMetadataLimits } from './limits.ts';
import { runOneAction } from './run-one.ts';
import { actionNameOf } from './names.ts';
import type {
  ActionsDeps, Effects, ExecuteTriggerInput, ExecutionOutcome, ExecutionSummary, FlowError, FlowResult, SuspendedFlow, TriggerId,
} from './types.ts';

export function emptyEffects(): Effects {
  return {
    idTokenClaims: {}, accessTokenClaims: {}, addedScopes: [], removedScopes: [],
    userMetadata: null, appMetadata: null, multifactor: null, authenticationMethods: [],
    transactionMetadata: {}, userId: null,
  };
}

export const handlers: Record<TriggerId, string> = {
  'post-login': 'onExecutePostLogin',
  'credentials-exchange': 'onExecuteCredentialsExchange',
  'pre-user-registration': 'onExecutePreUserRegistration',
  'post-user-registration': 'onExecutePostUserRegistration',
  'post-change-password': 'onExecutePostChangePassword',
  'send-phone-message': 'onExecuteSendPhoneMessage',
};

const continueHandler = 'onContinuePostLogin';

function withoutSecrets(event: Record<string, unknown>): Record<string, unknown> {
  const { secrets: _secrets, ...rest } = event;
  return rest;
}

export async function executeTrigger(deps: ActionsDeps, input: ExecuteTriggerInput): Promise<FlowResult> {
  const { tenantId, trigger, resume } = input;
  const limits = limitsOf(deps.limits);
  const clock = deps.now ?? Date.now;
  const deadline = performance.now() + limits.flowBudgetMs;

  let steps: ReadonlyArray<PlannedAction | undefined>;
  let start = 0;
  let effects: Effects;
  let baseEvent: Record<string, unknown>;
  if (resume) {
    const { suspended } = resume;
    // The pipeline refuses these before calling; checked again because a stored flow that
    // resumes in another tenant or after its lifetime must never run.
    if (suspended.tenantId !== tenantId || trigger !== 'post-login' || suspended.expiresAt <= clock()) {
      deps.logger?.warn({ tenantId, trigger }, 'refused to resume a suspended Action flow of another tenant or past its lifetime');
      return { status: 'failed', effects: emptyEffects(), executions: [], error: flowError('ACTION_FAILED') };
    }
    steps = await plannedVersions(deps, tenantId, suspended.bindings, (id) => actionNameOf(deps.database, tenantId, id));
    start = suspended.index;
    effects = structuredClone(suspended.effects);
    baseEvent = { ...withoutSecrets(suspended.event), request: resume.request };
  } else {
    steps = await planFlow(deps, tenantId, trigger);
    effects = emptyEffects();
    baseEvent = withoutSecrets(input.event);
  }
  const executions: ExecutionSummary[] = [];
  if (start >= steps.length) return { status: 'completed', effects, executions };
  const executionId = prefixedId('exec');
  const done = async (result: FlowResult): Promise<FlowResult> => {
    await recordExecutions(deps.database, deps.logger, tenantId, trigger, executionId, executions);
    return result;
  };
  const failed = (detail: string): Promise<FlowResult> => {
    deps.logger?.warn({ tenantId, trigger, executionId, detail }, 'an Action flow failed');
    return done({ status: 'failed', effects, executions, error: flowError('ACTION_FAILED') });
  };
  if (!deps.runner) return failed('no runtime is configured to run Actions');
  const runner = deps.runner;

  const cache = deps.cache ?? defaultActionCache(deps.database);
  let entries: Map<string, ActionCacheEntry>;
  try {
    entries = new Map((await cache.snapshot(tenantId, trigger, clock())).map((e) => [e.key, e]));
  } catch (err) {
    // Best-effort (actions.md §8): a cache that cannot be read reads as empty.
    deps.logger?.warn({ err, tenantId, trigger }, 'api.cache could not be read');
    entries = new Map();
  }
  const transactionMetadata: Record<string, string | number | boolean> = trigger === 'post-login'
    ? { ...(((baseEvent.transaction as { metadata?: Record<string, string | number | boolean> } | undefined)?.metadata) ?? {}) }
    : {};

  for (let i = start; i < steps.length; i++) {
    const step = steps[i];
    const continuing = resume !== undefined && i === start;
    const handler = continuing ? continueHandler : handlers[trigger];
    if (!step) return failed(`the Action version the suspended flow pinned at position ${i} no longer exists`);
    const summary = (outcome: ExecutionOutcome, run: { durationMs: number; logs: ReadonlyArray<{ level: string; message: string }>; error?: string }): void => {
      executions.push({
        actionId: step.actionId, name: step.name, versionId: step.versionId, version: step.number, handler, outcome,
        durationMs: run.durationMs, logs: run.logs, ...(run.error !== undefined ? { error: run.error } : {}),
      });
    };
    const left = deadline - performance.now();
    if (left <= 0) {
      summary('timeout', { durationMs: 0, logs: [], error: `The flow's ${limits.flowBudgetMs} ms budget was spent before this Action` });
      return failed('flow budget exceeded');
    }
    const now = clock();
    const event: Record<string, unknown> = { ...baseEvent, secrets: step.secrets };
    if (trigger === 'post-login') event.transaction = { ...((baseEvent.transaction as object | undefined) ?? {}), metadata: { ...transactionMetadata } };
    const run = await runOneAction(runner, {
      tenantId, step, handler, timeoutMs: Math.min(limits.actionTimeoutMs, left),
      harnessInput: {
        trigger, event, continuing, ...(resume ? { state: resume.suspended.state } : {}),
        canRedirect: canRedirect(baseEvent, input.canRedirect !== false),
        now, cache: [...entries.values()].filter((e) => e.expires_at > now),
        limits: { ...limits, ...transactionMetadataLimits }, modules: step.modules,
      },
    });
    if (run.kind !== 'ok') {
      summary(run.kind === 'timeout' ? 'timeout' : 'failed', run);
      return failed(run.error ?? run.kind);
    }
    let folded: ReturnType<typeof foldCommands>;
    try {
      folded = foldCommands(trigger, run.commands, effects, transactionMetadata, limits, now);
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      summary('failed', { ...run, error: `Bad command: ${err.message}` });
      return failed(err.message);
    }
    if (folded.cacheOps.length > 0) {
      for (const op of folded.cacheOps) {
        if (op.op === 'set') entries.set(op.key, { key: op.key, value: op.value, expires_at: op.expires_at });
        else entries.delete(op.key);
      }
      try {
        await cache.apply(tenantId, trigger, folded.cacheOps);
      } catch (err) {
        deps.logger?.warn({ err, tenantId, trigger }, 'api.cache could not be written');
      }
    }
    const { stop } = folded;
    summary(run.skipped ? 'skipped' : outcomeOf(stop), run);
    if (stop === null) continue;
    if (stop.kind === 'deny') {
      return done({ status: 'denied', effects, executions, error: denyError(trigger, stop), deny: { code: stop.code, reason: stop.reason, ...(stop.userMessage !== undefined ? { userMessage: stop.userMessage } : {}) } });
    }
    if (stop.kind === 'validation') {
      return done({
        status: 'validation-error', effects, executions,
        error: flowError('ACTION_VALIDATION_ERROR', stop.errorMessage, stop.errorCode),
        validation: { errorCode: stop.errorCode, errorMessage: stop.errorMessage },
      });
    }
    const redirect = suspend(tenantId, trigger, stop, steps, i, effects, baseEvent, transactionMetadata, clock(), limits.suspendedTtlMs, input.canRedirect !== false);
    if ('error' in redirect) return done({ status: 'failed', effects, executions, error: redirect.error });
    return done({ status: 'redirect', effects, executions, redirect });
  }
  return done({ status: 'completed', effects, executions });
}

function outcomeOf(stop: Stop | null): ExecutionOutcome {
  if (stop === null) return 'ok';
  return stop.kind === 'deny' ? 'denied' : stop.kind === 'validation' ? 'validation-error' : 'redirect';
}

function suspend(
  tenantId: string, trigger: TriggerId, stop: Extract<Stop, { kind: 'redirect' }>, steps: ReadonlyArray<PlannedAction | undefined>, index: number,
  effects: Effects, baseEvent: Record<string, unknown>, transactionMetadata: Record<string, string | number | boolean>, now: number, ttlMs: number, allowed: boolean,
): { url: string; suspended: SuspendedFlow } | { error: FlowError } {
  if (trigger !== 'post-login' || !canRedirect(baseEvent, allowed)) return { error: redirectRefused(baseEvent) };
  let url: URL;
  try {
    url = new URL(stop.url);
  } catch {
    return { error: flowError('ACTION_FAILED') };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: flowError('ACTION_FAILED') };
  const state = randomBytes(32).toString('base64url');
  for (const [key, value] of Object.entries(stop.query)) url.searchParams.set(key, value);
  url.searchParams.set('state', state);
  const event = { ...baseEvent, transaction: { ...((baseEvent.transaction as object | undefined) ?? {}), metadata: { ...transactionMetadata } } };
  const suspended: SuspendedFlow = {
    v: 1, tenantId, trigger: 'post-login', event,
    bindings: steps.map((s) => ({ actionId: s?.actionId ?? '', versionId: s?.versionId ?? '' })),
    index, effects: { ...structuredClone(effects), userMetadata: null, appMetadata: null },
    suspendedAt: now, expiresAt: now + ttlMs, state,
  };
  return { url: url.toString(), suspended };
}
