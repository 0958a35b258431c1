// Starts isolated-host.ts behind a relay: test → relay → host → containers. A script that kills
// its host's parent kills the relay, which the test sees as a signal instead of dying itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Backend, Outcome } from '../../../helpers/runtime.ts';

const hostFile = fileURLToPath(new URL('./isolated-host.ts', import.meta.url));

// The relay exits 0 only when the host exited 0 by itself.
const relay = `
const { spawn } = require('node:child_process');
const host = spawn(process.execPath, process.argv.slice(1), { stdio: 'inherit' });
host.on('exit', (code, signal) => {
  if (code !== 0) console.error('relay: host ended with code ' + code + ' signal ' + signal);
  process.exit(code === 0 ? 0 : 1);
});`;

export interface HostReport {
  readonly pid: number;
  /** The host's own database socket, when `handles` were asked for. */
  readonly socketFd: number | null;
  readonly ppid: number;
  readonly numbers: readonly number[];
  readonly hostile: Outcome;
  readonly good: Outcome;
}

export interface HostRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly report: HostReport | null;
}

export interface HostOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Time limit of the hostile call (default 10 s). */
  readonly timeoutMs?: number;
  /** Have the host hold the SQLite file open and a database socket streaming `secret`. */
  readonly handles?: { readonly dbPath: string; readonly secret: string };
}

export function spawnIsolatedHost(backend: Backend, source: string, args: readonly unknown[], options: HostOptions = {}): Promise<HostRun> {
  const job = JSON.stringify({ backend, source, args, timeoutMs: options.timeoutMs, handles: options.handles });
  const env = options.env ?? process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', relay, hostFile, job], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      resolve({ code, signal, stderr, report: line ? (JSON.parse(line) as HostReport) : null });
    });
  });
}

/** The host lived through the hostile call, exited by itself and served the next tenant. */
export function assertHostSurvived(run: HostRun): HostReport {
  assert.equal(run.signal, null, `the relay (the host's parent) was killed: ${run.stderr.slice(-2000)}`);
  assert.equal(run.code, 0, `the host died: ${run.stderr.slice(-2000)}`);
  assert.ok(run.report, `the host printed no report: ${run.stderr.slice(-2000)}`);
  assertHostServedGood(run.report);
  return run.report;
}

/** The host's well-behaved call, made after the hostile one, returned exactly what it should. */
export function assertHostServedGood(report: HostReport): void {
  assert.equal(report.good.kind, 'result', `the good call failed: ${JSON.stringify(report.good)}`);
  assert.deepEqual((report.good as Outcome & { value: unknown }).value, {
    user_id: 'good@example.com',
    sum: report.numbers.reduce((a, b) => a + b, 0),
    doubled: report.numbers.map((n) => n * 2),
    parsed: true,
    proto: 'undefined',
    calls: 1,
  });
}
