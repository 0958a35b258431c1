// Process backend: one child process per container, under Node's permission model. The child may
// read only the container's own code and the module cache; it may not write files, start
// processes or workers, or load native addons, and it starts with an empty environment. Node 24's
// permission model does not cover the network: egress stays open (docs/runtime.md).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compiledEntry } from '../compiled-entry.ts';
import { stderrTail, type ContainerTransport, type ExitReason, type TransportOptions } from '../transport.ts';

const sourceEntry = fileURLToPath(new URL('./entry.ts', import.meta.url));
// Exactly what the child loads: its entry, the shared container side and the limits it imports.
const readable = [
  fileURLToPath(new URL('.', import.meta.url)),
  fileURLToPath(new URL('../../container/', import.meta.url)),
  fileURLToPath(new URL('../../limits.ts', import.meta.url)),
];

const heapExhausted = /heap out of memory|Reached heap limit|Allocation failed/i;

export function startProcessTransport(options: TransportOptions): ContainerTransport {
  // The compiled entry lives in the module cache, which the child may read anyway.
  const entry = compiledEntry('process', options.moduleCacheDir) ?? sourceEntry;
  const child = fork(entry, [options.moduleCacheDir], {
    execArgv: [
      '--permission',
      // One flag per path: Node 24 no longer splits a single flag on commas.
      ...[...readable, options.moduleCacheDir].map((path) => `--allow-fs-read=${path}`),
      `--max-old-space-size=${options.heapMb}`,
    ],
    env: {},
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const tail = stderrTail();
  child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));

  let killed = false;
  const exitHandlers: Array<(reason: ExitReason) => void> = [];
  const gone = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      const why: ExitReason = heapExhausted.test(tail.text())
        ? { kind: 'out-of-memory', message: `container exceeded its heap limit (${options.heapMb} MiB)` }
        : killed
          ? { kind: 'crash', message: 'container terminated' }
          : { kind: 'crash', message: `container exited (${signal ?? `code ${code}`})` };
      for (const handler of exitHandlers) handler(why);
      resolve();
    });
  });
  // A failed send (the child already gone) surfaces through 'exit'; never as an unhandled error.
  child.on('error', () => {});

  return {
    id: options.id,
    send(message) {
      if (!child.connected) throw new Error('container is gone');
      child.send(message);
    },
    onMessage: (handler) => child.on('message', handler),
    onExit: (handler) => exitHandlers.push(handler),
    async kill() {
      killed = true;
      // Referenced while it ends, or an otherwise idle host would exit before 'exit' is seen.
      child.ref();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await gone;
    },
    setActive(active) {
      const handles = [child, child.channel, child.stderr] as Array<{ ref?: () => void; unref?: () => void } | null | undefined>;
      for (const handle of handles) {
        if (active) handle?.ref?.();
        else handle?.unref?.();
      }
    },
  };
}
