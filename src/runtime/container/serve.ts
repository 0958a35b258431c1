// The in-container side, shared by both backends (worker thread and child process).
//
// Invariants:
// - This is not the isolation boundary: the worker thread / child process around it is. It adds
//   defense in depth: user code runs in a vm context of its own, and this realm's `process` and
//   Function constructors are neutered before any user code runs (harden.ts).
// - It imports Node built-ins only (and type-only imports), because it runs inside the worker or
//   child, where nothing else is needed or readable.
// - It never sends an Error object or anything user code could make throw during serialization
//   without a fallback: every message is plain data the host parses with zod.
// - One vm context per container, created once: `global` survives between calls. The container
//   serves one tenant + key forever; a new code version only replaces that codeId's code.
// - Nothing user code does (throw later, reject unhandled, log 10,000 lines) stops it serving
//   other calls; `process.exit` ends this container only.
import type { CapabilityReply, ContainerMessage, HostMessage } from '../protocol.ts';
import { executions } from './execution.ts';
import { closeDescriptorAdoption, closeFunctionConstructors, hardenProcess } from './harden.ts';
import { guardImports } from './import-guard.ts';
import { createSandbox } from './sandbox.ts';
import { describeError } from './serialize.ts';
import { startRun } from './start-run.ts';
import { flushSoon, warn, type ContainerState } from './state.ts';
import { warmUp } from './warm-up.ts';

export interface Channel {
  send(message: ContainerMessage): void;
  onMessage(handler: (message: HostMessage) => void): void;
}

export interface ServeOptions {
  /** Root of the content-addressed module cache: the only files an `import` may reach. */
  readonly moduleCacheDir: string;
}

export function serve(channel: Channel, options: ServeOptions): void {
  const realExit = process.exit.bind(process);
  const fatal = (message: string): void => {
    try {
      channel.send({ type: 'fatal', message });
    } finally {
      realExit(70);
    }
  };

  const state: ContainerState = {
    send: (message) => channel.send(message),
    sandbox: undefined as unknown as ContainerState['sandbox'],
    scripts: new Map(),
    modules: new Map(),
    requires: new Map(),
    calls: new Map(),
    nextCall: 0,
  };
  (state as { sandbox: ContainerState['sandbox'] }).sandbox = createSandbox({
    call(exec, name, args, done) {
      const callId = ++state.nextCall;
      state.calls.set(callId, done);
      try {
        channel.send({ type: 'capability-call', runId: exec.runId, callId, name, args });
      } catch {
        state.calls.delete(callId);
        done(false, `The arguments of host capability "${name}" must be JSON-like data`);
      }
    },
    require: (exec, id) => exec.resolve(id),
    flushSoon: (exec) => flushSoon(state, exec),
    late(exec, err) {
      if (exec && !exec.settled) warn(state, exec, `Uncaught exception: ${describeError(err)}`);
    },
  });

  // Errors nobody awaited belong to the execution whose async context raised them; they are
  // logged there (or dropped once it settled) and never take the container down.
  process.on('uncaughtException', (err) => {
    const exec = executions.getStore();
    if (exec && !exec.settled) warn(state, exec, `Uncaught exception: ${describeError(err)}`);
  });
  process.on('unhandledRejection', (reason) => {
    const exec = executions.getStore();
    if (exec && !exec.settled) warn(state, exec, `Unhandled promise rejection: ${describeError(reason)}`);
  });

  closeDescriptorAdoption();
  guardImports(options.moduleCacheDir);
  hardenProcess(fatal);
  closeFunctionConstructors();

  channel.onMessage((message) => {
    if (message.type === 'run') startRun(state, message);
    else if (message.type === 'capability-result') reply(state, message);
  });
  warmUp(state);
  channel.send({ type: 'ready' });
}

function reply(state: ContainerState, msg: CapabilityReply): void {
  const done = state.calls.get(msg.callId);
  if (!done) return;
  state.calls.delete(msg.callId);
  if (msg.ok) done(true, msg.value);
  else done(false, msg.message);
}
