import { Command, InvalidArgumentError } from 'commander';
import { createExecutionLogQueries, createTenantQueries, type ExecutionLogRecord } from '../storage/index.ts';
import { EXIT_BAD_INPUT, type Output } from './output.ts';
import { addStorageOptions, openStorage, type StorageFlags } from './storage-options.ts';

// `gatehouse logs`: a tenant's execution log (custom database scripts, development mails, …),
// oldest first. --follow polls the database, so it works beside a running server and across
// the nodes of a cluster. The entries were masked when written; nothing is unmasked here.

const examples = `
Examples:
  $ gatehouse logs --tenant demo
  $ gatehouse logs --tenant demo --follow
  $ gatehouse logs --tenant demo --json --limit 500 --db postgres://gatehouse:secret@127.0.0.1:5432/gatehouse`;

interface LogsFlags extends StorageFlags {
  readonly tenant: string;
  readonly follow?: boolean;
  readonly json?: boolean;
  readonly limit: number;
  readonly intervalMs: number;
}

function positiveInt(what: string, min = 1) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`${what} must be an integer of at least ${min}.`);
    return Number(value);
  };
}

/** One entry in a human line, its captured console output indented under it. */
export function formatEntry(entry: ExecutionLogRecord): string[] {
  const d = entry.details as { connection?: string; container?: { id?: string; cold?: boolean; recycled?: boolean }; error?: { name?: string; message?: string }; message?: string; to?: string };
  const container = d.container?.id ? ` · ${d.container.id}${d.container.cold ? ' (cold)' : ''}${d.container.recycled ? ' (recycled)' : ''}` : '';
  const where = d.connection ? ` ${d.connection}` : entry.code_id ? ` ${entry.code_id}` : '';
  const lines = [`${entry.created_at} ${entry.type}${where} · ${entry.outcome} · ${entry.duration_ms} ms${container}`];
  if (d.error) lines.push(`  error: ${d.error.name ?? 'Error'}: ${d.error.message ?? ''}`);
  if (d.message) lines.push(`  ${d.message}`);
  if (d.to) lines.push(`  to: ${d.to}`);
  for (const line of entry.logs) lines.push(`  ${line.level.padEnd(5)} ${line.message}`);
  return lines;
}

export function registerLogs(program: Command, output: Output): void {
  addStorageOptions(program.command('logs'))
    .description("print a tenant's execution log (script executions, development mails)")
    .requiredOption('--tenant <name>', 'tenant name')
    .option('--follow', 'keep printing new entries as they are written (polls)')
    .option('--json', 'one JSON object per entry per line')
    .option('--limit <n>', 'how many recent entries to print first', positiveInt('--limit'), 50)
    .option('--interval-ms <n>', 'poll interval with --follow', positiveInt('--interval-ms', 100), 1000)
    .addHelpText('after', examples)
    .action(async (flags: LogsFlags, command: Command) => {
      const { database } = await openStorage({ db: flags.db }, flags.config);
      try {
        const tenant = await createTenantQueries(database).findByName(flags.tenant);
        if (!tenant) command.error(`no tenant named "${flags.tenant}"`, { exitCode: EXIT_BAD_INPUT });
        const logs = createExecutionLogQueries(database, tenant!.id);
        const seen = new Set<string>();
        const print = (entries: ExecutionLogRecord[]) => {
          for (const entry of entries.filter((e) => !seen.has(e.id)).reverse()) {
            seen.add(entry.id);
            if (flags.json) output.out(JSON.stringify(entry));
            else for (const line of formatEntry(entry)) output.out(line);
          }
        };
        print(await logs.list({ limit: flags.limit }));
        if (!flags.follow) return;
        let stop = false;
        const end = () => { stop = true; };
        process.once('SIGINT', end);
        process.once('SIGTERM', end);
        while (!stop) {
          await new Promise((resolve) => setTimeout(resolve, flags.intervalMs));
          // Newest page each time; ids already printed are skipped, so entries written in the
          // same millisecond as the last one printed are not lost.
          print(await logs.list({ limit: 200 }));
          if (seen.size > 10_000) for (const id of [...seen].slice(0, 5_000)) seen.delete(id);
        }
      } finally {
        await database.close();
      }
    });
}
