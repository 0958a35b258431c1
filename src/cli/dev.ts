import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { createLogger, loadConfig, redactUrl, type Config } from '../config/index.ts';
import { createReloader, startExecutionPrinter, tapRunner, watchDirectory, type PrintedExecution, type ReloadResult } from '../flows/dev/index.ts';
import { createClientQueries, createTenantQueries, type Database } from '../storage/index.ts';
import { boot } from './boot.ts';
import { problemLines } from './import-export.ts';
import { installProgress } from './install-progress.ts';
import { EXIT_BAD_INPUT, processOutput, type Output } from './output.ts';
import { painter } from './paint.ts';
import { type StorageFlags } from './storage-options.ts';

// `gatehouse dev <dir>`: a tenant from an auth0-deploy-cli directory, served on localhost,
// reloaded when its files change, with every execution printed as it happens.
// Its own database by default (sqlite:./data/dev.db): `start`'s demo tenant also answers on
// localhost, and on a database of their own the two never meet. On a shared database the dev
// tenant takes the hostname `localhost` over (the demo keeps 127.0.0.1 and [::1]).

export const DEV_DB = 'sqlite:./data/dev.db';
const START_DEFAULT_DB = 'sqlite:./data/gatehouse.db';
const HOSTNAME = 'localhost';

const examples = `
Imports <dir> (the layout "a0deploy export --format directory" writes) into tenant "dev" on
${DEV_DB}, starts Gatehouse on http://localhost:<port>, then watches <dir> and the env file: a
changed script or Action is live again within a second (a new version; the old container is
recycled). Each execution is printed: trigger or script, user, outcome, duration, logs.
Malformed files are reported one line each; the rest still loads.

Examples:
  $ gatehouse dev examples/legacy-postgres --env-file examples/legacy-postgres/.env
  $ gatehouse dev ./tenant --tenant acme --port 4000 --db postgres://gatehouse:secret@127.0.0.1:5432/gatehouse`;

interface DevFlags extends StorageFlags {
  readonly tenant: string;
  readonly port?: string;
  readonly envFile?: string;
  readonly logLevel?: string;
}

function devConfig(flags: DevFlags): Config {
  const base = { port: flags.port, db: flags.db, ...(flags.logLevel ? { logLevel: flags.logLevel } : {}) };
  const config = loadConfig({ flags: base, file: flags.config });
  // Only the settings the user left at start's defaults get dev's own.
  const db = config.db === START_DEFAULT_DB && flags.db === undefined ? DEV_DB : undefined;
  const logLevel = config.logLevel === 'info' && flags.logLevel === undefined ? 'warn' : undefined;
  if (!db && !logLevel) return config;
  return loadConfig({ flags: { ...base, ...(db ? { db } : {}), ...(logLevel ? { logLevel } : {}) }, file: flags.config });
}

/** The dev tenant answers on localhost: take it from whichever tenant has it (the demo). */
async function claimLocalhost(database: Database, tenant: string): Promise<string | undefined> {
  const tenants = createTenantQueries(database);
  const owner = await tenants.findByHostname(HOSTNAME);
  if (owner && owner.name !== tenant) {
    await tenants.removeHostname(owner.id, HOSTNAME);
    return owner.name;
  }
  return undefined;
}

export function registerDev(program: Command, output: Output = processOutput): void {
  program
    .command('dev')
    .description('run a tenant from an auth0-deploy-cli directory on localhost, reloading scripts and Actions as they change')
    .argument('<dir>', 'the directory (or a tenant.yaml)')
    .option('--tenant <name>', 'tenant name', 'dev')
    .addOption(new Option('--port <port>', 'TCP port (default 3000)'))
    .addOption(new Option('--db <url>', `database (default ${DEV_DB}, kept apart from start's)`))
    .addOption(new Option('--config <file>', 'a JSON or YAML settings file'))
    .option('--env-file <file>', 'KEY=VALUE file: keyword values, secrets and configuration values (watched too)')
    .addOption(new Option('--log-level <level>', 'server log level (default warn)').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .addHelpText('after', examples)
    .action(async (dir: string, flags: DevFlags, command: Command) => {
      const info = await stat(dir).catch(() => undefined);
      if (!info?.isDirectory() && !(info?.isFile() && /\.ya?ml$/i.test(dir))) {
        command.error(`${dir} is not a folder (expected an auth0-deploy-cli directory export, or its tenant.yaml)`, { exitCode: EXIT_BAD_INPUT });
      }
      await runDev(dir, flags, output);
    });
}

async function runDev(dir: string, flags: DevFlags, output: Output): Promise<void> {
  const paint = painter();
  const config = devConfig(flags);
  const logger = createLogger({ level: config.logLevel });
  const booted = await boot(config, logger);
  const deps = { database: booted.database, box: booted.box, moduleCacheDir: resolve(config.runtime.moduleCacheDir), runner: booted.runner };
  const reloader = createReloader(deps, { dir, tenant: flags.tenant, hostnames: [HOSTNAME], envFile: flags.envFile, onProgress: installProgress() });
  let first: ReloadResult;
  try {
    const movedFrom = await claimLocalhost(booted.database, flags.tenant);
    first = await reloader.reload();
    if (!first.tenant.hostnames.includes(HOSTNAME)) await createTenantQueries(booted.database).addHostname(first.tenant.id, HOSTNAME);
    await booted.app.listen({ port: config.port, host: config.host });
    const origin = `http://${HOSTNAME}:${config.port}`;
    output.out(`${paint('bold', 'Gatehouse dev')}: tenant "${first.tenant.name}" on ${origin} (database ${redactUrl(config.db)})`);
    if (movedFrom) output.out(`  the hostname localhost was moved from tenant "${movedFrom}" to "${first.tenant.name}"`);
    printReload(first, output, paint, true);
    for (const client of await createClientQueries(booted.database, booted.box, first.tenant.id).list()) {
      output.out(`  application ${client.name}: client_id ${client.client_id}`);
    }
    output.out(`  discovery: ${origin}/.well-known/openid-configuration`);
  } catch (err) {
    await booted.close().catch(() => {});
    throw err;
  }

  const tenantId = first.tenant.id;
  const users = tapRunner(booted.runner, tenantId);
  const printer = await startExecutionPrinter(booted.database, tenantId, (e) => { for (const line of formatExecution(e, paint)) output.out(line); }, { users });
  // A tenant.yaml names its scripts and code relative to its folder: watch the folder.
  const watcher = watchDirectory(/\.ya?ml$/i.test(dir) ? dirname(dir) : dir, () => {
    reloader.reload().then(
      (result) => printReload(result, output, paint, false),
      (err: unknown) => output.err(`gatehouse: reload failed: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`),
    );
  }, { files: flags.envFile ? [flags.envFile] : [] });
  output.out(`watching ${dir}${flags.envFile ? ` and ${flags.envFile}` : ''} for changes (Ctrl-C to stop)`);
  output.out(`ready in ${Math.round(performance.now())} ms`);

  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    watcher.close();
    setTimeout(() => process.exit(1), 10_000).unref();
    printer.stop().then(() => booted.close()).then(
      () => { logger.flush(); process.exitCode = 0; },
      () => { process.exit(1); },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function printReload(result: ReloadResult, output: Output, paint: ReturnType<typeof painter>, initial: boolean): void {
  for (const line of problemLines(result.allProblems)) output.err(line);
  const changed = result.changes.filter((c) => c.result !== 'unchanged' && c.kind !== 'tenant');
  if (initial) {
    const count = (r: string) => result.changes.filter((c) => c.result === r && c.kind !== 'tenant').length;
    output.out(`  loaded ${result.changes.length - 1} objects in ${Math.round(result.durationMs)} ms: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged${result.allProblems.length ? `, ${result.allProblems.length} problem(s)` : ''}`);
    return;
  }
  const what = changed.map((c) => `${c.result} ${c.kind} ${c.name}${c.detail ? ` (${c.detail})` : ''}`).join('; ');
  output.out(`${paint('cyan', 'reloaded')} in ${Math.round(result.durationMs)} ms: ${what || 'no changes'}${result.allProblems.length ? `, ${result.allProblems.length} problem(s)` : ''}`);
}

export function formatExecution(e: PrintedExecution, paint: ReturnType<typeof painter>): string[] {
  const good = e.outcome === 'ok' || e.outcome === 'result';
  const outcome = good ? paint('green', e.outcome) : e.outcome === 'user-error' || e.outcome === 'denied' ? paint('yellow', e.outcome) : paint('red', e.outcome);
  const time = e.time.slice(11, 19);
  const lines = [`${paint('dim', time)} ${paint('bold', e.what)} ${e.name}${e.user ? ` · user ${e.user}` : ''} · ${outcome} · ${e.durationMs} ms`];
  if (e.error) lines.push(`    ${paint('red', 'error')}: ${e.error}`);
  for (const l of e.logs) lines.push(`    ${l.level.padEnd(5)} ${l.message}`);
  return lines;
}
