// One key-value interface for the state nodes share: a Redis backend for many nodes and a memory
// backend for one process (and tests). Both give the same semantics: values are strings, TTLs are
// milliseconds, each call is atomic on its own. A call the backend cannot serve (Redis down)
// rejects with GatehouseError('CACHE_UNAVAILABLE'), which answers 503 temporarily_unavailable.

export type HashOp =
  | { readonly op: 'set'; readonly field: string; readonly value: string }
  | { readonly op: 'delete'; readonly field: string };

export interface SetOptions {
  /** Time to live; omitted → the key does not expire (or keeps its TTL with `keepTtl`). */
  readonly ttlMs?: number;
  /** Keep the key's current TTL (ignored when ttlMs is given). */
  readonly keepTtl?: boolean;
  /** Only when the key does not exist (NX) / already exists (XX). */
  readonly onlyIf?: 'absent' | 'present';
}

export interface Cache {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | undefined>;
  /** False when `onlyIf` was not met (nothing written). */
  set(key: string, value: string, options?: SetOptions): Promise<boolean>;
  /** Reads and deletes in one step: of two concurrent takers exactly one gets the value. */
  take(key: string): Promise<string | undefined>;
  /** Deletes keys; returns how many existed. */
  delete(...keys: string[]): Promise<number>;
  /** Adds one and returns the new value; `ttlMs` is set when the key is created (or refreshed with `refreshTtl`). */
  increment(key: string, ttlMs?: number, refreshTtl?: boolean): Promise<number>;
  /** Milliseconds the key has left: -1 no expiry, -2 no key. */
  ttl(key: string): Promise<number>;
  hashGetAll(key: string): Promise<Record<string, string>>;
  /**
   * Applies field sets and deletes in order, in one step; then, when `expireAtLeast` (epoch ms) is
   * given, makes sure the key lives at least until then (its TTL only ever grows).
   */
  hashApply(key: string, ops: readonly HashOp[], expireAtLeast?: number): Promise<void>;
  setAdd(key: string, member: string, ttlMs?: number): Promise<void>;
  setRemove(key: string, ...members: string[]): Promise<void>;
  setMembers(key: string): Promise<string[]>;
  /**
   * Token bucket in one atomic step: refill `key`'s bucket (size `limit`, `limit` tokens per
   * `windowMs`) for the time since its last use, take one token if there is one, return what is
   * left. `nowMs` comes from the caller so every backend does the same arithmetic.
   */
  takeToken(key: string, limit: number, windowMs: number, nowMs: number): Promise<{ tokens: number; allowed: boolean }>;
  /** Resolves when the backend answers; rejects with CACHE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
