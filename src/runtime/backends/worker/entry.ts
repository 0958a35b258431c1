// Worker-thread entry of a container: the container side, over the worker's message port.
import { syncBuiltinESMExports } from 'node:module';
import workerThreads, { parentPort, workerData } from 'node:worker_threads';
import type { HostMessage } from '../../protocol.ts';
import { serve } from '../../container/serve.ts';

const port = parentPort;
if (port === null) throw new Error('the container entry must run in a worker thread');

// The worker host must be allowed to start workers, and Node runs a worker started with its own
// `execArgv` outside the permission model: a tenant's package must not be able to start one.
class RefusedWorker {
  constructor() {
    throw new Error('Starting worker threads is not allowed in a container');
  }
}
workerThreads.Worker = RefusedWorker as unknown as typeof workerThreads.Worker;
syncBuiltinESMExports();

serve({
  send: (message) => port.postMessage(message),
  onMessage: (handler) => port.on('message', (message: HostMessage) => handler(message)),
}, { moduleCacheDir: String((workerData as { moduleCacheDir?: unknown } | null)?.moduleCacheDir ?? '') });
