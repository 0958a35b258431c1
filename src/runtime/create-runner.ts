// The runtime's entry point: `createRunner(options)` gives the Runner of runner.ts on the chosen
// backend. It rejects oversized or unparsable sources before any container is involved, leases
// a container from the pool, and turns anything unexpected into an outcome: `run` never throws.
import { Buffer } from 'node:buffer';
import { z } from 'zod';
import { startProcessTransport } from './backends/process/process-transport.ts';
import type { ContainerLauncher } from './backends/transport.ts';
import { createWorkerLauncher } from './backends/worker/worker-transport.ts';
import { checkSyntax } from './container/compile.ts';
import { normaliseSecrets } from './container/log-cap.ts';
import { createContainerClient } from './container-client.ts';
import { maxSourceBytes, runtimeDefaults } from './limits.ts';
import { moduleSetDir } from './modules/module-set.ts';
import { createPool, poolKey } from './pool.ts';
import type { Backend, Outcome, RunRequest, Runner } from './runner.ts';

export const RunnerOptionsSchema = z.object({
  backend: z.enum(['worker', 'process']),
  timeoutMs: z.number().int().positive().default(runtimeDefaults.timeoutMs),
  heapMb: z.number().int().min(8).default(runtimeDefaults.heapMb),
  maxContainers: z.number().int().positive().default(runtimeDefaults.maxContainers),
  idleMs: z.number().int().positive().default(runtimeDefaults.idleMs),
  spares: z.number().int().nonnegative().default(runtimeDefaults.spares),
  queueTimeoutMs: z.number().int().nonnegative().default(runtimeDefaults.queueTimeoutMs),
  moduleCacheDir: z.string().min(1),
  logLimitChars: z.number().int().nonnegative().default(runtimeDefaults.logLimitChars),
});

export type RunnerOptions = z.input<typeof RunnerOptionsSchema>;

/** How each backend starts its containers (tests instrument them through this too). */
export const launchers: Record<Backend, (moduleCacheDir: string) => ContainerLauncher> = {
  worker: createWorkerLauncher,
  process: () => ({ start: startProcessTransport, close: async () => {} }),
};

/** Configuration values shorter than this are not masked unless listed in `secrets` (ports, flags). */
const minMaskedConfigurationLength = 6;

export function createRunner(input: RunnerOptions): Runner {
  const options = RunnerOptionsSchema.parse(input);
  const launcher = launchers[options.backend](options.moduleCacheDir);
  let containers = 0;
  const pool = createPool({
    maxContainers: options.maxContainers,
    idleMs: options.idleMs,
    spares: Math.min(options.spares, options.maxContainers),
    queueTimeoutMs: options.queueTimeoutMs,
    start: () => createContainerClient(launcher.start({ id: `${options.backend}-${++containers}`, heapMb: options.heapMb, moduleCacheDir: options.moduleCacheDir })),
  });
  const checked = createCheckCache(1000);

  function without(kind: 'rejected' | 'overloaded' | 'crash', message: string, startedAt: number): Outcome {
    return { kind, message, logs: [], logsTruncated: false, durationMs: performance.now() - startedAt, container: { id: '', cold: false, recycled: false } };
  }

  async function run(request: RunRequest): Promise<Outcome> {
    const startedAt = performance.now();
    const problem = checked(request);
    if (problem !== null) return without('rejected', problem, startedAt);
    const lease = await pool.acquire(poolKey(request.tenant, request.containerKey), request.codeId, request.codeVersion);
    if ('overloaded' in lease) return without('overloaded', lease.overloaded, startedAt);
    try {
      const deps = request.dependencies ?? {};
      const configured = Object.values(request.configuration ?? {}).filter((v) => typeof v === 'string' && v.length >= minMaskedConfigurationLength);
      return await lease.slot.client.run({
        request,
        timeoutMs: request.timeoutMs ?? options.timeoutMs,
        logLimitChars: options.logLimitChars,
        secrets: normaliseSecrets([...(request.secrets ?? []), ...configured]),
        modulesDir: Object.keys(deps).length === 0 ? null : moduleSetDir(options.moduleCacheDir, deps),
        cold: lease.cold,
        fromSpare: lease.fromSpare,
        startedAt,
      });
    } finally {
      pool.release(lease.slot);
    }
  }

  return {
    backend: options.backend,
    async run(request) {
      const startedAt = performance.now();
      try {
        return await run(request);
      } catch (err) {
        return without('crash', `runtime error: ${err instanceof Error ? err.message : String(err)}`, startedAt);
      }
    },
    recycle: (tenant, containerKey) =>
      pool.recycle(
        containerKey === undefined ? (key) => key.startsWith(`${tenant}\u0000`) : (key) => key === poolKey(tenant, containerKey),
        'recycled on request',
      ),
    stats: () => pool.stats(),
    async close() {
      await pool.close();
      await launcher.close();
    },
  };
}

/**
 * Size and syntax checks, remembered per tenant + code id + version (a source is compiled once
 * here, not on every call). The same string is compared, so a changed source is checked again.
 */
function createCheckCache(limit: number): (request: RunRequest) => string | null {
  const seen = new Map<string, { source: string; problem: string | null }>();
  return (request) => {
    const key = `${request.tenant}\u0000${request.codeId}\u0000${request.codeVersion}\u0000${request.kind}`;
    const hit = seen.get(key);
    if (hit && hit.source === request.source) return hit.problem;
    const bytes = Buffer.byteLength(request.source, 'utf8');
    const problem = bytes > maxSourceBytes
      ? `The source is ${bytes} bytes; the limit is ${maxSourceBytes} bytes (UTF-8, npm modules excluded)`
      : checkSyntax(request.kind, request.source, request.codeId);
    if (seen.size >= limit) seen.delete(seen.keys().next().value as string);
    seen.set(key, { source: request.source, problem });
    return problem;
  };
}
