import type { Logger } from '../config/index.ts';
import {
  createCacheAttemptCounter, createCacheBucketStore, createCacheFlowStateQueries, createCacheSessionQueries,
  createRecycleSignal, createSharedActionCache, type RecycleSignal, type SharedState,
} from '../cache/index.ts';
import type { ScriptRunner } from '../extensibility/custom-db/index.ts';
import type { Metrics } from '../http/operations/metrics.ts';
import type { ServerContext } from '../http/index.ts';
import type { SecretBox } from '../storage/index.ts';

export type ScaledContext = Pick<ServerContext, 'attempts' | 'sessionStore' | 'actionCache' | 'flowStateStore' | 'bucketStore'>;

/**
 * What moves to Redis when the node has it (docs/deploy.md "What lives where"): brute-force
 * counters, SSO sessions, api.cache, redirect-Action flow state and rate-limit buckets. Without
 * Redis nothing is returned and every store stays where it was (the database, or per-node memory
 * for the rate limit), so one node behaves exactly as before.
 */
export function scaledStores(shared: SharedState, box: SecretBox): ScaledContext {
  if (shared.kind !== 'redis') return {};
  const { cache } = shared;
  return {
    attempts: createCacheAttemptCounter(cache),
    sessionStore: (tenantId) => createCacheSessionQueries(cache, tenantId),
    actionCache: createSharedActionCache(cache),
    flowStateStore: (tenantId) => createCacheFlowStateQueries(cache, box, tenantId),
    bucketStore: createCacheBucketStore(cache),
  };
}

/** The channel every node of one deployment (one Redis database) listens on. */
export function recycleSignalOf(shared: SharedState): RecycleSignal {
  return createRecycleSignal(shared.bus, `${shared.channelPrefix}recycle`);
}

/** Every node recycles the named containers when any node announces a deploy. */
export async function listenForRecycles(signal: RecycleSignal, runner: ScriptRunner, metrics: Metrics, logger: Logger): Promise<() => Promise<void>> {
  return signal.listen(
    (message) => {
      metrics.recycleSignals.inc({ reason: message.reason ?? 'unspecified' });
      runner.recycle(message.tenant, message.key).then(
        () => logger.info({ tenant: message.tenant, key: message.key, reason: message.reason }, 'containers recycled on signal'),
        (err: unknown) => logger.warn({ err, tenant: message.tenant }, 'recycle on signal failed'),
      );
    },
    () => logger.warn('ignored a malformed recycle signal'),
  );
}
