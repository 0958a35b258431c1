// An Action call: the module is evaluated once per container and version, then
// `exports[entryPoint](...args)` is awaited. The resolved value is the result; a throw or a
// rejection is the call's user error.
import type { RunMessage } from '../protocol.ts';
import { executions, type Execution } from './execution.ts';
import { harnessCall, harnessFor } from './harness.ts';
import { toUserError } from './serialize.ts';
import { moduleFor, settle, type ContainerState } from './state.ts';

function read(target: unknown, key: string): unknown {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return undefined;
  try {
    return (target as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

export function runAction(state: ContainerState, msg: RunMessage, exec: Execution): void {
  const { toolkit } = state.sandbox;
  const fail = (err: unknown): void => settle(state, exec, { kind: 'user-error', error: toUserError(err, exec.secrets) });
  if (msg.harness !== undefined) {
    runHarnessed(state, msg, exec, fail);
    return;
  }
  executions.run(exec, () => {
    const compiled = moduleFor(state, msg);
    if (!compiled.ok) {
      settle(state, exec, { kind: 'rejected', message: compiled.message });
      return;
    }
    const { exports, error } = compiled.value;
    if (error !== undefined) {
      fail(error);
      return;
    }
    const entryPoint = msg.entryPoint ?? '';
    const handler = read(exports, entryPoint);
    if (typeof handler !== 'function') {
      fail({ name: 'Error', message: `The Action does not export a "${entryPoint}" function` });
      return;
    }
    const args = msg.args.map((arg) => toolkit.copyIn(arg));
    let pending: unknown;
    try {
      pending = Reflect.apply(handler, exports, args);
    } catch (err) {
      fail(err);
      return;
    }
    Promise.resolve(pending).then(
      (value) => settle(state, exec, { kind: 'result', value }),
      fail,
    );
  });
}

/** The harness (RunRequest.harness) loads the module and calls the handler itself. */
function runHarnessed(state: ContainerState, msg: RunMessage, exec: Execution, fail: (err: unknown) => void): void {
  const harness = harnessFor(state, msg.harness!);
  if (!harness.ok) {
    settle(state, exec, { kind: 'rejected', message: harness.message });
    return;
  }
  const call = harnessCall(state, msg, msg.args.map((arg) => state.sandbox.toolkit.copyIn(arg)));
  executions.run(exec, () => {
    let pending: unknown;
    try {
      pending = harness.value(call);
    } catch (err) {
      fail(err);
      return;
    }
    Promise.resolve(pending).then((value) => settle(state, exec, { kind: 'result', value }), fail);
  });
}
