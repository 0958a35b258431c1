import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerStart } from './start.ts';
import { registerMigrate } from './migrate.ts';
import { registerTenant } from './tenant.ts';
import { registerKeys } from './keys.ts';
import { registerRunScript } from './run-script.ts';
import { registerConnection } from './connection.ts';
import { registerLogs } from './logs.ts';
import { registerClient } from './client.ts';
import { registerLint } from './lint.ts';
import { registerImportExport } from './import-export.ts';
import { registerTestAction } from './test-action.ts';
import { registerDev } from './dev.ts';
import { EXIT_BAD_INPUT, EXIT_OK, processOutput, reportFailure, type Output } from './output.ts';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const examples = `
Settings come from flags, then GATEHOUSE_* environment variables, then --config FILE, then
defaults (docs/configuration.md). Exit status: 0 ok, 1 failure while running, 2 bad input.

Examples:
  $ gatehouse start
  $ gatehouse tenant create acme --hostname login.acme.test
  $ gatehouse tenant list --json
  $ gatehouse migrate --db postgres://gatehouse:secret@127.0.0.1:5432/gatehouse`;

/** The `gatehouse` program; each command lives in its own file and registers itself here. */
export function buildProgram(output: Output = processOutput): Command {
  const program = new Command('gatehouse')
    .description('Self-hostable identity server with an Auth0-compatible extensibility runtime')
    .version(version, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', examples)
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      outputError: (text, write) => write(`gatehouse: ${text.replace(/^error: /, '')}`),
    })
    // Commander would exit 1 on a usage error; bad input is 2 so scripts can tell it from a failure.
    .exitOverride();
  registerStart(program, output);
  registerMigrate(program, output);
  registerTenant(program, output);
  registerKeys(program, output);
  registerRunScript(program, output);
  registerConnection(program, output);
  registerLogs(program, output);
  registerClient(program, output);
  registerLint(program, output);
  registerImportExport(program, output);
  registerTestAction(program, output);
  registerDev(program, output);
  return program;
}

/** Runs the CLI and resolves to its exit status; never prints a stack trace. */
export async function runCli(argv: readonly string[], output: Output = processOutput): Promise<number> {
  const program = buildProgram(output);
  try {
    await program.parseAsync(argv as string[]);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    return reportFailure(err, output);
  }
}
