// A private redis-server for fault tests, on a free loopback port, so stopping it disturbs no
// one else's tests (the shared one on 6379 stays up). Skips, with a reason, where there is no
// redis-server binary — except under CI=true, where that is a failure.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../cli/spawn.ts';

export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** Starts it again on the same port (after stop()). */
  start(): Promise<void>;
  /** Kills it (SIGKILL: a crash, not a shutdown). */
  stop(): Promise<void>;
}

export function redisServerMissing(): string | undefined {
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  if (found.status === 0) return undefined;
  if (process.env.CI === 'true') throw new Error('redis-server is required under CI=true');
  return 'redis-server is not installed (bash ../shared/ci/services.sh redis installs it)';
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

const running = new Set<ChildProcess>();
process.once('exit', () => { for (const child of running) child.kill('SIGKILL'); });

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    running.add(child);
    for (let i = 0; i < 100; i += 1) {
      if (await answers(port)) return;
      await sleep(50);
    }
    throw new Error(`redis-server did not open port ${port}`);
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGKILL');
    await exited;
    running.delete(c);
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}/0`, start, stop };
}
