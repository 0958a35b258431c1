// HTTP section: time from process start to "ready" for `gatehouse start` (first start creates
// the database and demo tenant; second start finds them), and /healthz latency and throughput
// through the full stack (tenant lookup in SQLite per request) on loopback.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { startTestServer } from '../test/helpers/server.ts';
import type { BenchSection } from './section.ts';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const REQUESTS = 5_000;
const CONCURRENCY = 16;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startToReady(db: string): Promise<number> {
  const port = await freePort();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, 'start', '--port', String(port), '--host', '127.0.0.1', '--db', db], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.on('error', reject);
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const ready = /^ready in (\d+) ms$/m.exec(out);
      if (ready) {
        child.kill('SIGTERM');
        resolve(Number(ready[1]));
      }
    });
    child.on('close', (code) => { if (!/ready in/.test(out)) reject(new Error(`start exited ${code}: ${out}`)); });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function run(): Promise<BenchSection> {
  const dir = await mkdtemp(join(tmpdir(), 'gh-bench-'));
  const rows: (string | number)[][] = [];
  try {
    const db = `sqlite:${join(dir, 'gh.db')}`;
    rows.push(['start → ready, first start (ms)', await startToReady(db)]);
    rows.push(['start → ready, second start (ms)', await startToReady(db)]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const server = await startTestServer({ logLevel: 'warn' });
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  const once = () => new Promise<void>((resolve, reject) => {
    const t0 = performance.now();
    request({ host: '127.0.0.1', port: server.port, path: '/healthz', headers: { host: 'localhost' }, agent }, (res) => {
      res.resume();
      res.on('end', () => { latencies.push(performance.now() - t0); resolve(); });
    }).on('error', reject).end();
  });
  try {
    let sent = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (sent++ < REQUESTS) await once(); }));
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    rows.push([`GET /healthz requests/s (${REQUESTS} requests, ${CONCURRENCY} concurrent)`, Math.round(REQUESTS / seconds)]);
    rows.push(['GET /healthz latency p50 (ms)', percentile(latencies, 50)]);
    rows.push(['GET /healthz latency p99 (ms)', percentile(latencies, 99)]);
  } finally {
    agent.destroy();
    await server.close();
  }
  return { title: 'http', columns: ['measure', 'value'], rows, notes: ['SQLite, in-process server, logs at warn, loopback; one machine, so client and server share its cores.'] };
}
