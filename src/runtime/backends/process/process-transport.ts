// Process backend: one child process per container, under Node's permission model. The child may
// read only the container's own code and the module cache; it may not write files, start
// processes or workers, or load native addons, and it starts with an empty environment. Node 24's
// permission model does not cover the network: egress stays open (docs/runtime.md).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { channelWarmUp } from '../../container/channel-warm-up.ts';
import { compiledEntry, containerSourcePaths } from '../compiled-entry.ts';
import { heapExhausted, referenceChild, stderrTail, type ContainerTransport, type ExitReason, type TransportOptions } from '../transport.ts';

const sourceEntry = fileURLToPath(new URL('./entry.ts', import.meta.url));

function spawnChild(options: TransportOptions): ChildProcess {
  // The compiled entry lives in the module cache, which the child may read anyway.
  const compiled = compiledEntry('process', options.moduleCacheDir);
  return fork(compiled ?? sourceEntry, [options.moduleCacheDir], {
    execArgv: [
      '--permission',
      // One flag per path: Node 24 no longer splits a single flag on commas.
      ...[...(compiled === null ? containerSourcePaths('process') : []), options.moduleCacheDir].map((path) => `--allow-fs-read=${path}`),
      `--max-old-space-size=${options.heapMb}`,
    ],
    env: {},
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
}

export function startProcessTransport(options: TransportOptions): ContainerTransport {
  const tail = stderrTail();
  const messageHandlers: Array<(message: unknown) => void> = [];
  const exitHandlers: Array<(reason: ExitReason) => void> = [];
  let child: ChildProcess | null = null;
  let killed = false;
  let active = true;
  let markGone: () => void = () => {};
  const gone = new Promise<void>((resolve) => (markGone = resolve));

  function exited(why: ExitReason): void {
    for (const handler of exitHandlers) handler(why);
    markGone();
  }

  // fork() is synchronous and costs milliseconds of the host's main thread (more with a larger
  // host heap). The pool starts a replacement spare from inside the call that just ended
  // (pool.release), so spawning here and now would delay that call's outcome by the whole fork:
  // on the next turn, the outcome is delivered first. Nothing can be sent before the child said
  // `ready`, so the deferral is invisible to the client.
  const launch = setImmediate(() => {
    if (killed) return;
    let started: ChildProcess;
    try {
      started = spawnChild(options);
    } catch (err) {
      // Some spawn failures throw (the rest arrive as 'error' + 'exit'); on this turn nobody is
      // above to catch it, so it ends this container like any other start failure.
      killed = true;
      exited({ kind: 'crash', message: `container could not be started: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    child = started;
    started.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
    started.on('message', (message: unknown) => {
      for (const handler of messageHandlers) handler(message);
    });
    started.on('exit', (code, signal) => {
      exited(heapExhausted.test(tail.text())
        ? { kind: 'out-of-memory', message: `container exceeded its heap limit (${options.heapMb} MiB)` }
        : killed
          ? { kind: 'crash', message: 'container terminated' }
          : { kind: 'crash', message: `container exited (${signal ?? `code ${code}`})` });
    });
    // A failed send (the child already gone) surfaces through 'exit'; never as an unhandled error.
    started.on('error', () => {});
    // Ahead of any run: the child's first receive is paid while it is a spare (channel-warm-up.ts).
    started.send(channelWarmUp);
    referenceChild(child, active);
  });

  return {
    id: options.id,
    send(message) {
      if (child === null || !child.connected) throw new Error('container is gone');
      child.send(message);
    },
    onMessage: (handler) => messageHandlers.push(handler),
    onExit: (handler) => exitHandlers.push(handler),
    async kill() {
      if (child === null) {
        if (!killed) {
          killed = true;
          clearImmediate(launch);
          exited({ kind: 'crash', message: 'container terminated' });
        }
        await gone;
        return;
      }
      killed = true;
      // Referenced while it ends, or an otherwise idle host would exit before 'exit' is seen.
      child.ref();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await gone;
    },
    setActive(on) {
      active = on;
      referenceChild(child, active);
    },
  };
}
