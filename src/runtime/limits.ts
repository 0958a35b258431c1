// The one list of runtime defaults (SPEC.md §2). Config and the CLI override them; nothing else
// hard-codes a limit.

export const runtimeDefaults = Object.freeze({
  /** Per-call time limit (Auth0: ~20 s for custom-DB scripts and Actions). */
  timeoutMs: 20_000,
  /** Old-generation heap per container, MiB. */
  heapMb: 128,
  /** Live containers per node, spares included. */
  maxContainers: 100,
  /** An idle container is recycled after this long. */
  idleMs: 5 * 60_000,
  /** Blank containers kept started so that a new tenant's first call pays no worker/process start. */
  spares: 2,
  /** How long a call may wait for a container slot before it ends as `overloaded`. */
  queueTimeoutMs: 10_000,
  /** Captured console output per execution (Auth0 persists 256 characters per Action). */
  logLimitChars: 256,
});

/** Source size limit of one script or Action version, in UTF-8 bytes (npm modules excluded). */
export const maxSourceBytes = 102_400;

/** Appended to the captured logs of an execution when they were cut. */
export const truncationMarker = '…[truncated]';

/** Replaces every secret value in captured logs and error messages. */
export const secretMask = '****';
