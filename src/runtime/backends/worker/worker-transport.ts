// Worker backend: one worker_threads worker per container, all of a runner's workers inside one
// child process, the worker host (host-entry.ts), started under Node's permission model. A
// container costs a thread, not a process; whatever aborts a process (one allocation far past a
// worker's heap limit) aborts the worker host, never the server, and the next container starts
// a new worker host. Every container on an aborted worker host is recycled with it
// (docs/runtime.md, "What each backend isolates").
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { compiledEntry, containerSourcePaths } from '../compiled-entry.ts';
import { heapExhausted, referenceChild, stderrTail, type ContainerLauncher, type ContainerTransport, type ExitReason, type TransportOptions } from '../transport.ts';
import type { WorkerHostCommand } from './host-protocol.ts';

const sourceDir = new URL('./', import.meta.url);

// The worker host runs user code (in its workers): what it says is checked like a container's.
const EventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), id: z.string(), message: z.unknown() }),
  z.object({ type: z.literal('exit'), id: z.string(), reason: z.object({ kind: z.enum(['crash', 'out-of-memory']), message: z.string().max(1000) }) }),
]);

interface Hosted {
  readonly heapMb: number;
  readonly onMessage: Array<(message: unknown) => void>;
  readonly onExit: Array<(reason: ExitReason) => void>;
  /** Running a call. */
  busy: boolean;
  /** Being killed. */
  ending: boolean;
  exited: boolean;
}

interface WorkerHost {
  readonly child: ChildProcess;
  readonly containers: Map<string, Hosted>;
  readonly gone: Promise<void>;
  /** Containers that are busy or ending: while any is, the worker host keeps the server alive. */
  referenced: number;
}

export function createWorkerLauncher(moduleCacheDir: string): ContainerLauncher {
  const compiled = compiledEntry('worker', moduleCacheDir);
  const hostEntry = compiled === null ? fileURLToPath(new URL('host-entry.ts', sourceDir)) : compiled.replace(/entry\.js$/, 'host-entry.js');
  const workerEntry = compiled === null ? new URL('entry.ts', sourceDir).href : pathToFileURL(compiled).href;
  let host: WorkerHost | null = null;
  let closed = false;

  function startHost(): WorkerHost {
    const child = fork(hostEntry, [moduleCacheDir, workerEntry], {
      execArgv: [
        '--permission',
        '--allow-worker',
        ...[...(compiled === null ? containerSourcePaths('worker') : []), moduleCacheDir].map((path) => `--allow-fs-read=${path}`),
      ],
      env: {},
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const stderr = stderrTail();
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    const containers = new Map<string, Hosted>();
    // A failed send (the child already gone) surfaces through 'exit'; never as an unhandled error.
    child.on('error', () => {});
    child.on('message', (raw) => {
      const parsed = EventSchema.safeParse(raw);
      if (!parsed.success) {
        child.kill('SIGKILL');
        return;
      }
      const event = parsed.data;
      const hosted = containers.get(event.id);
      if (hosted === undefined) return;
      if (event.type === 'message') {
        for (const handler of hosted.onMessage) handler(event.message);
        return;
      }
      exit(current, event.id, event.reason);
    });
    const gone = new Promise<void>((resolve) => {
      child.on('exit', (code, signal) => {
        if (host === current) host = null;
        const busy = [...containers.values()].filter((c) => c.busy).length;
        const aborted = heapExhausted.test(stderr.text());
        for (const [id, hosted] of [...containers]) {
          exit(current, id, aborted && hosted.busy && busy === 1
            // The only container running a call is the one that allocated past its limit.
            ? { kind: 'out-of-memory', message: `container exceeded its heap limit (${hosted.heapMb} MiB)` }
            : { kind: 'crash', message: aborted
              ? 'the worker host was aborted: a container on it exceeded its heap limit'
              : `the worker host exited (${signal ?? `code ${code}`})` });
        }
        resolve();
      });
    });
    const current: WorkerHost = { child, containers, gone, referenced: 0 };
    reference(current, 0);
    return current;
  }

  function exit(on: WorkerHost, id: string, reason: ExitReason): void {
    const hosted = on.containers.get(id);
    if (hosted === undefined || hosted.exited) return;
    set(on, hosted, { busy: false, ending: false });
    hosted.exited = true;
    on.containers.delete(id);
    for (const handler of hosted.onExit) handler(reason);
  }

  function set(on: WorkerHost, hosted: Hosted, flags: { busy?: boolean; ending?: boolean }): void {
    const before = hosted.busy || hosted.ending;
    hosted.busy = flags.busy ?? hosted.busy;
    hosted.ending = flags.ending ?? hosted.ending;
    const after = hosted.busy || hosted.ending;
    if (before !== after) reference(on, after ? 1 : -1);
  }

  /** An idle worker host must not keep the server process alive; one with a busy container must. */
  function reference(on: WorkerHost, change: number): void {
    const was = on.referenced > 0;
    on.referenced += change;
    const is = on.referenced > 0;
    if (change === 0 || was !== is) referenceChild(on.child, is);
  }

  function command(on: WorkerHost, message: WorkerHostCommand): void {
    if (!on.child.connected) throw new Error('container is gone');
    on.child.send(message);
  }

  return {
    start(options: TransportOptions): ContainerTransport {
      if (closed) throw new Error('the runtime is closed');
      const on = host?.child.connected ? host : (host = startHost());
      const hosted: Hosted = { heapMb: options.heapMb, onMessage: [], onExit: [], busy: false, ending: false, exited: false };
      on.containers.set(options.id, hosted);
      command(on, { type: 'start', id: options.id, heapMb: options.heapMb });
      const ended = new Promise<void>((resolve) => hosted.onExit.push(() => resolve()));
      return {
        id: options.id,
        send: (message) => {
          if (hosted.exited) throw new Error('container is gone');
          command(on, { type: 'send', id: options.id, message });
        },
        onMessage: (handler) => hosted.onMessage.push(handler),
        onExit: (handler) => hosted.onExit.push(handler),
        async kill() {
          if (hosted.exited) return;
          // Referenced while it ends, or an otherwise idle server would exit before it is seen.
          set(on, hosted, { ending: true });
          try {
            command(on, { type: 'kill', id: options.id });
          } catch {
            // The worker host is gone: its exit ends this container.
          }
          await ended;
        },
        setActive(active) {
          if (!hosted.exited) set(on, hosted, { busy: active });
        },
      };
    },
    async close() {
      closed = true;
      const last = host;
      host = null;
      if (last === null) return;
      reference(last, 1);
      last.child.kill('SIGKILL');
      await last.gone;
    },
  };
}
