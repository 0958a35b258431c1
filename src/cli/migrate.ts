import type { Command } from 'commander';
import { redactUrl } from '../config/index.ts';
import { addStorageOptions, openStorage, type StorageFlags } from './storage-options.ts';
import type { Output } from './output.ts';

const examples = `
Migrations also run on every start; this command applies them ahead of time (for example
before rolling out new nodes). Safe to run while servers are up and from several places at once.

Examples:
  $ gatehouse migrate
  $ gatehouse migrate --db postgres://gatehouse:secret@127.0.0.1:5432/gatehouse`;

export function registerMigrate(program: Command, output: Output): void {
  addStorageOptions(program.command('migrate'))
    .description('apply pending database migrations and exit')
    .addHelpText('after', examples)
    .action(async (flags: StorageFlags) => {
      const { config, database, migrations } = await openStorage({ db: flags.db }, flags.config);
      await database.close();
      output.out(migrations.length === 0
        ? `${redactUrl(config.db)} is up to date`
        : `applied ${migrations.length} migration${migrations.length === 1 ? '' : 's'} to ${redactUrl(config.db)}: ${migrations.join(', ')}`);
    });
}
