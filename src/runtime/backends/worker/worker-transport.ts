// Worker backend: one worker_threads Worker per container. Same process as the host: the heap
// limit, an empty env and the container's hardening apply, but the file system, native addons and
// the network are the host's (docs/runtime.md, "What each backend isolates").
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compiledEntry } from '../compiled-entry.ts';
import { stderrTail, type ContainerTransport, type ExitReason, type TransportOptions } from '../transport.ts';

const sourceEntry = new URL('./entry.ts', import.meta.url);

export function startWorkerTransport(options: TransportOptions): ContainerTransport {
  const compiled = compiledEntry('worker', options.moduleCacheDir);
  const worker = new Worker(compiled === null ? sourceEntry : pathToFileURL(compiled), {
    env: {},
    execArgv: [],
    workerData: { moduleCacheDir: options.moduleCacheDir },
    stdout: true,
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: options.heapMb },
    name: `gatehouse-container-${options.id}`,
  });
  const tail = stderrTail();
  // Nothing a container prints reaches the host's own output.
  worker.stdout.resume();
  worker.stderr.on('data', (chunk: Buffer) => tail.push(chunk));

  let reason: ExitReason | null = null;
  let killed = false;
  const exitHandlers: Array<(reason: ExitReason) => void> = [];
  const gone = new Promise<void>((resolve) => {
    worker.on('exit', (code) => {
      const why: ExitReason = reason ?? (killed
        ? { kind: 'crash', message: 'container terminated' }
        : { kind: 'crash', message: `container exited with code ${code}${tail.text() ? `: ${lastLine(tail.text())}` : ''}` });
      for (const handler of exitHandlers) handler(why);
      resolve();
    });
  });
  worker.on('error', (err: Error & { code?: string }) => {
    reason ??= err.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? { kind: 'out-of-memory', message: `container exceeded its heap limit (${options.heapMb} MiB)` }
      : { kind: 'crash', message: `container failed: ${err.message}` };
  });
  worker.on('messageerror', () => {
    reason ??= { kind: 'crash', message: 'container sent a message that could not be deserialized' };
    void worker.terminate();
  });

  return {
    id: options.id,
    send: (message) => worker.postMessage(message),
    onMessage: (handler) => worker.on('message', handler),
    onExit: (handler) => exitHandlers.push(handler),
    async kill() {
      killed = true;
      // Referenced while it ends, or an otherwise idle host would exit before 'exit' is seen.
      worker.ref();
      await worker.terminate();
      await gone;
    },
    setActive(active) {
      if (active) worker.ref();
      else worker.unref();
    },
  };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}
