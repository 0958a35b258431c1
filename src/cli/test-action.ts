import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config/index.ts';
import { GatehouseError, isGatehouseError } from '../errors/index.ts';
import { createScriptRunner } from '../extensibility/custom-db/index.ts';
import { TRIGGERS, testAction, type TestActionResult, type TriggerId } from '../extensibility/actions/index.ts';
import { defaultEvent } from '../flows/dev/default-events.ts';
import { createSecretBox, openDatabase } from '../storage/index.ts';
import { EXIT_BAD_INPUT, processOutput, type Output } from './output.ts';
import { painter, type Paint } from './paint.ts';

// `gatehouse test-action`: one Action handler in the real runtime with an event, printing the
// api calls it made in order, its logs and duration (Auth0's "Test" panel). Nothing is stored.
// Exit status: 0 the handler finished (a deny is an answer), 1 it threw, rejected or timed out,
// 2 bad input. Secrets given with --secrets are masked in the logs and never printed.

const examples = `
Without --event a realistic event for the trigger is used (a verified user, a browser request,
the demo client). For post-login, a handler that calls api.redirect.sendUserTo shows the
redirect; run again with --continue-query to run onContinuePostLogin with the query the
browser brings back to /continue.

Examples:
  $ gatehouse test-action actions/add-roles/code.js --trigger post-login
  $ gatehouse test-action code.js --trigger post-login --event event.json --secrets API_KEY=abc123 --json
  $ gatehouse test-action code.js --trigger post-login --continue-query '{"state":"abc","consent":"yes"}'

Exit status: 0 finished (denied included), 1 the Action threw, rejected or timed out, 2 bad input.`;

interface Flags {
  readonly trigger: TriggerId;
  readonly event?: string;
  readonly secrets?: Record<string, string>;
  readonly continueQuery?: string;
  readonly json?: boolean;
}

class UsageError extends Error {}

function keyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at < 1) throw new InvalidArgumentError('expected KEY=VALUE');
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

function jsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${what} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

export interface TestActionJson {
  ok: boolean;
  commands: ReadonlyArray<{ api: string; args: readonly unknown[] }>;
  error?: string;
  redirect?: { url: string; query: Record<string, unknown> };
  logs: ReadonlyArray<{ level: string; message: string }>;
  durationMs: number;
}

export function registerTestAction(program: Command, output: Output = processOutput): void {
  program
    .command('test-action')
    .description("run one Action's handler in the real runtime and show its api calls, logs and timing")
    .argument('<file>', "the Action's code (exports.onExecute…)")
    .addOption(new Option('--trigger <trigger>', 'the trigger it runs on').choices(TRIGGERS).makeOptionMandatory())
    .option('--event <file>', 'a JSON file with the event (default: a realistic event for the trigger)')
    .option('--secrets <KEY=VALUE>', 'a secret for event.secrets (repeatable)', keyValue)
    .option('--continue-query <json>', 'post-login: run onContinuePostLogin with this /continue query')
    .option('--json', 'print one JSON object')
    .addHelpText('after', examples)
    .action(async (file: string, flags: Flags, command: Command) => {
      try {
        await testActionCommand(file, flags, output);
      } catch (err) {
        if (err instanceof UsageError) command.error(err.message, { exitCode: EXIT_BAD_INPUT, code: 'gatehouse.testAction.badInput' });
        // The engine's own validation (syntax, size) is about the file: bad input too.
        if (isGatehouseError(err) && (err.code === 'ACTION_INVALID' || err.code === 'SCRIPT_SYNTAX' || err.code === 'SCRIPT_TOO_LARGE')) {
          command.error(`${file}: ${err.message}`, { exitCode: EXIT_BAD_INPUT, code: 'gatehouse.testAction.badInput' });
        }
        throw err;
      } finally {
        // A handle the runtime left open must not keep the command alive after its answer.
        setTimeout(() => process.exit(), 2_000).unref();
      }
    });
}

async function testActionCommand(file: string, flags: Flags, output: Output): Promise<void> {
  if (!(await stat(file).catch(() => undefined))?.isFile()) throw new UsageError(`no such file: ${file}`);
  const code = await readFile(file, 'utf8');
  let event = defaultEvent(flags.trigger);
  if (flags.event !== undefined) {
    const text = await readFile(flags.event, 'utf8').catch(() => { throw new UsageError(`cannot read the event file ${flags.event}`); });
    event = jsonObject(text, `the event file ${flags.event}`);
  }
  let continuing = false;
  if (flags.continueQuery !== undefined) {
    if (flags.trigger !== 'post-login') throw new UsageError('--continue-query is for the post-login trigger only');
    const query = jsonObject(flags.continueQuery, '--continue-query');
    const request = (event.request as Record<string, unknown> | undefined) ?? {};
    // What /continue brings: a GET with the query the redirect target sent back.
    event = { ...event, request: { ...request, method: 'GET', query, body: {} } };
    continuing = true;
  }

  const config = loadConfig();
  const runner = createScriptRunner({ ...config.runtime, maxContainers: 1, spares: 0 });
  // The engine needs storage handles; code given directly never touches them.
  const database = await openDatabase('sqlite::memory:');
  let result: TestActionResult;
  try {
    result = await testAction({ database, box: createSecretBox(randomBytes(32)), runner }, {
      tenantId: 'test-action', code, trigger: flags.trigger, event, secrets: flags.secrets ?? {}, continuing,
    });
  } finally {
    await runner.close();
    await database.close();
  }

  const json: TestActionJson = {
    ok: result.error === undefined,
    commands: result.commands,
    ...(result.error !== undefined ? { error: result.error } : {}),
    ...(result.redirect ? { redirect: result.redirect } : {}),
    logs: result.logs,
    durationMs: Math.round(result.durationMs * 1000) / 1000,
  };
  if (flags.json) output.out(JSON.stringify(json));
  else for (const line of formatResult(json, flags.trigger, continuing)) output.out(line);
  if (!json.ok) throw new GatehouseError('ACTION_TEST_FAILED', `the Action failed: ${json.error}`);
}

function formatArgs(args: readonly unknown[]): string {
  return args.map((a) => JSON.stringify(a) ?? 'undefined').join(', ');
}

export function formatResult(json: TestActionJson, trigger: string, continuing: boolean, paint: Paint = painter()): string[] {
  const handler = continuing ? 'onContinuePostLogin' : trigger;
  const denied = json.commands.some((c) => c.api === 'access.deny');
  const outcome = !json.ok ? paint('red', 'failed') : json.redirect ? paint('cyan', 'redirect') : denied ? paint('yellow', 'denied') : paint('green', 'ok');
  const lines = [`${handler} · ${outcome} · ${json.durationMs.toFixed(1)} ms`];
  if (json.commands.length === 0) lines.push('api calls: (none)');
  else {
    lines.push('api calls:');
    json.commands.forEach((c, i) => lines.push(`  ${i + 1}. ${paint('bold', c.api)}(${formatArgs(c.args)})`));
  }
  if (json.redirect) {
    const query = new URLSearchParams(Object.entries(json.redirect.query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    lines.push(`redirect: ${json.redirect.url}${query ? `${json.redirect.url.includes('?') ? '&' : '?'}${query}` : ''}`);
    lines.push(`  continue with: --continue-query '${JSON.stringify({ state: 'STATE' })}' (plus what the page sends back)`);
  }
  if (json.error !== undefined) lines.push(`${paint('red', 'error')}: ${json.error}`);
  if (json.logs.length > 0) lines.push('logs:', ...json.logs.map((l) => `  ${l.level.padEnd(5)} ${l.message}`));
  return lines;
}
