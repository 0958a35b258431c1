import {
  applyMetadata, executeTrigger, type ActionsDeps, type FlowError, type SuspendedFlow,
} from '../../extensibility/actions/index.ts';
import { actionsDepsOf, type PipelineDeps } from './deps.ts';
import type { EventRequest } from './event-request.ts';
import { postLoginEvent, type PostLoginEventInput } from './post-login-event.ts';
import { tokenEffectsOf, type TokenEffects } from './token-effects.ts';

/** What the pipeline does after post-login: finish the login, answer the app with an error, or send the browser away. */
export type PostLoginOutcome =
  | { readonly kind: 'completed'; readonly tokens: TokenEffects }
  | { readonly kind: 'error'; readonly error: FlowError }
  | { readonly kind: 'redirect'; readonly url: string; readonly suspended: SuspendedFlow };

export interface RunPostLoginInput extends PostLoginEventInput {
  readonly tenantId: string;
  /** False for the token grants and prompt=none: a redirect then fails the login. */
  readonly canRedirect: boolean;
}

async function settle(deps: ActionsDeps, tenantId: string, userId: string, result: Awaited<ReturnType<typeof executeTrigger>>): Promise<PostLoginOutcome> {
  // Written once, whatever the outcome: a deny does not cancel metadata (actions.md §5.3), and a
  // redirect writes them before the browser leaves.
  await applyMetadata(deps, { tenantId, userId, effects: result.effects });
  if (result.effects.multifactor) {
    deps.logger?.warn({ tenant: tenantId, provider: result.effects.multifactor.provider },
      'an Action asked for multifactor authentication; Gatehouse has no second factor yet, the login continues without one');
  }
  switch (result.status) {
    case 'completed': return { kind: 'completed', tokens: tokenEffectsOf(result.effects) };
    case 'redirect': return { kind: 'redirect', url: result.redirect.url, suspended: result.redirect.suspended };
    default: return { kind: 'error', error: result.error };
  }
}

/**
 * Runs the post-login flow of a login that has authenticated `user`: builds the event, runs
 * the bound Actions and writes their metadata changes. The caller applies the outcome.
 */
export async function runPostLogin(pipeline: PipelineDeps, input: RunPostLoginInput): Promise<PostLoginOutcome> {
  const deps = actionsDepsOf(pipeline);
  const event = await postLoginEvent(deps, input);
  const result = await executeTrigger(deps, { tenantId: input.tenantId, trigger: 'post-login', event, canRedirect: input.canRedirect });
  return settle(deps, input.tenantId, input.user.user_id, result);
}

/** /continue: resumes a suspended flow with the new request (onContinuePostLogin, then the rest). */
export async function resumePostLogin(pipeline: PipelineDeps, input: { readonly tenantId: string; readonly userId: string; readonly suspended: SuspendedFlow; readonly request: EventRequest }): Promise<PostLoginOutcome> {
  const deps = actionsDepsOf(pipeline);
  const result = await executeTrigger(deps, {
    tenantId: input.tenantId, trigger: 'post-login', event: {}, resume: { suspended: input.suspended, request: { ...input.request } },
  });
  return settle(deps, input.tenantId, input.userId, result);
}
