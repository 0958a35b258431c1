// Baseline: the cheapest possible worker_threads round trip (message in, same message out).
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (message: unknown) => parentPort?.postMessage(message));
