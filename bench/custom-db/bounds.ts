// The rates a custom database login cannot beat on this machine, measured in the same run:
// bcryptjs compares/s on every core (worker threads, the library the scripts use) and argon2id
// verifications/s through @node-rs/argon2 (what a migrated user's login costs).
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { hashPassword, verifyPassword } from '../../src/flows/native-db/index.ts';

/** Compares per second over `seconds`, one worker per core, each comparing back to back. */
export async function bcryptBound(bcryptjsDir: string, hash: string, password: string, seconds: number): Promise<{ perSecond: number; threads: number }> {
  const threads = cpus().length;
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const bcrypt = require(workerData.dir);
    const until = Date.now() + workerData.ms;
    let n = 0;
    while (Date.now() < until) { if (!bcrypt.compareSync(workerData.password, workerData.hash)) throw new Error('mismatch'); n++; }
    parentPort.postMessage(n);`;
  const started = performance.now();
  const counts = await Promise.all(Array.from({ length: threads }, () => new Promise<number>((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { dir: bcryptjsDir, hash, password, ms: seconds * 1000 } });
    worker.once('message', resolve);
    worker.once('error', reject);
  })));
  const elapsed = (performance.now() - started) / 1000;
  return { perSecond: counts.reduce((a, b) => a + b, 0) / elapsed, threads };
}

/** argon2id verifications per second with `concurrency` in flight (the library runs them off the main thread). */
export async function argon2Bound(password: string, seconds: number, concurrency: number): Promise<number> {
  const hash = await hashPassword(password);
  const until = performance.now() + seconds * 1000;
  let n = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      if (!(await verifyPassword(hash, password))) throw new Error('mismatch');
      n++;
    }
  }));
  return n / ((performance.now() - started) / 1000);
}
