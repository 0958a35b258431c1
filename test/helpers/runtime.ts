// Runs user code through the real runtime with short limits, for every backend.
// The hostile suite and the runtime tests loop over `backends()` the way storage tests loop
// over dialects, so each rule is checked on both isolation levels.
import assert from 'node:assert/strict';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunner } from '../../src/runtime/create-runner.ts';
import type { Backend, Outcome, Runner, RunRequest, UserError } from '../../src/runtime/runner.ts';

export type { Backend, Outcome, Runner, RunRequest, UserError };

export function backends(): Backend[] {
  return ['worker', 'process'];
}

/** Limits small enough that the whole hostile suite stays fast. */
export const testLimits = {
  timeoutMs: 1000,
  heapMb: 48,
  maxContainers: 16,
  idleMs: 60_000,
  spares: 1,
  queueTimeoutMs: 5000,
} as const;

export interface TestRunnerOptions {
  readonly timeoutMs?: number;
  readonly heapMb?: number;
  readonly maxContainers?: number;
  readonly idleMs?: number;
  readonly spares?: number;
  readonly queueTimeoutMs?: number;
  readonly moduleCacheDir?: string;
}

export interface TestRunner extends Runner {
  /** Removes the temporary module cache as well as closing the runner. */
  dispose(): Promise<void>;
}

export function startRunner(backend: Backend, overrides: TestRunnerOptions = {}): TestRunner {
  const ownCache = overrides.moduleCacheDir === undefined;
  const moduleCacheDir = overrides.moduleCacheDir ?? mkdtempSync(join(tmpdir(), 'gatehouse-modules-'));
  const runner = createRunner({ backend, ...testLimits, ...overrides, moduleCacheDir });
  return {
    backend: runner.backend,
    run: (request) => runner.run(request),
    recycle: (tenant, key) => runner.recycle(tenant, key),
    stats: () => runner.stats(),
    close: () => runner.close(),
    async dispose() {
      await runner.close();
      if (ownCache) rmSync(moduleCacheDir, { recursive: true, force: true });
    },
  };
}

export interface ScriptCall {
  readonly tenant?: string;
  readonly containerKey?: string;
  readonly codeId?: string;
  readonly codeVersion?: string;
  readonly args?: readonly unknown[];
  readonly configuration?: Readonly<Record<string, string>>;
  readonly secrets?: readonly string[];
  readonly timeoutMs?: number;
}

/**
 * A custom-DB script request: the runtime appends the callback to `args`, which default to a
 * login's (email, password).
 */
export function scriptRequest(source: string, call: ScriptCall = {}): RunRequest {
  return {
    tenant: call.tenant ?? 'tenant-a',
    containerKey: call.containerKey ?? 'con_1',
    codeId: call.codeId ?? 'login',
    // The runtime caches compiled code by code id + version: a different source must be a
    // different version, or a test would silently run an earlier test's script.
    codeVersion: call.codeVersion ?? createHash('sha256').update(source).digest('hex').slice(0, 12),
    source,
    kind: 'script',
    args: call.args ?? ['a@example.com', 'pw'],
    ...(call.configuration ? { configuration: call.configuration } : {}),
    ...(call.secrets ? { secrets: call.secrets } : {}),
    ...(call.timeoutMs ? { timeoutMs: call.timeoutMs } : {}),
  };
}

export function runScript(runner: Runner, source: string, call: ScriptCall = {}): Promise<Outcome> {
  return runner.run(scriptRequest(source, call));
}

/** Narrows an outcome to `result` and returns its value, with the whole outcome in the failure message. */
export function expectResult(outcome: Outcome): unknown {
  assert.equal(outcome.kind, 'result', `expected a result, got ${show(outcome)}`);
  return (outcome as Outcome & { value: unknown }).value;
}

export function expectKind<K extends Outcome['kind']>(outcome: Outcome, ...kinds: K[]): Outcome & { readonly kind: K } {
  assert.ok((kinds as string[]).includes(outcome.kind), `expected ${kinds.join(' or ')}, got ${show(outcome)}`);
  return outcome as Outcome & { readonly kind: K };
}

export function show(outcome: Outcome): string {
  return JSON.stringify(outcome, (_k, v: unknown) => (typeof v === 'string' && v.length > 400 ? `${v.slice(0, 400)}…` : v));
}

const wellBehaved = `function login(email, password, callback) {
  global.calls = (global.calls || 0) + 1;
  callback(null, {
    user_id: email,
    sum: password.reduce(function (a, b) { return a + b; }, 0),
    doubled: password.map(function (n) { return n * 2; }),
    parsed: JSON.parse('{"ok":true}').ok,
    proto: typeof ({}).polluted,
    calls: global.calls
  });
}`;

/**
 * Runs a well-behaved script for a fresh tenant and checks its result: after any misbehaviour
 * the same runner must keep serving everybody else. Numbers are random so a stale or cached
 * reply cannot pass.
 */
export async function assertServesOthers(runner: Runner, tenant = `bystander-${randomUUID()}`): Promise<void> {
  const numbers = [randomInt(1000), randomInt(1000), randomInt(1000)];
  const outcome = await runScript(runner, wellBehaved, { tenant, args: [`${tenant}@example.com`, numbers] });
  assert.deepEqual(expectResult(outcome), {
    user_id: `${tenant}@example.com`,
    sum: numbers[0] + numbers[1] + numbers[2],
    doubled: numbers.map((n) => n * 2),
    parsed: true,
    proto: 'undefined',
    calls: 1,
  });
}

/** Source of the well-behaved script, for tests that warm a bystander container and call it again. */
export const wellBehavedSource = wellBehaved;

const setMarkSource = 'function setMark(value, callback) { global.mark = value; callback(null, global.mark); }';
const readMarkSource = 'function readMark(callback) { callback(null, global.mark === undefined ? null : global.mark); }';

export interface Mark {
  readonly mark: unknown;
  readonly containerId: string;
}

/** Leaves a random value in a container's `global`, to tell later whether it was recycled. */
export async function setMark(runner: Runner, tenant: string, containerKey = 'con_1'): Promise<Mark & { mark: string }> {
  const mark = randomUUID();
  const outcome = await runScript(runner, setMarkSource, { tenant, containerKey, codeId: 'set-mark', args: [mark] });
  assert.equal(expectResult(outcome), mark);
  return { mark, containerId: outcome.container.id };
}

/** Reads the value `setMark` left; null in a fresh container. */
export async function readMark(runner: Runner, tenant: string, containerKey = 'con_1'): Promise<Mark> {
  const outcome = await runScript(runner, readMarkSource, { tenant, containerKey, codeId: 'read-mark', args: [] });
  return { mark: expectResult(outcome), containerId: outcome.container.id };
}
