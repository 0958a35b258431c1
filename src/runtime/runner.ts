// The one interface every isolation backend implements. Failures are values: `run` never throws
// for anything user code does; it resolves to an Outcome.

export type Backend = 'worker' | 'process';

/** What kind of code is being called: custom-DB scripts get a callback appended; Actions are awaited. */
export type EntryKind = 'script' | 'action';

export interface RunRequest {
  /** Tenant that owns the code. Containers are never shared between tenants. */
  readonly tenant: string;
  /**
   * Container key within the tenant: a custom-DB connection id (its scripts share `global`)
   * or an Action id + version. Same tenant + same key → same container while it lives.
   */
  readonly containerKey: string;
  /** Identifies this exact source (code id + version); a new version recycles the container's copy. */
  readonly codeId: string;
  readonly codeVersion: string;
  readonly source: string;
  readonly kind: EntryKind;
  /**
   * For scripts: ignored (the source is one function). For Actions: the export to call,
   * e.g. 'onExecutePostLogin'.
   */
  readonly entryPoint?: string;
  /**
   * Actions only, optional: trusted host JavaScript that wraps the call (container/harness.ts).
   * An expression evaluating to `factory(tools) → run(call)`, evaluated once per container and
   * `id` (make `id` a hash of `source`); not size-limited nor syntax-checked like user code.
   * `run` loads the user's module, calls `entryPoint` as it likes and returns plain data.
   */
  readonly harness?: { readonly id: string; readonly source: string };
  /** Positional arguments; must be structured-cloneable (JSON-like). */
  readonly args: readonly unknown[];
  /** Custom-DB `configuration` global (strings). */
  readonly configuration?: Readonly<Record<string, string>>;
  /** Values masked in captured logs (tenant secrets, secret configuration values). */
  readonly secrets?: readonly string[];
  /** npm dependencies the code may require (name → exact version), already installed. */
  readonly dependencies?: Readonly<Record<string, string>>;
  /** Per-call time limit; defaults to the runner's configured limit. */
  readonly timeoutMs?: number;
  /** Host capabilities callable from user code (e.g. api.cache), by name. */
  readonly capabilities?: Readonly<Record<string, HostCapability>>;
}

/** A host function user code may call through `__host.call(name, ...args)`; args/results JSON-like. */
export type HostCapability = (...args: unknown[]) => Promise<unknown> | unknown;

export interface LogLine {
  readonly level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  readonly message: string;
}

export interface UserError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly description?: string;
  readonly user_id?: string;
  readonly status_code?: number;
}

export type OutcomeKind =
  | 'result'
  | 'user-error'
  | 'timeout'
  | 'callback-missing'
  | 'crash'
  | 'out-of-memory'
  | 'rejected'
  | 'overloaded';

interface OutcomeBase {
  readonly logs: readonly LogLine[];
  /** True when the captured logs were cut at the per-execution limit. */
  readonly logsTruncated: boolean;
  readonly durationMs: number;
  readonly container: {
    readonly id: string;
    readonly cold: boolean;
    readonly recycled: boolean;
    /** True when this call was the first on a pre-started spare (no worker/process start paid). */
    readonly fromSpare?: boolean;
  };
}

export type Outcome =
  | (OutcomeBase & { readonly kind: 'result'; readonly value: unknown })
  | (OutcomeBase & { readonly kind: 'user-error'; readonly error: UserError })
  | (OutcomeBase & { readonly kind: 'timeout' | 'callback-missing' | 'crash' | 'out-of-memory' | 'rejected' | 'overloaded'; readonly message: string });

export interface Runner {
  readonly backend: Backend;
  run(request: RunRequest): Promise<Outcome>;
  /** Recycles every container of a tenant (or one key of it): after a deploy or an admin request. */
  recycle(tenant: string, containerKey?: string): Promise<void>;
  /** Containers by state, for metrics and tests. */
  stats(): PoolStats;
  close(): Promise<void>;
}

/**
 * Containers of a node by state: live = idle (keyed, no call) + busy + spares (ready) + starting
 * (spares still starting); ending ones were told to end and have not exited yet. The bound
 * (`maxContainers`) covers live + ending. `queued`: calls waiting for a container.
 */
export interface PoolStats {
  readonly live: number;
  readonly idle: number;
  readonly busy: number;
  readonly spares: number;
  readonly starting: number;
  readonly ending: number;
  readonly queued: number;
}

/** The stats of a node that has no runtime (yet). */
export const noContainers: PoolStats = Object.freeze({ live: 0, idle: 0, busy: 0, spares: 0, starting: 0, ending: 0, queued: 0 });
