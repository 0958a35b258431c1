import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** How to start npm: the one shipped beside the running Node when there is one, else `npm` on PATH. */
export function locateNpm(execPath: string = process.execPath): { command: string; prefixArgs: string[] } {
  const bin = dirname(execPath);
  // Official Node layouts: bin/npm beside bin/node (Unix), or lib/node_modules/npm/bin/npm-cli.js.
  const cli = [join(bin, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'), join(bin, 'node_modules', 'npm', 'bin', 'npm-cli.js')]
    .find((p) => existsSync(p));
  if (cli) return { command: execPath, prefixArgs: [cli] };
  return { command: 'npm', prefixArgs: [] };
}

export interface NpmResult {
  readonly code: number | null;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs npm with the given arguments; never throws for npm's own failures, only reports them. */
export function runNpm(args: readonly string[], options: { cwd: string; timeoutMs: number }): Promise<NpmResult> {
  const npm = locateNpm();
  return new Promise((resolve) => {
    const child = spawn(npm.command, [...npm.prefixArgs, ...args], {
      cwd: options.cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      // The parent's lifecycle variables (npm_lifecycle_*, npm_package_*) describe Gatehouse's own
      // package, not the module set being installed; registry and cache settings are kept.
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_(lifecycle|package)_/.test(k))),
    });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 64_000) stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, stderr: `${stderr}\nnpm error ${err.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, timedOut });
    });
  });
}

/** npm's reason for a failure, as one line (the first `npm error` line that is not boilerplate). */
export function npmReason(stderr: string): string {
  const lines = stderr.split('\n')
    .map((l) => l.trim())
    .filter((l) => /^npm (error|ERR!)/.test(l))
    .map((l) => l.replace(/^npm (error|ERR!)\s*/, '').replace(/^notarget\s+/, ''))
    .filter((l) => l !== '' && !/^(code |errno |syscall |A complete log|Log files were not written|You can rerun|\/)/.test(l));
  return lines[0] ?? 'npm exited with an error';
}
