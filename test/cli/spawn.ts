// Runs the real `gatehouse` entry point in a child process, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const mainPath = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** The caller's environment without Gatehouse settings, so a developer's shell cannot skew a test. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('GATEHOUSE_') && key !== 'PORT') env[key] = value;
  }
  return { ...env, ...extra };
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runGatehouse(args: readonly string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainPath, ...args], { env: cleanEnv(options.env), cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  readonly child: ChildProcess;
  /** Everything printed on stdout up to the "ready" line. */
  readonly banner: string;
  output(): { stdout: string; stderr: string };
  /** Sends the signal and resolves with the exit status. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `gatehouse start …` and resolves once it prints "ready in N ms" (rejects if it exits first). */
export function startGatehouse(args: readonly string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainPath, 'start', ...args], { env: cleanEnv(options.env), cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let ready = false;
    const exited = new Promise<number | null>((done) => child.on('close', (status) => done(status)));
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (!ready && /^ready in \d+ ms$/m.test(stdout)) {
        ready = true;
        resolve({
          child,
          banner: stdout,
          output: () => ({ stdout, stderr }),
          stop: async (signal = 'SIGTERM') => { child.kill(signal); return exited; },
        });
      }
    });
    exited.then((status) => { if (!ready) reject(new Error(`gatehouse start exited with ${status} before ready:\n${stdout}\n${stderr}`)); });
  });
}
