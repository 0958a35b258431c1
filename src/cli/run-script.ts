import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config/index.ts';
import { GatehouseError } from '../errors/index.ts';
import { createRunner } from '../runtime/create-runner.ts';
import { dependenciesForScripts } from '../runtime/modules/default-allowlist.ts';
import { installDependencySet, type InstallProgress } from '../runtime/modules/install.ts';
import type { Backend, Outcome } from '../runtime/runner.ts';
import { EXIT_BAD_INPUT, processOutput, type Output } from './output.ts';

// `gatehouse run-script`: one custom-DB script through the real runtime, as a deploy would run it.
// Exit status: 0 when every run produced a result or a user error; 1 when any run timed out,
// crashed, ran out of memory or was rejected (or modules could not be installed); 2 for bad input.
// --args often holds a password, so no message here ever echoes it.

export const scriptNames = ['login', 'get_user', 'create', 'verify', 'change_password', 'change_email', 'delete'] as const;
type ScriptName = (typeof scriptNames)[number];

const defaultModuleCache = join('.gatehouse', 'modules');

interface Flags {
  script?: ScriptName;
  args: string;
  configuration?: string;
  repeat: number;
  timeoutMs?: number;
  backend?: Backend;
  json?: boolean;
}

class UsageError extends Error {}

const examples = `
The script is a file, or a folder holding login.js, get_user.js, create.js, verify.js,
change_password.js, change_email.js and delete.js (auth0-deploy-cli's layout). A callback is
appended to --args, as Auth0 does. Allow-listed modules the script requires (bcryptjs, pg, …)
are installed into .gatehouse/modules first.

Examples:
  $ gatehouse run-script ./database-connections/legacy-db --script login \\
      --args '["jane@example.com","s3cret"]' --configuration '{"DB_URL":"postgres://…"}'
  $ gatehouse run-script ./login.js --args '["jane@example.com","s3cret"]' --repeat 3 --json

Exit status: 0 result or user error, 1 timeout/crash/out-of-memory/rejected, 2 bad input.`;

function positiveInt(what: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${what} must be a positive integer.`);
    return Number(value);
  };
}

/** Registers `run-script` on the program. */
export function registerRunScript(program: Command, output: Output = processOutput): void {
  program
    .command('run-script')
    .description('run one custom database script through the real runtime and show result, logs and timing')
    .argument('<dir-or-file>', 'a script file, or a folder of <script>.js files')
    .addOption(new Option('--script <name>', 'which script to run (default: the file name)').choices(scriptNames))
    .requiredOption('--args <json>', 'the script arguments as a JSON array, without the callback')
    .option('--configuration <json>', 'the connection configuration as a JSON object of strings')
    .option('--repeat <n>', 'run N times in the same container', positiveInt('--repeat'), 1)
    .option('--timeout-ms <n>', 'time limit per run', positiveInt('--timeout-ms'))
    .addOption(new Option('--backend <backend>', 'isolation backend (default: from configuration)').choices(['worker', 'process']))
    .option('--json', 'one JSON object per run per line')
    .addHelpText('after', examples)
    .action(async (target: string, flags: Flags, command: Command) => {
      try {
        await runScriptCommand(target, flags, output);
      } catch (err) {
        // Reported like commander's own usage errors: one line, exit status 2.
        if (err instanceof UsageError) command.error(err.message, { exitCode: EXIT_BAD_INPUT, code: 'gatehouse.runScript.badInput' });
        throw err;
      } finally {
        // A handle the runtime left open must not keep the command alive after its answer.
        setTimeout(() => process.exit(), 2_000).unref();
      }
    });
}

async function runScriptCommand(target: string, flags: Flags, output: Output): Promise<void> {
  const args = parseArgs(flags.args);
  const configuration = parseConfiguration(flags.configuration);
  const { file, script, isFolder } = await resolveScript(target, flags.script);
  const source = await readFile(file, 'utf8');
  const config = loadConfig();
  const runtime = config.runtime as typeof config.runtime & { readonly moduleCacheDir?: string };
  const moduleCacheDir = resolve(runtime.moduleCacheDir ?? defaultModuleCache);

  // A folder is a connection: like its deploy, install one set for all of its scripts.
  const dependencies = dependenciesForScripts(isFolder ? await connectionSources(target) : [source]);
  if (Object.keys(dependencies).length > 0) {
    await installDependencySet(moduleCacheDir, dependencies, { onProgress: progressLine() });
  }

  const timeoutMs = flags.timeoutMs ?? runtime.timeoutMs;
  const runner = createRunner({
    backend: flags.backend ?? runtime.backend,
    timeoutMs,
    heapMb: runtime.heapMb,
    maxContainers: 1,
    idleMs: runtime.idleMs,
    spares: 0,
    queueTimeoutMs: timeoutMs,
    moduleCacheDir,
  });
  const failed: string[] = [];
  try {
    for (let i = 1; i <= flags.repeat; i += 1) {
      const outcome = await runner.run({
        tenant: 'run-script',
        // One container for the whole folder: scripts of one connection share `global`.
        containerKey: resolve(file, '..'),
        codeId: script,
        codeVersion: createHash('sha256').update(source).digest('hex').slice(0, 16),
        source,
        kind: 'script',
        args,
        configuration,
        dependencies,
        timeoutMs,
      });
      output.out(flags.json ? JSON.stringify(toJson(outcome)) : formatHuman(outcome, script, i, flags.repeat));
      if (outcome.kind !== 'result' && outcome.kind !== 'user-error') failed.push(`run ${i}: ${outcome.kind}`);
    }
  } finally {
    await runner.close();
  }
  // A timeout, crash, out-of-memory or rejection is the script failing, not an answer: exit 1.
  if (failed.length > 0) {
    throw new GatehouseError('SCRIPT_FAILED', `${failed.length} of ${flags.repeat} run${flags.repeat === 1 ? '' : 's'} failed (${failed.join(', ')})`);
  }
}

function parseArgs(text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`--args is not valid JSON; expected an array such as '["jane@example.com","s3cret"]'`);
  }
  if (!Array.isArray(value)) throw new UsageError(`--args must be a JSON array such as '["jane@example.com","s3cret"]', got ${typeOf(value)}`);
  return value;
}

function parseConfiguration(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`--configuration is not valid JSON; expected an object such as '{"DB_URL":"postgres://…"}'`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`--configuration must be a JSON object of strings, got ${typeOf(value)}`);
  }
  for (const [key, v] of Object.entries(value)) {
    // Auth0 stores configuration values as strings; a number here would behave differently there.
    if (typeof v !== 'string') throw new UsageError(`--configuration value "${key}" must be a string, got ${typeOf(v)}`);
  }
  return value as Record<string, string>;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

async function connectionSources(folder: string): Promise<string[]> {
  const sources = await Promise.all(scriptNames.map((name) => readFile(join(folder, `${name}.js`), 'utf8').catch(() => '')));
  return sources.filter((text) => text !== '');
}

async function resolveScript(target: string, script: ScriptName | undefined): Promise<{ file: string; script: ScriptName; isFolder: boolean }> {
  const info = await stat(target).catch(() => null);
  if (!info) throw new UsageError(`no such file or folder: ${target}`);
  if (info.isDirectory()) {
    if (!script) throw new UsageError(`--script is required with a folder (one of ${scriptNames.join(', ')})`);
    const file = join(target, `${script}.js`);
    if (!(await stat(file).catch(() => null))?.isFile()) throw new UsageError(`no ${script}.js in ${target}`);
    return { file, script, isFolder: true };
  }
  const fromName = basename(target).replace(/\.js$/, '') as ScriptName;
  const chosen = script ?? (scriptNames.includes(fromName) ? fromName : undefined);
  if (!chosen) throw new UsageError(`--script is required: ${basename(target)} is not named after a script (${scriptNames.join(', ')})`);
  return { file: target, script: chosen, isFolder: false };
}

/** On a terminal, a line that is replaced when done; elsewhere one plain line per install. */
function progressLine(): (event: InstallProgress) => void {
  const tty = process.stderr.isTTY === true;
  return (event) => {
    const what = event.packages.join(', ');
    if (event.stage === 'start') process.stderr.write(tty ? `installing ${what}…` : `installing ${what}\n`);
    else if (tty) process.stderr.write(`\r\x1b[2Kinstalled ${what} in ${(event.durationMs / 1000).toFixed(1)} s\n`);
  };
}

const failureNames: Record<Exclude<Outcome['kind'], 'result' | 'user-error'>, string> = {
  timeout: 'TimeoutError',
  'callback-missing': 'CallbackMissingError',
  crash: 'CrashError',
  'out-of-memory': 'OutOfMemoryError',
  rejected: 'RejectedError',
  overloaded: 'OverloadedError',
};

export interface RunJson {
  ok: boolean;
  result?: unknown;
  error?: { name: string; message: string; code?: string };
  kind: Outcome['kind'];
  logs: { level: string; message: string }[];
  durationMs: number;
  container: { id: string; cold: boolean; recycled: boolean };
}

function toJson(outcome: Outcome): RunJson {
  const common = {
    kind: outcome.kind,
    logs: outcome.logs.map((l) => ({ level: l.level, message: l.message })),
    durationMs: Math.round(outcome.durationMs * 1000) / 1000,
    container: { id: outcome.container.id, cold: outcome.container.cold, recycled: outcome.container.recycled },
  };
  if (outcome.kind === 'result') return { ok: true, result: outcome.value ?? null, ...common };
  if (outcome.kind === 'user-error') {
    const { name, message, code } = outcome.error;
    return { ok: false, error: code === undefined ? { name, message } : { name, message, code }, ...common };
  }
  return { ok: false, error: { name: failureNames[outcome.kind], message: outcome.message }, ...common };
}

function formatHuman(outcome: Outcome, script: string, run: number, of: number): string {
  const c = outcome.container;
  const state = [c.cold ? 'cold' : 'warm', ...(c.recycled ? ['recycled'] : [])].join(', ');
  // Rejected and overloaded runs never reach a container.
  const where = c.id === '' ? 'no container' : `container ${c.id} (${state})`;
  const lines = [`${script}${of > 1 ? ` · run ${run} of ${of}` : ''} · ${outcome.kind} · ${outcome.durationMs.toFixed(1)} ms · ${where}`];
  if (outcome.kind === 'result') {
    lines.push(outcome.value === undefined ? '(no result)' : JSON.stringify(outcome.value, null, 2));
  } else if (outcome.kind === 'user-error') {
    const e = outcome.error;
    lines.push(`${e.name}: ${e.message}${e.code === undefined ? '' : ` (code: ${e.code})`}`);
  } else {
    lines.push(`${failureNames[outcome.kind]}: ${outcome.message}`);
  }
  if (outcome.logs.length > 0) {
    lines.push('logs:', ...outcome.logs.map((l) => `  ${l.level.padEnd(5)} ${l.message}`));
    if (outcome.logsTruncated) lines.push('  (logs cut at the per-execution limit)');
  }
  return `${lines.join('\n')}\n`;
}
