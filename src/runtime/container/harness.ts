// A host-supplied harness around an Action call (RunRequest.harness). The harness is trusted
// JavaScript the host wrote, evaluated once per container and harness id in the user's vm
// context, so that the objects it hands user code (e.g. Actions' `event` and `api`) belong to the
// user's realm and no host object ever reaches user code. It is an expression evaluating to a
// factory: `factory(tools)` → `run(call)`; `run`'s (possibly promised) value is the call's result
// and must be plain data; its throw or rejection is the call's user error.
import vm from 'node:vm';
import type { RunMessage } from '../protocol.ts';
import { describeSyntaxError, fileNameFor } from './compile.ts';
import { moduleFor, type ActionModule, type Compiled, type ContainerState } from './state.ts';

export type HarnessRun = (call: HarnessCall) => unknown;

/** What `run` receives on each call. Container-realm functions: the harness must not hand them to user code. */
export interface HarnessCall {
  readonly entryPoint: string;
  /** The request's args, copied into the user's realm. */
  readonly args: readonly unknown[];
  /** Evaluates the user's module once per container and version, with `require` as its require. */
  load(require: (id: string) => unknown): ActionModule;
}

/** Given once to the factory. */
export interface HarnessTools {
  /** The user's `require` (declared dependencies and allowed built-ins). */
  readonly require: (id: string) => unknown;
  /**
   * Compiles CommonJS-style source in the user's context as a function of `params`
   * (e.g. an Action Module with an extra `actions` parameter); throws the message of a syntax error.
   */
  compile(codeId: string, source: string, params: readonly string[]): (...args: unknown[]) => unknown;
}

const harnesses = new WeakMap<ContainerState, Map<string, HarnessRun>>();

export function harnessFor(state: ContainerState, harness: NonNullable<RunMessage['harness']>): Compiled<HarnessRun> {
  let known = harnesses.get(state);
  if (!known) {
    known = new Map();
    harnesses.set(state, known);
  }
  const cached = known.get(harness.id);
  if (cached) return { ok: true, value: cached };
  if (harness.source === undefined) return { ok: false, message: 'internal: the harness was never sent to this container' };
  let run: unknown;
  try {
    const factory = new vm.Script(harness.source, { filename: `gatehouse:harness-${fileNameFor(harness.id)}` }).runInContext(state.sandbox.context) as (tools: HarnessTools) => unknown;
    run = factory(toolsFor(state));
  } catch (err) {
    return { ok: false, message: `internal: the harness failed to start: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (typeof run !== 'function') return { ok: false, message: 'internal: the harness factory did not return a function' };
  known.set(harness.id, run as HarnessRun);
  return { ok: true, value: run as HarnessRun };
}

function toolsFor(state: ContainerState): HarnessTools {
  return Object.freeze({
    require: state.sandbox.toolkit.require,
    compile(codeId: string, source: string, params: readonly string[]) {
      const filename = fileNameFor(codeId);
      try {
        return vm.compileFunction(source, [...params], { filename, parsingContext: state.sandbox.context }) as (...args: unknown[]) => unknown;
      } catch (err) {
        throw new Error(describeSyntaxError(err, filename), { cause: err });
      }
    },
  });
}

export function harnessCall(state: ContainerState, msg: RunMessage, args: readonly unknown[]): HarnessCall {
  return Object.freeze({
    entryPoint: msg.entryPoint ?? '',
    args,
    load(require: (id: string) => unknown): ActionModule {
      const compiled = moduleFor(state, msg, require);
      if (!compiled.ok) throw new Error(compiled.message);
      return compiled.value;
    },
  });
}
