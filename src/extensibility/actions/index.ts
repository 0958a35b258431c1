// The Actions engine (actions.md; docs/actions.md "Actions engine"): Actions with drafts and
// immutable numbered versions, deploy/rollback, trigger bindings, secrets, Action Modules,
// api.cache, the in-container `event`/`api`, and the flow executor.
//
// ── How the login pipeline uses it ───────────────────────────────────────────────────────────
//
//   const result = await executeTrigger(deps, {
//     tenantId, trigger: 'post-login',
//     event,                 // built by the pipeline, WITHOUT event.secrets (added per Action here)
//     canRedirect,           // false for refresh/password grants and prompt=none (default true)
//   });
//
// `deps: ActionsDeps` = { database, box, runner (ServerContext.runner), cache?, logger?, limits? }.
// Without `cache`, api.cache uses the storage table behind a 1 s in-process snapshot (defaultActionCache).
// A trigger with no bound Action costs one cached lookup and returns `completed` with empty
// effects; without a runner, a trigger WITH bound Actions returns `failed`.
//
// `result.status` (FlowResult, types.ts):
//   completed         → apply `effects`: idTokenClaims / accessTokenClaims into the tokens,
//                       addedScopes / removedScopes on the access token's scope,
//                       multifactor (recorded only), authenticationMethods, userId
//                       (pre-user-registration: the new user's id when set).
//   denied            → `error` (FlowError: code/status/wire/description) is what the app gets:
//                       browser → redirect with error=<wire>&error_description=<description>;
//                       token endpoint → status + {"error": wire, "error_description": description}.
//                       `deny` keeps the raw reason (and pre-user-registration's userMessage, which
//                       is `error.description` there).
//   validation-error  → same, `error.wire` is the Action's own code (`validation`).
//   failed            → same, with a generic description (a throw or a timeout: the detail is only
//                       in the tenant's execution log); also a redirect where none is possible:
//                       prompt=none → interaction_required, token grants → 403 access_denied
//                       "Redirect actions are not supported for this grant type".
//   redirect          → store `redirect.suspended` (JSON) keyed by `redirect.suspended.state`, bind it
//                       to the session, send the browser to `redirect.url` (state already appended).
//                       On /continue?state=…: executeTrigger(deps, { tenantId, trigger: 'post-login',
//                       event: {}, resume: { suspended, request: <new event.request> } }) — runs
//                       onContinuePostLogin of the redirecting Action, then the rest. Refuse expired
//                       (`suspended.expiresAt`), replayed and foreign states before calling.
//
// METADATA: the engine does not write users. For every status (completed, denied, validation-error,
// failed, redirect — before redirecting) call `applyMetadata(deps, { tenantId, userId, effects })`
// once: it merges effects.userMetadata / appMetadata (top-level keys, null deletes) in one update and
// is a no-op when there is nothing. Effects never include commands of an Action that threw.
// On pre-user-registration merge effects.userMetadata / appMetadata into the user being created
// instead (mergeMetadata).
//
// `result.executions` are per-Action summaries (name, version, outcome, durationMs, logs); each is
// also written to `execution_logs` (type `action:<trigger>`).
//
// ── Management (used by the CLI and the Management API) ───────────────────────────────────────
// createAction / updateAction (drafts), deployAction, rollbackAction, listVersions, setBindings /
// getBindings, setActionSecrets, publishModule / listModules, testAction.
export {
  TRIGGERS, isTriggerId,
  type TriggerId, type ActionsDeps, type ActionLimits, type Command, type Effects, type MetadataPatch, type TransactionMetadata,
  type ExecutionOutcome, type ExecutionSummary, type FlowError, type SuspendedFlow, type FlowResult, type FlowStatus, type ExecuteTriggerInput,
} from './types.ts';
export { executeTrigger, emptyEffects, handlers } from './execute-trigger.ts';
export { applyMetadata, mergeMetadata } from './apply-metadata.ts';
export { createAction, updateAction, type ActionInput } from './drafts.ts';
export { deployAction, rollbackAction, listVersions, allChangesDeployed } from './deploy.ts';
export { setBindings, getBindings, type BindingRef } from './bindings.ts';
export { setActionSecrets, removeActionSecret, listActionSecrets } from './secrets.ts';
export { createModule, updateModule, publishModule, listModules, listModuleVersions, type ModuleInput } from './modules.ts';
export { testAction, type TestActionInput, type TestActionResult } from './test-action.ts';
export { createStorageActionCache, createMemoryActionCache, memoizeActionCache, defaultActionCache } from './cache-store.ts';
export { actionExecutionType } from './execution-log.ts';
export { actionLimitDefaults } from './limits.ts';
export { triggerVersions } from './validate.ts';
