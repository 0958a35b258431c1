// The types of the Actions engine's seam with the login pipeline (see index.ts for how the
// pipeline uses them). Everything here is plain, JSON-serializable data except ActionsDeps.
import type { Logger } from '../../config/index.ts';
import type { ErrorCode } from '../../errors/index.ts';
import type { ActionCache } from '../../cache/action-cache.ts';
import type { Database, SecretBox } from '../../storage/index.ts';
import type { ScriptRunner } from '../custom-db/script-runner.ts';

/** The triggers Gatehouse runs (actions.md §2, MVP list). */
export const TRIGGERS = [
  'post-login',
  'credentials-exchange',
  'pre-user-registration',
  'post-user-registration',
  'post-change-password',
  'send-phone-message',
] as const;

export type TriggerId = (typeof TRIGGERS)[number];

export function isTriggerId(value: unknown): value is TriggerId {
  return typeof value === 'string' && (TRIGGERS as readonly string[]).includes(value);
}

/** Limits of actions.md §7–§9; every one configurable through ActionsDeps.limits. */
export interface ActionLimits {
  /** Whole trigger execution (actions.md §5.6): the remaining budget is the next Action's timeout. */
  readonly flowBudgetMs: number;
  /** One Action's limit (never more than what is left of the flow budget). */
  readonly actionTimeoutMs: number;
  readonly cacheKeyBytes: number;
  readonly cacheValueBytes: number;
  readonly cacheEntries: number;
  /** Keys + values of one trigger's cache, UTF-8 bytes. */
  readonly cacheTotalBytes: number;
  readonly cacheDefaultTtlMs: number;
  readonly cacheMaxTtlMs: number;
  readonly bindingsPerTrigger: number;
  /** Lifetime of a suspended (redirected) flow. */
  readonly suspendedTtlMs: number;
}

/** What the engine is handed (the same handles the HTTP surfaces get). */
export interface ActionsDeps {
  readonly database: Database;
  readonly box: SecretBox;
  /** The runtime (ServerContext.runner). Without it, a trigger with bound Actions fails. */
  readonly runner?: ScriptRunner;
  /** api.cache backend; default: the storage table (`createStorageActionCache`). */
  readonly cache?: ActionCache;
  readonly logger?: Logger;
  readonly limits?: Partial<ActionLimits>;
  /** Clock (epoch ms), for tests. */
  readonly now?: () => number;
}

/** One `api` call an Action made, in order: `{ api: 'idToken.setCustomClaim', args: ['k', 'v'] }`. */
export interface Command {
  readonly api: string;
  readonly args: readonly unknown[];
}

/** Metadata patch: top-level keys to set; a `null` value deletes the key (Auth0's semantics). */
export type MetadataPatch = Record<string, unknown>;

export type TransactionMetadata = Record<string, string | number | boolean>;

/**
 * Everything the flow asked for, accumulated over its Actions in order (later wins). Claims
 * whose value was set to null/undefined are absent; reserved claim names are dropped.
 */
export interface Effects {
  idTokenClaims: Record<string, unknown>;
  accessTokenClaims: Record<string, unknown>;
  /** Scopes to add to / remove from the issued access token (last operation per scope wins). */
  addedScopes: string[];
  removedScopes: string[];
  /** Merged patches, written once by `applyMetadata` (null: nothing to write). */
  userMetadata: MetadataPatch | null;
  appMetadata: MetadataPatch | null;
  /** api.multifactor.enable: recorded only; no second factor is challenged yet. */
  multifactor: { provider: string; allowRememberBrowser?: boolean; providerOptions?: Record<string, unknown> } | null;
  /** api.authentication.recordMethod (onContinuePostLogin only). */
  authenticationMethods: Array<{ name: string; timestamp: number }>;
  /** Final transaction metadata (post-login). */
  transactionMetadata: TransactionMetadata;
  /** pre-user-registration api.user.setUserId (undocumented in Auth0's docs, present in its runtime). */
  userId: string | null;
}

export type ExecutionOutcome = 'ok' | 'denied' | 'validation-error' | 'redirect' | 'failed' | 'timeout' | 'skipped';

/** One Action's execution, as recorded in `execution_logs` (type `action`). */
export interface ExecutionSummary {
  readonly actionId: string;
  readonly name: string;
  readonly versionId: string;
  readonly version: number;
  readonly handler: string;
  readonly outcome: ExecutionOutcome;
  readonly durationMs: number;
  /** Console output, masked, cut at 256 characters with `…[truncated]`. */
  readonly logs: ReadonlyArray<{ level: string; message: string }>;
  /** Detail of a failure: tenant log only, never sent to the application. */
  readonly error?: string;
  /** The execution_logs row id. */
  readonly logId?: string;
}

/**
 * How the pipeline answers the application. `wire` is the OAuth `error` value (or the
 * Action's own validation code), `status` the HTTP status for token-endpoint style answers.
 */
export interface FlowError {
  readonly code: ErrorCode;
  readonly status: number;
  readonly wire: string;
  readonly description: string;
}

/**
 * A post-login flow stopped at `api.redirect.sendUserTo`: the pipeline stores this (it is
 * JSON) keyed by the `state` it put in the redirect URL, and passes it back on /continue.
 */
export interface SuspendedFlow {
  readonly v: 1;
  readonly tenantId: string;
  readonly trigger: 'post-login';
  /** The event as the redirecting Action saw it at the end (transaction metadata included), secrets removed. */
  readonly event: Record<string, unknown>;
  /** The Actions of the flow, pinned at its start: a deploy meanwhile does not change them. */
  readonly bindings: ReadonlyArray<{ actionId: string; versionId: string }>;
  /** Index in `bindings` of the Action that redirected (its onContinuePostLogin runs first). */
  readonly index: number;
  /** Effects so far, without the metadata patches (applied before the redirect). */
  readonly effects: Effects;
  /** Epoch ms. The part after the redirect gets a fresh flow budget (actions.md §5.6). */
  readonly suspendedAt: number;
  /** Epoch ms (15 minutes later by default): the pipeline refuses a /continue after it. */
  readonly expiresAt: number;
  /**
   * The opaque, random `state` already appended to `redirect.url`: the pipeline keys its stored
   * copy on it and binds it to the session; validateToken checks the token's `state` claim against it.
   */
  readonly state: string;
}

interface FlowBase {
  readonly effects: Effects;
  readonly executions: readonly ExecutionSummary[];
}

export type FlowResult =
  | (FlowBase & { readonly status: 'completed' })
  /** api.access.deny: `deny.code` is `access_denied` (post-login, pre-user-registration) or the credentials-exchange code. */
  | (FlowBase & { readonly status: 'denied'; readonly error: FlowError; readonly deny: { code: string; reason: string; userMessage?: string } })
  | (FlowBase & { readonly status: 'validation-error'; readonly error: FlowError; readonly validation: { errorCode: string; errorMessage: string } })
  /** A throw, a timeout, a bad command, no runtime, or a redirect where none is possible: generic description. */
  | (FlowBase & { readonly status: 'failed'; readonly error: FlowError })
  | (FlowBase & { readonly status: 'redirect'; readonly redirect: { url: string; suspended: SuspendedFlow } });

export type FlowStatus = FlowResult['status'];

export interface ExecuteTriggerInput {
  readonly tenantId: string;
  readonly trigger: TriggerId;
  /** Built by the pipeline WITHOUT secrets; the engine adds `event.secrets` per Action. */
  readonly event: Record<string, unknown>;
  /** False for refresh/password grants and prompt=none: a redirect then fails the flow. Default true. */
  readonly canRedirect?: boolean;
  /** /continue: runs onContinuePostLogin of the redirecting Action, then the rest. */
  readonly resume?: { readonly suspended: SuspendedFlow; readonly request: Record<string, unknown> };
}
