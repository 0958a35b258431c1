import { sql } from 'kysely';
import type { Cache } from '../../cache/index.ts';
import type { Database } from '../../storage/index.ts';

export type CheckResult = 'ok' | 'unavailable';

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Record<string, CheckResult>;
}

/** A check that does not answer in time counts as unavailable: a load balancer must not wait. */
async function probe(call: () => Promise<unknown>, limitMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckResult>((resolve) => { timer = setTimeout(() => resolve('unavailable'), limitMs); });
  try {
    return await Promise.race([call().then(() => 'ok' as const, () => 'unavailable' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Storage always; Redis when the node is configured with it (a memory cache is always there). */
export async function checkReadiness(deps: { database: Database; cache?: Cache }, limitMs = 2000): Promise<Readiness> {
  const checks: Record<string, CheckResult> = {};
  const [storage, redis] = await Promise.all([
    probe(() => sql`select 1`.execute(deps.database.db), limitMs),
    deps.cache && deps.cache.kind === 'redis' ? probe(() => deps.cache!.ping(), limitMs) : Promise.resolve(undefined),
  ]);
  checks.storage = storage;
  if (redis) checks.redis = redis;
  return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
}
