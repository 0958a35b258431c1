import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { GatehouseError } from '../errors/index.ts';
import { SCRIPT_FILES, saveCustomDbConnection } from '../extensibility/custom-db/index.ts';
import { createClientQueries, createConnectionQueries, createTenantQueries } from '../storage/index.ts';
import { EXIT_BAD_INPUT, table, type Output } from './output.ts';
import { addStorageOptions, openStorage, type StorageFlags } from './storage-options.ts';
import { announceToNodes } from './scaled-context.ts';

// `gatehouse connection set-scripts`: attach a folder of custom database scripts (the layout
// auth0-deploy-cli exports: login.js, get_user.js, …) to a tenant's connection. Configuration
// values usually hold database passwords: nothing here ever prints them.

const examples = `
The folder holds one file per script: login.js, get_user.js, create.js, verify.js,
change_password.js, change_email.js, delete.js (auth0-deploy-cli's names also work). Scripts are
checked (102,400 bytes, syntax) and the modules they require are installed before anything is
saved; the previous scripts are kept as a version. A new connection is enabled for every
application of the tenant.

Examples:
  $ gatehouse connection set-scripts --tenant demo --name legacy --dir ./scripts \\
      --configuration DB_URL=postgres://app:secret@db.internal/users
  $ gatehouse connection set-scripts --tenant demo --name legacy --dir ./scripts --import-mode`;

interface SetScriptsFlags extends StorageFlags {
  readonly tenant: string;
  readonly name: string;
  readonly dir: string;
  readonly configuration?: Record<string, string>;
  readonly importMode?: boolean;
  readonly timeoutMs?: number;
  readonly json?: boolean;
}

function keyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at < 1) throw new InvalidArgumentError('expected KEY=VALUE');
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 100) throw new InvalidArgumentError('expected milliseconds, at least 100');
  return Number(value);
}

async function readScripts(dir: string): Promise<Record<string, string>> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new GatehouseError('CUSTOM_DB_INVALID', `${dir} is not a folder`);
  const scripts: Record<string, string> = {};
  for (const file of (await readdir(dir)).sort()) {
    if (extname(file) !== '.js') continue;
    const key = SCRIPT_FILES[basename(file, '.js')];
    if (key) scripts[key] = await readFile(join(dir, file), 'utf8');
  }
  if (Object.keys(scripts).length === 0) throw new GatehouseError('CUSTOM_DB_INVALID', `no script files (login.js, get_user.js, …) in ${dir}`);
  return scripts;
}

export function registerConnection(program: Command, output: Output): void {
  const connection = program.command('connection').description('database connections of a tenant');
  addStorageOptions(connection.command('set-scripts'))
    .description('create or update a custom database connection from a folder of scripts')
    .requiredOption('--tenant <name>', 'tenant name')
    .requiredOption('--name <connection>', 'connection name (letters, digits and -, at most 35)')
    .requiredOption('--dir <folder>', 'folder of <script>.js files')
    .option('--configuration <KEY=VALUE>', 'a configuration value for the scripts (repeatable)', keyValue)
    .option('--import-mode', 'import users: migrate each user on its first successful login')
    .option('--no-import-mode', 'legacy store only: every login calls the login script')
    .option('--timeout-ms <n>', 'time limit of one script call for this connection', positiveInt)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', examples)
    .action(async (flags: SetScriptsFlags, command: Command) => {
      const { config, database, box } = await openStorage({ db: flags.db }, flags.config, { key: true });
      try {
        const tenant = await createTenantQueries(database).findByName(flags.tenant);
        if (!tenant) command.error(`no tenant named "${flags.tenant}"`, { exitCode: EXIT_BAD_INPUT });
        const scripts = await readScripts(flags.dir);
        const clients = await createClientQueries(database, box!, tenant!.id).list();
        const existing = await createConnectionQueries(database, box!, tenant!.id).findByName(flags.name);
        // With Redis configured (GATEHOUSE_REDIS_URL), running nodes recycle the connection's containers at once.
        const recycle = config.redisUrl ? (t: string, key: string) => announceToNodes(config.redisUrl!, { tenant: t, key, reason: 'scripts-saved' }) : undefined;
        const result = await saveCustomDbConnection({ database, box: box!, moduleCacheDir: config.runtime.moduleCacheDir, recycle }, {
          tenantId: tenant!.id,
          name: flags.name,
          scripts,
          configuration: flags.configuration,
          importMode: flags.importMode,
          options: flags.timeoutMs !== undefined ? { script_timeout_ms: flags.timeoutMs } : undefined,
          enabledClients: existing ? undefined : clients.map((c) => c.client_id),
        });
        const c = result.connection;
        const summary = {
          connection: { id: c.id, name: c.name, scripts_version: c.scripts_version, import_mode: c.import_mode, enabled_clients: c.enabled_clients },
          created: result.created,
          scripts: Object.keys(c.custom_scripts),
          configuration_keys: Object.keys(c.configuration),
          dependencies: result.dependencies,
        };
        if (flags.json) {
          output.out(JSON.stringify(summary, null, 2));
          return;
        }
        output.out(`${result.created ? 'created' : 'updated'} custom database connection "${c.name}" (${c.id}), scripts version ${c.scripts_version}`);
        for (const line of table([
          ['  scripts:', summary.scripts.join(', ')],
          ['  mode:', c.import_mode ? 'import users (lazy migration)' : 'legacy store only'],
          ['  configuration:', summary.configuration_keys.join(', ') || '(none)'],
          ['  modules:', Object.entries(result.dependencies).map(([n, v]) => `${n}@${v}`).join(', ') || '(none)'],
          ['  applications:', String(c.enabled_clients.length)],
        ])) output.out(line);
      } catch (err) {
        // A script or folder the user must fix is bad input (2), not a failure while running (1).
        if (err instanceof GatehouseError && badInput.has(err.code)) command.error(err.message, { exitCode: EXIT_BAD_INPUT });
        throw err;
      } finally {
        await database.close();
      }
    });
}

const badInput = new Set(['CUSTOM_DB_INVALID', 'SCRIPT_SYNTAX', 'SCRIPT_TOO_LARGE']);
