// A blank container (a spare) runs one throw-away call through the very path a real call takes
// (execution, `require` set-up, compile, copy in, call, console, callback, settle, serialize)
// before it says `ready`, so that a new tenant's first call does not pay for compiling and
// first-running that path. V8 compiles functions lazily and keeps their bytecode for the whole
// isolate, so what this warms is exactly what the first real call would otherwise compile.
//
// Invisible by construction: it runs against a scratch state (its own compiled-code, `require`
// and capability tables, and a `send` that goes nowhere) that shares only the sandbox. Its
// function is compiled into the user's context as an expression that is never stored, it touches
// no global, starts no timer, and it settles within the call, so the log line it prints is
// drained into the discarded outcome (flushSoon finds the execution settled and sends nothing).
import type { ContainerMessage, RunMessage } from '../protocol.ts';
import { startRun } from './start-run.ts';
import type { ContainerState } from './state.ts';

// The shapes of a first call: a custom-DB script that succeeds, one that fails with an Auth0
// error (the usual wrong-password answer) and an Action.
const calls: ReadonlyArray<Pick<RunMessage, 'kind' | 'codeId' | 'source' | 'args'> & { entryPoint?: string }> = [
  {
    kind: 'script',
    codeId: 'gatehouse-warm-up-result',
    source: `function login(email, password, callback) {
  console.log('warm-up %s', email, { n: 1, list: [1, 'x'] });
  callback(null, { email: email, ok: true });
}`,
    args: ['warm-up@example.com', 'not-a-password'],
  },
  {
    kind: 'script',
    codeId: 'gatehouse-warm-up-error',
    source: 'function login(email, password, callback) { callback(new WrongUsernameOrPasswordError(email)); }',
    args: ['warm-up@example.com', 'not-a-password'],
  },
  {
    kind: 'action',
    codeId: 'gatehouse-warm-up-action',
    source: 'exports.onExecutePostLogin = async (event, api) => ({ user: event.user });',
    entryPoint: 'onExecutePostLogin',
    args: [{ user: { email: 'warm-up@example.com' } }, {}],
  },
];

function warmUpMessage(call: (typeof calls)[number]): RunMessage {
  return {
    type: 'run',
    // Run ids start at 1 on the host: 0 can never be credited to a real call.
    runId: 0,
    codeVersion: '1',
    ...call,
    configuration: {},
    secrets: ['not-a-password'],
    modulesDir: null,
    dependencies: {},
    capabilities: [],
    logLimitChars: 256,
  };
}

export function warmUp(state: ContainerState): void {
  const scratch: ContainerState = {
    sandbox: state.sandbox,
    // Cloning what a real `send` would serialize exercises the same serializer; it goes nowhere.
    send: (message: ContainerMessage) => void structuredClone(message),
    scripts: new Map(),
    modules: new Map(),
    requires: new Map(),
    calls: new Map(),
    nextCall: 0,
  };
  for (const call of calls) {
    try {
      startRun(scratch, warmUpMessage(call));
    } catch {
      // Only ever an optimisation: a container that could not warm up still serves calls.
    }
  }
}
