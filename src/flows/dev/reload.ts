import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { InstallProgress } from '../../runtime/modules/install.ts';
import {
  applyTenantDirectory, parseEnvFile, preinstallDependencies, readTenantDirectory,
  type ApplyDeps, type ApplyResult, type Problem,
} from '../tenant-directory/index.ts';

// One (re)load of a watched directory into its tenant: env file, read, dependency install,
// apply. Only what changed is applied (a changed script → a new scripts_version; a changed
// Action → a new deployed version whose predecessor's container is recycled). Loads never
// overlap: a change arriving during one runs once more after it.

export interface ReloadInput {
  readonly dir: string;
  readonly tenant: string;
  readonly hostnames?: readonly string[];
  readonly envFile?: string;
  readonly onProgress?: (event: InstallProgress) => void;
}

export interface ReloadResult extends ApplyResult {
  readonly durationMs: number;
  /** Problems of the env file and the read step, then of the apply step. */
  readonly allProblems: readonly Problem[];
}

export function createReloader(deps: ApplyDeps, input: ReloadInput): { reload(): Promise<ReloadResult> } {
  let running: Promise<ReloadResult> | undefined;
  let again = false;

  async function once(): Promise<ReloadResult> {
    const started = performance.now();
    const envProblems: Problem[] = [];
    let env: Record<string, string> = {};
    if (input.envFile !== undefined) {
      const text = await readFile(input.envFile, 'utf8').catch(() => undefined);
      if (text === undefined) envProblems.push({ file: input.envFile, message: 'cannot be read; no keyword values, secrets or configuration values from it' });
      else {
        const parsed = parseEnvFile(text, input.envFile);
        env = { ...parsed.values };
        envProblems.push(...parsed.problems);
      }
    }
    const read = await readTenantDirectory(input.dir, { mappings: env });
    await preinstallDependencies(read.directory, deps.moduleCacheDir, input.onProgress);
    const applied = await applyTenantDirectory(deps, { tenant: input.tenant, hostnames: input.hostnames, directory: read.directory, env });
    return { ...applied, durationMs: performance.now() - started, allProblems: [...envProblems, ...read.problems, ...applied.problems] };
  }

  async function loop(): Promise<ReloadResult> {
    let result = await once();
    while (again) {
      again = false;
      result = merge(result, await once());
    }
    return result;
  }

  return {
    reload() {
      if (running) {
        again = true;
        return running;
      }
      running = loop().finally(() => { running = undefined; });
      return running;
    },
  };
}

const rank = { unchanged: 0, updated: 1, created: 2 } as const;

/** Two runs as one: what either changed (the later detail wins), the later run's problems. */
function merge(earlier: ReloadResult, later: ReloadResult): ReloadResult {
  const changes = later.changes.map((c) => {
    const before = earlier.changes.find((e) => e.kind === c.kind && e.name === c.name);
    if (!before || before.result === 'unchanged') return c;
    if (c.result === 'unchanged') return before;
    // Created then updated is still "created", with the latest detail (e.g. version deployed).
    return rank[before.result] > rank[c.result] ? { ...c, result: before.result } : c;
  });
  return { ...later, tenantCreated: earlier.tenantCreated || later.tenantCreated, changes, durationMs: earlier.durationMs + later.durationMs };
}
