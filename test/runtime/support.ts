// Shared by the runtime's own tests: a runner per backend with short limits, request builders
// and outcome narrowing. Every rule test loops over `backends` so each rule holds on both.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunner, type RunnerOptions } from '../../src/runtime/create-runner.ts';
import { moduleSetDir } from '../../src/runtime/modules/module-set.ts';
import type { Backend, Outcome, Runner, RunRequest, UserError } from '../../src/runtime/runner.ts';

export const backends: readonly Backend[] = ['worker', 'process'];

export interface TestRunner extends Runner {
  readonly moduleCacheDir: string;
  dispose(): Promise<void>;
}

export function startRunner(backend: Backend, overrides: Partial<RunnerOptions> = {}): TestRunner {
  const moduleCacheDir = overrides.moduleCacheDir ?? mkdtempSync(join(tmpdir(), 'gatehouse-runtime-'));
  const runner = createRunner({ timeoutMs: 1500, heapMb: 64, maxContainers: 8, idleMs: 60_000, spares: 0, queueTimeoutMs: 3000, ...overrides, backend, moduleCacheDir });
  return Object.assign(Object.create(null) as object, {
    backend,
    moduleCacheDir,
    run: (request: RunRequest) => runner.run(request),
    recycle: (tenant: string, key?: string) => runner.recycle(tenant, key),
    stats: () => runner.stats(),
    close: () => runner.close(),
    async dispose() {
      await runner.close();
      if (overrides.moduleCacheDir === undefined) rmSync(moduleCacheDir, { recursive: true, force: true });
    },
  }) as TestRunner;
}

export function unique(prefix = 't'): string {
  return `${prefix}-${randomUUID()}`;
}

export type Call = Partial<Omit<RunRequest, 'source' | 'kind'>>;

export function script(source: string, call: Call = {}): RunRequest {
  return { tenant: 'tenant-a', containerKey: 'con_1', codeId: 'login', codeVersion: '1', args: [], ...call, source, kind: 'script' };
}

export function action(source: string, call: Call = {}): RunRequest {
  return { tenant: 'tenant-a', containerKey: 'act_1@1', codeId: 'act_1', codeVersion: '1', args: [], entryPoint: 'onExecutePostLogin', ...call, source, kind: 'action' };
}

export function describeOutcome(outcome: Outcome): string {
  return JSON.stringify(outcome);
}

export function expectResult(outcome: Outcome): unknown {
  assert.equal(outcome.kind, 'result', `expected a result, got ${describeOutcome(outcome)}`);
  return (outcome as Extract<Outcome, { kind: 'result' }>).value;
}

export function expectKind<K extends Outcome['kind']>(outcome: Outcome, kind: K): Outcome & { kind: K } & { message: string; error: UserError } {
  assert.equal(outcome.kind, kind, `expected ${kind}, got ${describeOutcome(outcome)}`);
  return outcome as Outcome & { kind: K } & { message: string; error: UserError };
}

/** Polls until `check` holds (for state that changes in the background, e.g. spares starting). */
export async function eventually(check: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > until) assert.fail(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Writes packages straight into the content-addressed folder of `deps` (no npm): enough to test
 * how `require` resolves, which is all the runtime owns. name → file name → contents.
 */
export function writeModuleSet(moduleCacheDir: string, deps: Record<string, string>, packages: Record<string, Record<string, string>>): void {
  const root = moduleSetDir(moduleCacheDir, deps);
  for (const [name, files] of Object.entries(packages)) {
    const dir = join(root, 'node_modules', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: deps[name], main: 'index.js' }));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  }
}

/** Pids of this process's child processes, from /proc (container processes, worker hosts). */
export function childPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}
