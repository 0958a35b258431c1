// The worker host: a child process that holds the worker backend's containers, one worker_threads
// worker each, and relays their messages over its IPC channel. It exists so that whatever kills a
// whole process (V8 aborts the process when one allocation overshoots a worker's heap limit by
// more than its leeway) kills this process, never the server; and so that the containers run
// under Node's permission model, as the process backend's do. It leaves when its parent
// disconnects, so it never outlives the server.
import { Worker } from 'node:worker_threads';
import { stderrTail, type ExitReason } from '../transport.ts';
import type { WorkerHostCommand, WorkerHostEvent } from './host-protocol.ts';

const send = process.send?.bind(process);
if (send === undefined) throw new Error('the worker host must run in a forked child process');
const [moduleCacheDir = '', workerEntry = ''] = process.argv.slice(2);
const exit = process.exit.bind(process);
process.on('disconnect', () => exit(0));

interface Container {
  readonly worker: Worker;
  reason: ExitReason | null;
}

const containers = new Map<string, Container>();

function emit(event: WorkerHostEvent): void {
  try {
    send?.(event);
  } catch {
    // The parent is gone: 'disconnect' ends this process.
  }
}

function start(id: string, heapMb: number): void {
  const worker = new Worker(new URL(workerEntry), {
    env: {},
    // No execArgv: a worker given its own (even []) runs outside the permission model.
    workerData: { moduleCacheDir },
    stdout: true,
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
    name: `gatehouse-container-${id}`,
  });
  const container: Container = { worker, reason: null };
  containers.set(id, container);
  const tail = stderrTail();
  // Nothing a container prints reaches any process's output.
  worker.stdout.resume();
  worker.stderr.on('data', (chunk: Buffer) => tail.push(chunk));

  worker.on('message', (message: unknown) => {
    try {
      send?.({ type: 'message', id, message } satisfies WorkerHostEvent);
    } catch {
      container.reason ??= { kind: 'crash', message: 'container sent a message that could not be relayed' };
      void worker.terminate();
    }
  });
  worker.on('error', (err: Error & { code?: string }) => {
    container.reason ??= err.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? { kind: 'out-of-memory', message: `container exceeded its heap limit (${heapMb} MiB)` }
      : { kind: 'crash', message: `container failed: ${err.message}` };
  });
  worker.on('messageerror', () => {
    container.reason ??= { kind: 'crash', message: 'container sent a message that could not be deserialized' };
    void worker.terminate();
  });
  worker.on('exit', (code) => {
    containers.delete(id);
    const last = lastLine(tail.text());
    emit({ type: 'exit', id, reason: container.reason ?? { kind: 'crash', message: `container exited with code ${code}${last ? `: ${last}` : ''}` } });
  });
}

process.on('message', (command: WorkerHostCommand) => {
  switch (command.type) {
    case 'start':
      start(command.id, command.heapMb);
      return;
    case 'send': {
      const container = containers.get(command.id);
      if (container === undefined) return;
      try {
        container.worker.postMessage(command.message);
      } catch {
        container.reason ??= { kind: 'crash', message: 'container could not be reached' };
        void container.worker.terminate();
      }
      return;
    }
    case 'kill': {
      const container = containers.get(command.id);
      if (container === undefined) return;
      container.reason ??= { kind: 'crash', message: 'container terminated' };
      void container.worker.terminate();
      return;
    }
  }
});

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}
