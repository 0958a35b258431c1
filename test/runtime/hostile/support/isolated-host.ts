// A throw-away host process for misbehaviour that could end or damage the process running the
// runner (process.exit, process.kill, stealing its file descriptors): it creates a runner, runs
// one hostile script for tenant `evil`, then a well-behaved call for another tenant, and prints
// both outcomes as one JSON line. Run through `spawnIsolatedHost` (spawn-host.ts), which puts a
// relay process between the test and this host, so that even `process.kill(process.ppid)` from a
// worker cannot reach the test.
import { randomInt } from 'node:crypto';
import { createServer, connect, type Socket } from 'node:net';
import { DatabaseSync } from 'node:sqlite';
import type { Backend } from '../../../helpers/runtime.ts';
import { runScript, startRunner, wellBehavedSource } from '../../../helpers/runtime.ts';

interface HostJob {
  readonly backend: Backend;
  readonly source: string;
  readonly args: readonly unknown[];
  readonly timeoutMs?: number;
  /** Open what a real server holds while it runs: the SQLite file and a database socket streaming `secret`. */
  readonly handles?: { readonly dbPath: string; readonly secret: string };
}

interface Handles {
  readonly socketFd: number | null;
  close(): void;
}

async function openHandles(dbPath: string, secret: string): Promise<Handles> {
  const db = new DatabaseSync(dbPath);
  db.prepare('select count(*) from keys').get();
  const feeds: NodeJS.Timeout[] = [];
  // Both ends swallow socket errors: closing the client with unread data makes the kernel send a
  // reset, and an unhandled ECONNRESET of this stand-in would end the host as if the script had.
  const server = createServer((conn) => {
    conn.on('error', () => {});
    feeds.push(setInterval(() => conn.write(secret), 5));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const client: Socket = await new Promise((resolve) => { const c = connect(port, '127.0.0.1', () => resolve(c)); });
  client.on('data', () => {});
  client.on('error', () => {});
  const fd = (client as unknown as { _handle?: { fd?: number } })._handle?.fd;
  return {
    socketFd: typeof fd === 'number' ? fd : null,
    close() {
      for (const feed of feeds) clearInterval(feed);
      client.destroy();
      server.close();
      db.close();
    },
  };
}

const job = JSON.parse(process.argv[2] ?? '{}') as HostJob;
const handles = job.handles ? await openHandles(job.handles.dbPath, job.handles.secret) : null;
const runner = startRunner(job.backend);
try {
  const hostile = await runScript(runner, job.source, { tenant: 'evil', args: job.args, timeoutMs: job.timeoutMs ?? 10_000 });
  const numbers = [randomInt(1000), randomInt(1000)];
  const good = await runScript(runner, wellBehavedSource, { tenant: 'good', args: ['good@example.com', numbers] });
  const socketFd = handles?.socketFd ?? null;
  process.stdout.write(`${JSON.stringify({ pid: process.pid, ppid: process.ppid, socketFd, numbers, hostile, good })}\n`);
} finally {
  handles?.close();
  await runner.dispose();
}
