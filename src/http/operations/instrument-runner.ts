import type { ScriptRunner } from '../../extensibility/custom-db/index.ts';
import type { Metrics } from './metrics.ts';

/**
 * The runner every script and Action goes through, counted: each outcome by kind, cold starts,
 * recycles the runtime did after a failure (outcome.container.recycled) and those asked for
 * (deploys, admin). Wrapping the one runner counts every call site without touching them.
 */
export function instrumentRunner(runner: ScriptRunner, metrics: Metrics): ScriptRunner {
  metrics.watchPool(() => runner.stats());
  return {
    backend: runner.backend,
    moduleCacheDir: runner.moduleCacheDir,
    async run(request) {
      const outcome = await runner.run(request);
      metrics.executions.inc({ kind: request.kind, outcome: outcome.kind });
      metrics.executionDuration.observe({ kind: request.kind }, outcome.durationMs / 1000);
      if (outcome.container.cold) metrics.coldStarts.inc({ kind: request.kind, from_spare: String(outcome.container.fromSpare === true) });
      if (outcome.container.recycled) metrics.recycles.inc({ reason: outcome.kind });
      return outcome;
    },
    async recycle(tenant, containerKey) {
      await runner.recycle(tenant, containerKey);
      metrics.recycles.inc({ reason: 'requested' });
    },
    stats: () => runner.stats(),
    close: () => runner.close(),
  };
}
