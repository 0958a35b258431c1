import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { GatehouseError } from '../errors/index.ts';
import {
  applyTenantDirectory, collectTenantDirectory, parseEnvFile, preinstallDependencies, readTenantDirectory, writeTenantDirectory,
  type ApplyResult, type Problem,
} from '../flows/tenant-directory/index.ts';
import { createTenantQueries } from '../storage/index.ts';
import { installProgress } from './install-progress.ts';
import { EXIT_BAD_INPUT, processOutput, type Output } from './output.ts';
import { painter } from './paint.ts';
import { addStorageOptions, openStorage, type StorageFlags } from './storage-options.ts';

// `gatehouse import <dir>` and `gatehouse export <dir>`: a tenant in auth0-deploy-cli's
// directory format, on the same database a running server uses (--db). Secret values never
// appear in the output: export writes them to --write-env-file only.
// Exit status: 0 done; 1 done but some files or objects had problems (each one line), or the
// database failed; 2 bad input (no such folder, unreadable env file, unknown tenant).

const importExamples = `
The folder is what "a0deploy export --format directory" writes: tenant.json, clients/*.json,
resource-servers/*.json, database-connections/<name>/{database.json,login.js,…},
actions/<name>.json with actions/<name>/code.js, triggers/triggers.json. Values from --env-file
replace ##KEY## (as text) and @@KEY@@ (as JSON) keywords, and fill secrets and configuration
values the files leave empty. Applying twice changes nothing; a changed Action is deployed as a
new version. Without --hostname a new tenant answers on <tenant>.localhost. A tenant.yaml (the
deploy CLI's YAML format) is read too, given directly or alone in the folder.

Examples:
  $ gatehouse import ./tenant --tenant acme --env-file ./tenant.env
  $ gatehouse import ./tenant --tenant acme --db postgres://gatehouse:secret@127.0.0.1:5432/gatehouse --json

Exit status: 0 imported, 1 imported with problems (listed one per line) or failed, 2 bad input.`;

const exportExamples = `
Writes the tenant in the same directory format. Secret values (connection configuration, Action
secrets) are written as ##KEY## placeholders; their values go to --write-env-file only (mode
0600), so "gatehouse import <dir> --env-file <file>" restores the tenant exactly. Client secrets are
not exported.

Examples:
  $ gatehouse export ./backup --tenant acme --write-env-file ./backup.env
  $ gatehouse export ./tenant --tenant dev --db sqlite:./data/dev.db

Exit status: 0 exported, 1 failure while running, 2 bad input (unknown tenant).`;

interface ImportFlags extends StorageFlags {
  readonly tenant: string;
  readonly hostname?: string[];
  readonly envFile?: string;
  readonly json?: boolean;
}

interface ExportFlags extends StorageFlags {
  readonly tenant: string;
  readonly writeEnvFile?: string;
  readonly json?: boolean;
}

class UsageError extends Error {}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Reads --env-file (a missing file is bad input; its malformed lines are problems). */
export async function loadEnvFile(path: string | undefined): Promise<{ values: Record<string, string>; problems: Problem[] }> {
  if (path === undefined) return { values: {}, problems: [] };
  const text = await readFile(path, 'utf8').catch(() => { throw new UsageError(`cannot read the env file ${path}`); });
  const parsed = parseEnvFile(text, path);
  return { values: { ...parsed.values }, problems: [...parsed.problems] };
}

/** A folder in the directory format, or a tenant.yaml of the deploy CLI's YAML format. */
export async function assertDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info?.isFile() && /\.ya?ml$/i.test(dir)) return;
  if (!info?.isDirectory()) throw new UsageError(`${dir} is not a folder (expected an auth0-deploy-cli directory export, or its tenant.yaml)`);
}

/** One line per problem, as the import and dev commands print them. */
export function problemLines(problems: readonly Problem[], paint = painter(process.stderr)): string[] {
  return problems.map((p) => `${paint('yellow', '!')} ${p.file}: ${p.message}`);
}

export function summary(result: ApplyResult): string {
  const count = (r: string) => result.changes.filter((c) => c.result === r && c.kind !== 'tenant').length;
  const host = result.tenant.hostnames.join(', ');
  return `${result.tenantCreated ? 'created' : 'updated'} tenant "${result.tenant.name}" (${host}): ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged${result.problems.length > 0 ? `, ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}` : ''}`;
}

function tenantName(value: string): string {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(value)) throw new InvalidArgumentError('use lowercase letters, digits and hyphens');
  return value;
}

export function registerImportExport(program: Command, output: Output = processOutput): void {
  addStorageOptions(program.command('import'))
    .description('import a tenant from an auth0-deploy-cli directory export (creates the tenant if needed)')
    .argument('<dir>', 'the directory (or a tenant.yaml)')
    .option('--tenant <name>', 'tenant to import into', tenantName, 'dev')
    .option('--hostname <host>', 'hostname of a tenant created by this import (repeatable)', collect)
    .option('--env-file <file>', 'KEY=VALUE file: keyword values, secrets and configuration values')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', importExamples)
    .action(async (dir: string, flags: ImportFlags, command: Command) => {
      try {
        await assertDirectory(dir);
        const env = await loadEnvFile(flags.envFile);
        const { config, database, box } = await openStorage({ db: flags.db }, flags.config, { key: true });
        try {
          const read = await readTenantDirectory(dir, { mappings: env.values });
          await preinstallDependencies(read.directory, resolve(config.runtime.moduleCacheDir), flags.json ? undefined : installProgress());
          const result = await applyTenantDirectory({ database, box: box!, moduleCacheDir: resolve(config.runtime.moduleCacheDir) }, {
            tenant: flags.tenant, hostnames: flags.hostname, directory: read.directory, env: env.values,
          });
          const problems = [...env.problems, ...read.problems, ...result.problems];
          if (flags.json) {
            output.out(JSON.stringify({ ok: problems.length === 0, tenant: { name: result.tenant.name, hostnames: result.tenant.hostnames, created: result.tenantCreated }, changes: result.changes, problems }));
          } else {
            for (const line of problemLines(problems)) output.err(line);
            for (const c of result.changes) if (c.result !== 'unchanged' && c.kind !== 'tenant') output.out(`  ${c.result} ${c.kind} ${c.name}${c.detail ? ` (${c.detail})` : ''}`);
            output.out(summary({ ...result, problems }));
          }
          if (problems.length > 0) throw new GatehouseError('TENANT_DIRECTORY_INVALID', `${problems.length} file${problems.length === 1 ? '' : 's'} or object${problems.length === 1 ? '' : 's'} not imported as written (listed above)`);
        } finally {
          await database.close();
        }
      } catch (err) {
        if (err instanceof UsageError) command.error(err.message, { exitCode: EXIT_BAD_INPUT });
        throw err;
      }
    });

  addStorageOptions(program.command('export'))
    .description('export a stored tenant to an auth0-deploy-cli directory')
    .argument('<dir>', 'the directory to write (created if needed; files are overwritten)')
    .option('--tenant <name>', 'tenant to export', tenantName, 'dev')
    // Not --env-file: Node itself insists that a file named by --env-file anywhere in its argv exists.
    .option('--write-env-file <file>', 'also write the secret values to this KEY=VALUE file (mode 0600)')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', exportExamples)
    .action(async (dir: string, flags: ExportFlags, command: Command) => {
      const { database, box } = await openStorage({ db: flags.db }, flags.config, { key: true });
      try {
        const tenant = await createTenantQueries(database).findByName(flags.tenant);
        if (!tenant) command.error(`no tenant named "${flags.tenant}"`, { exitCode: EXIT_BAD_INPUT });
        const collected = await collectTenantDirectory({ database, box: box! }, tenant!);
        const written = await writeTenantDirectory(dir, collected, { envFile: flags.writeEnvFile });
        const secretKeys = Object.keys(collected.secrets);
        if (flags.json) {
          output.out(JSON.stringify({ ok: true, tenant: tenant!.name, files: written.files, secrets: secretKeys, envFile: written.envFile ?? null }));
          return;
        }
        output.out(`exported tenant "${tenant!.name}" to ${dir}: ${written.files.length} files`);
        if (secretKeys.length > 0) {
          output.out(written.envFile
            ? `  secret values (${secretKeys.join(', ')}) written to ${written.envFile}`
            : `  secret values (${secretKeys.join(', ')}) are ##KEY## placeholders; pass --write-env-file FILE to keep them`);
        }
      } finally {
        await database.close();
      }
    });
}
