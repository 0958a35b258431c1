// A custom-DB script call (custom-db.md §2, §6): positional args + a once-only callback. The
// callback carries the result; a returned promise does not (its rejection before the callback
// does count, as the call's error). What happens after the first callback is logged as a warning
// on this execution and changes nothing.
import type { RunMessage, SettledMessage } from '../protocol.ts';
import { executions, type Execution } from './execution.ts';
import { describeError, toUserError } from './serialize.ts';
import { scriptFor, settle, warn, type ContainerState } from './state.ts';

function thenOf(value: unknown): ((ok: (v: unknown) => void, ko: (e: unknown) => void) => unknown) | null {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return null;
  try {
    const then = (value as { then?: unknown }).then;
    return typeof then === 'function' ? (then.bind(value) as ReturnType<typeof thenOf>) : null;
  } catch {
    return null;
  }
}

export function runScript(state: ContainerState, msg: RunMessage, exec: Execution): void {
  const compiled = scriptFor(state, msg);
  if (!compiled.ok) {
    settle(state, exec, { kind: 'rejected', message: compiled.message });
    return;
  }
  const fn = compiled.value as (...args: unknown[]) => unknown;
  const { toolkit } = state.sandbox;
  let called = false;
  let inCall = true;
  const decidedInCall: { value: SettledMessage | null } = { value: null };

  const decide = (settled: SettledMessage): void => {
    called = true;
    // Settling on the next turn (not at once) lets a throw or a second callback that follows the
    // first one in the same turn still be logged on this execution.
    if (inCall) decidedInCall.value = settled;
    else setImmediate(() => settle(state, exec, settled));
  };

  const notify = (err: unknown, value: unknown): void => {
    if (called) {
      warn(state, exec, 'callback was called more than once: the later call was ignored');
      return;
    }
    // `callback()` ≡ `callback(null)`: a falsy error means success, as Auth0's `if (err)`.
    decide(err ? { kind: 'user-error', error: toUserError(err, exec.secrets) } : { kind: 'result', value });
  };

  const args: unknown[] = msg.args.map((arg) => toolkit.copyIn(arg));
  args.push(toolkit.makeCallback(notify));

  executions.run(exec, () => {
    let returned: unknown;
    try {
      returned = Reflect.apply(fn, undefined, args);
    } catch (err) {
      if (called) warn(state, exec, `The script threw after calling back: ${describeError(err)}`);
      else decide({ kind: 'user-error', error: toUserError(err, exec.secrets) });
      inCall = false;
      if (decidedInCall.value) settle(state, exec, decidedInCall.value);
      return;
    }
    inCall = false;
    if (decidedInCall.value) settle(state, exec, decidedInCall.value);
    const then = thenOf(returned);
    const markReturned = (): void => {
      if (!called && !exec.settled) state.send({ type: 'returned', runId: exec.runId });
    };
    if (then === null) {
      if (!called) setImmediate(markReturned);
      return;
    }
    try {
      then(markReturned, (err: unknown) => {
        if (!called) decide({ kind: 'user-error', error: toUserError(err, exec.secrets) });
        else warn(state, exec, `The script's promise rejected after calling back: ${describeError(err)}`);
      });
    } catch (err) {
      if (!called) decide({ kind: 'user-error', error: toUserError(err, exec.secrets) });
    }
  });
}
