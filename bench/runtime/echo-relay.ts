// Baseline: the worker backend's path with nothing on it. A child process (as the worker host)
// relays each IPC message to an echo worker thread and the echo back.
import { Worker } from 'node:worker_threads';

const worker = new Worker(new URL('./echo-worker.ts', import.meta.url));
worker.on('message', (message: unknown) => process.send?.(message as object));
process.on('message', (message) => worker.postMessage(message));
process.on('disconnect', () => process.exit(0));
