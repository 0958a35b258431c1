import { resolve } from 'node:path';
import { createRunner, type RunnerOptions } from '../../runtime/create-runner.ts';
import { noContainers, type Runner } from '../../runtime/runner.ts';

/** The runtime as custom database connections use it: a Runner plus the module cache it reads. */
export interface ScriptRunner extends Runner {
  /** Absolute root of the dependency sets (installed at save, checked before a call). */
  readonly moduleCacheDir: string;
}

/**
 * A Runner that starts its pool on the first call. The pool keeps spare containers started,
 * so creating it eagerly would start a worker or child process in every server, including the
 * many that never run a script.
 */
export function createScriptRunner(options: RunnerOptions): ScriptRunner {
  const moduleCacheDir = resolve(options.moduleCacheDir);
  let runner: Runner | undefined;
  let closed = false;
  const get = (): Runner => (runner ??= createRunner({ ...options, moduleCacheDir }));
  return {
    backend: options.backend,
    moduleCacheDir,
    run: (request) => (closed
      ? Promise.resolve({ kind: 'overloaded', message: 'the runtime is closed', logs: [], logsTruncated: false, durationMs: 0, container: { id: '', cold: false, recycled: false } })
      : get().run(request)),
    recycle: async (tenant, key) => { await runner?.recycle(tenant, key); },
    stats: () => runner?.stats() ?? noContainers,
    close: async () => {
      closed = true;
      await runner?.close();
    },
  };
}
