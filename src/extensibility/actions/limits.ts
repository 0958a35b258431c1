import type { ActionLimits } from './types.ts';

// The one list of the Actions engine's limits (actions.md §5–§9); ActionsDeps.limits overrides.

export const actionLimitDefaults: ActionLimits = Object.freeze({
  flowBudgetMs: 20_000,
  actionTimeoutMs: 20_000,
  cacheKeyBytes: 64,
  cacheValueBytes: 4096,
  cacheEntries: 20,
  // Docs say 8 KB; Auth0's reference runtime allows 16 KiB + 256 B (actions.md §8 [conflict]).
  cacheTotalBytes: 8192,
  cacheDefaultTtlMs: 15 * 60_000,
  cacheMaxTtlMs: 24 * 3_600_000,
  bindingsPerTrigger: 50,
  suspendedTtlMs: 15 * 60_000,
});

/** Transaction metadata (actions.md §7): fixed by Auth0, not configurable. */
export const transactionMetadataLimits = Object.freeze({
  keyChars: 64,
  transactionValueBytes: 8192,
  transactionTotalBytes: 16_384,
});

/** Code, secrets and dependencies (actions.md §9). */
export const codeLimits = Object.freeze({
  codeBytes: 102_400,
  secretNameChars: 128,
  secretValueChars: 4096,
  nameChars: 256,
});

export function limitsOf(overrides: Partial<ActionLimits> | undefined): ActionLimits {
  return overrides === undefined ? actionLimitDefaults : { ...actionLimitDefaults, ...overrides };
}
