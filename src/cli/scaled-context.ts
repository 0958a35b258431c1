import type { Logger } from '../config/index.ts';
import {
  openSharedState, createCacheAttemptCounter, createCacheBucketStore, createCacheFlowStateQueries, createCacheSessionQueries,
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

/**
 * The runner the server hands out: a recycle (after an Action deploy, a script save, an admin
 * request) happens here at once and is announced to every other node, so every call site of
 * `runner.recycle` is cluster-wide without knowing about Redis. The deploy stands if the
 * announcement cannot be sent; the others then retire the old code on its next call.
 */
export function clusterRunner(local: ScriptRunner, signal: RecycleSignal, nodeId: string, logger: Logger): ScriptRunner {
  return {
    backend: local.backend,
    moduleCacheDir: local.moduleCacheDir,
    run: (request) => local.run(request),
    async recycle(tenant, containerKey) {
      await local.recycle(tenant, containerKey);
      const sent = await signal.announce({ tenant, key: containerKey, reason: 'requested', origin: nodeId });
      if (!sent) logger.warn({ tenant, key: containerKey }, 'recycle signal not sent (Redis unavailable); other nodes retire the old code on its next call');
    },
    stats: () => local.stats(),
    close: () => local.close(),
  };
}

/** Every node recycles the named containers when another node announces a deploy. */
export async function listenForRecycles(signal: RecycleSignal, runner: ScriptRunner, metrics: Metrics, logger: Logger, nodeId?: string): Promise<() => Promise<void>> {
  return signal.listen(
    (message) => {
      if (nodeId !== undefined && message.origin === nodeId) return;
      metrics.recycleSignals.inc({ reason: message.reason ?? 'unspecified' });
      runner.recycle(message.tenant, message.key).then(
        () => logger.info({ tenant: message.tenant, key: message.key, reason: message.reason }, 'containers recycled on signal'),
        (err: unknown) => logger.warn({ err, tenant: message.tenant }, 'recycle on signal failed'),
      );
    },
    () => logger.warn('ignored a malformed recycle signal'),
  );
}

/**
 * From a CLI command (not a node): tells every node to recycle, through the Redis the nodes use.
 * False when Redis cannot be reached; the change stands, and the nodes retire the old code on
 * its next call anyway.
 */
export async function announceToNodes(redisUrl: string, message: { tenant: string; key?: string; reason: string }): Promise<boolean> {
  let shared: SharedState | undefined;
  try {
    shared = await openSharedState(redisUrl);
    return await recycleSignalOf(shared).announce(message);
  } catch {
    return false;
  } finally {
    await shared?.close().catch(() => {});
  }
}
