// Worker-thread entry of a container: the container side, over the worker's message port.
import { parentPort, workerData } from 'node:worker_threads';
import type { HostMessage } from '../../protocol.ts';
import { serve } from '../../container/serve.ts';

const port = parentPort;
if (port === null) throw new Error('the container entry must run in a worker thread');
serve({
  send: (message) => port.postMessage(message),
  onMessage: (handler) => port.on('message', (message: HostMessage) => handler(message)),
}, { moduleCacheDir: String((workerData as { moduleCacheDir?: unknown } | null)?.moduleCacheDir ?? '') });
