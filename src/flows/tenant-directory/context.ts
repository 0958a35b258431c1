import type { ScriptRunner } from '../../extensibility/custom-db/index.ts';
import type { Database, SecretBox } from '../../storage/index.ts';
import type { Problem } from './types.ts';

/** What applying a directory to a tenant is handed. */
export interface ApplyDeps {
  readonly database: Database;
  readonly box: SecretBox;
  /** Where npm dependency sets of scripts and Actions are installed (config.runtime.moduleCacheDir). */
  readonly moduleCacheDir: string;
  /** The server's runtime, when there is one: a deploy then recycles the previous version's container. */
  readonly runner?: ScriptRunner;
}

/** One object created, updated or left as it was. */
export interface Change {
  readonly kind: 'tenant' | 'client' | 'resource-server' | 'connection' | 'action' | 'trigger';
  readonly name: string;
  readonly result: 'created' | 'updated' | 'unchanged';
  /** e.g. "scripts version 3", "version 2 deployed". */
  readonly detail?: string;
}

/** What one step reports. */
export interface StepResult {
  readonly changes: Change[];
  readonly problems: Problem[];
}

export function emptyStep(): StepResult {
  return { changes: [], problems: [] };
}

/** A failure message safe to print: first line only (secrets never reach these messages). */
export function reason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** Stable JSON for "did anything change" comparisons (key order ignored). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
    : v));
}

/** Splits an object into the fields listed and the rest. */
export function split(data: Record<string, unknown>, known: readonly string[]): { known: Record<string, unknown>; extras: Record<string, unknown> } {
  const out = { known: {} as Record<string, unknown>, extras: {} as Record<string, unknown> };
  for (const [key, value] of Object.entries(data)) {
    if (known.includes(key)) out.known[key] = value;
    else out.extras[key] = value;
  }
  return out;
}
