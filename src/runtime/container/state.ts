// What one container keeps between executions: its sandbox, compiled code per codeId (a
// container serves one tenant + key, so versions only move forward), `require` per dependency
// set, and pending host-capability calls. Also how an execution's outcome is sent.
import vm from 'node:vm';
import type { ContainerMessage, RunMessage, SettledMessage } from '../protocol.ts';
import { describeSyntaxError, fileNameFor, moduleParams, scriptExpression } from './compile.ts';
import { addLine, drainLines, type Execution } from './execution.ts';
import { makeRequire, type RequireResult } from './require.ts';
import type { Sandbox } from './sandbox.ts';
import { jsonFallback } from './serialize.ts';

export type Send = (message: ContainerMessage) => void;

export interface ActionModule {
  readonly exports: unknown;
  /** Set when the module's top-level code threw: every execution of this instance rethrows it. */
  readonly error?: unknown;
}

export interface ContainerState {
  readonly send: Send;
  readonly sandbox: Sandbox;
  readonly scripts: Map<string, { version: string; fn: unknown }>;
  readonly modules: Map<string, { version: string; module: ActionModule }>;
  readonly requires: Map<string, (id: unknown) => RequireResult>;
  readonly calls: Map<number, (ok: boolean, value: unknown) => void>;
  nextCall: number;
}

export type Compiled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export function requireFor(state: ContainerState, msg: RunMessage): (id: unknown) => RequireResult {
  const key = `${msg.modulesDir ?? ''}\0${JSON.stringify(msg.dependencies)}`;
  let fn = state.requires.get(key);
  if (!fn) {
    fn = makeRequire(msg.modulesDir, msg.dependencies);
    state.requires.set(key, fn);
  }
  return fn;
}

/** The script's function, compiled once per codeId + version in the container's context. */
export function scriptFor(state: ContainerState, msg: RunMessage): Compiled<unknown> {
  const cached = state.scripts.get(msg.codeId);
  if (cached && cached.version === msg.codeVersion) return { ok: true, value: cached.fn };
  if (msg.source === undefined) return { ok: false, message: 'internal: the source of this version was never sent' };
  const filename = fileNameFor(msg.codeId);
  let script: vm.Script;
  try {
    script = new vm.Script(scriptExpression(msg.source), { filename });
  } catch (err) {
    return { ok: false, message: describeSyntaxError(err, filename) };
  }
  // Evaluating `(function …)` only creates the function: no user statement runs here.
  const fn = script.runInContext(state.sandbox.context);
  if (typeof fn !== 'function') return { ok: false, message: 'A script must be a single function' };
  state.scripts.set(msg.codeId, { version: msg.codeVersion, fn });
  return { ok: true, value: fn };
}

/**
 * The Action's module, evaluated once per codeId + version (lazily, inside the first execution,
 * so its top-level console output is captured there). A harness may give it its own `require`
 * (used only by this first evaluation).
 */
export function moduleFor(state: ContainerState, msg: RunMessage, requireFn: (id: string) => unknown = state.sandbox.toolkit.require): Compiled<ActionModule> {
  const cached = state.modules.get(msg.codeId);
  if (cached && cached.version === msg.codeVersion) return { ok: true, value: cached.module };
  if (msg.source === undefined) return { ok: false, message: 'internal: the source of this version was never sent' };
  const filename = fileNameFor(msg.codeId);
  let fn: (...args: unknown[]) => unknown;
  try {
    fn = vm.compileFunction(msg.source, [...moduleParams], { filename, parsingContext: state.sandbox.context }) as typeof fn;
  } catch (err) {
    return { ok: false, message: describeSyntaxError(err, filename) };
  }
  const mod = state.sandbox.toolkit.makeModule();
  let module: ActionModule;
  try {
    Reflect.apply(fn, mod.exports, [mod.exports, requireFn, mod, `/${filename}`, '/']);
    module = { exports: mod.exports };
  } catch (err) {
    module = { exports: undefined, error: err };
  }
  state.modules.set(msg.codeId, { version: msg.codeVersion, module });
  return { ok: true, value: module };
}

/** A warning line on the execution (second callback, late throw); dropped once it settled. */
export function warn(state: ContainerState, exec: Execution, message: string): void {
  if (addLine(exec, 'warn', message)) flushSoon(state, exec);
}

/** Sends pending lines on the next turn, so a run that later times out keeps what it printed. */
export function flushSoon(state: ContainerState, exec: Execution): void {
  if (exec.flushScheduled) return;
  exec.flushScheduled = true;
  setImmediate(() => {
    exec.flushScheduled = false;
    if (exec.settled || exec.pending.length === 0) return;
    state.send({ type: 'log', runId: exec.runId, lines: drainLines(exec), truncated: exec.budget.truncated });
  });
}

/** Sends the outcome once. A result structured clone refuses goes as JSON, or as a user error. */
export function settle(state: ContainerState, exec: Execution, settled: SettledMessage): void {
  if (exec.settled) return;
  const lines = drainLines(exec);
  exec.settled = true;
  const done = (s: SettledMessage): ContainerMessage => ({ type: 'done', runId: exec.runId, settled: s, lines, truncated: exec.budget.truncated });
  try {
    state.send(done(settled));
    return;
  } catch {
    // Structured clone refused the value (a function, a proxy, a throwing getter): try JSON.
  }
  if (settled.kind === 'result') {
    try {
      state.send(done({ kind: 'result', value: jsonFallback(settled.value) }));
      return;
    } catch {
      // Not JSON either (a cycle, a BigInt).
    }
  }
  state.send(done({ kind: 'user-error', error: { name: 'Error', message: 'The result could not be serialized: it must be JSON-like data' } }));
}
