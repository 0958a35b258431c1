// The store behind Actions' `api.cache` (actions.md §8): per tenant and per trigger, shared by
// all Actions of that trigger, best-effort. The engine reads a trigger's live entries once per
// execution (a snapshot the Action reads synchronously, as Auth0's api.cache.get is) and writes
// the Actions' changes back after each Action. Backends: memory (one process), a storage table
// (several processes, no Redis), Redis later. Limits are enforced by the caller; a backend only
// stores what it is given and forgets expired entries.

export interface ActionCacheEntry {
  readonly key: string;
  readonly value: string;
  /** Epoch milliseconds. */
  readonly expires_at: number;
}

export type ActionCacheOp =
  | { readonly op: 'set'; readonly key: string; readonly value: string; readonly expires_at: number }
  | { readonly op: 'delete'; readonly key: string };

export interface ActionCache {
  /** Live (unexpired at `now`) entries of one tenant's trigger, any order. */
  snapshot(tenantId: string, trigger: string, now: number): Promise<ActionCacheEntry[]>;
  /** Applies sets and deletes in order. */
  apply(tenantId: string, trigger: string, ops: readonly ActionCacheOp[]): Promise<void>;
}
