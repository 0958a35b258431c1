import type { Command } from 'commander';
import { createTenant } from '../flows/tenants/index.ts';
import { createTenantQueries } from '../storage/index.ts';
import { addStorageOptions, openStorage, type StorageFlags } from './storage-options.ts';
import { table, type Output } from './output.ts';

const createExamples = `
Creates the tenant, a regular web application with a generated client secret and the
Username-Password-Authentication database connection. The client secret is printed this once.
Without --hostname the tenant answers on <name>.localhost, which browsers resolve to this machine.

Examples:
  $ gatehouse tenant create acme
  $ gatehouse tenant create acme --hostname login.acme.test --hostname acme.localhost --json`;

const listExamples = `
Examples:
  $ gatehouse tenant list
  $ gatehouse tenant list --json --db postgres://gatehouse:secret@127.0.0.1:5432/gatehouse`;

interface CreateFlags extends StorageFlags {
  readonly hostname?: string[];
  readonly json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerTenant(program: Command, output: Output): void {
  const tenant = program.command('tenant').description('create and list tenants');

  addStorageOptions(tenant.command('create'))
    .description('create a tenant with a demo application and a database connection')
    .argument('<name>', 'tenant name: lowercase letters, digits and hyphens')
    .option('--hostname <host>', 'a hostname the tenant answers on (repeatable)', collect)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', createExamples)
    .action(async (name: string, flags: CreateFlags) => {
      const { config, database, box } = await openStorage({ db: flags.db }, flags.config, { key: true });
      try {
        const created = await createTenant({ database, box: box! }, { name, hostnames: flags.hostname, port: config.port });
        const { tenant: t, application: app, connection, apiExplorer } = created;
        if (flags.json) {
          output.out(JSON.stringify({
            tenant: t,
            application: { name: app.name, client_id: app.client_id, client_secret: app.client_secret, callbacks: app.redirect_uris },
            connection: { id: connection.id, name: connection.name, strategy: connection.strategy },
            management_api: {
              application: apiExplorer.name, client_id: apiExplorer.client_id, client_secret: apiExplorer.client_secret,
              audience: `https://${t.hostnames[0]}/api/v2/`,
            },
          }, null, 2));
          return;
        }
        output.out(`created tenant "${t.name}" (${t.id})`);
        for (const line of table([
          ['  hostnames:', t.hostnames.join(', ')],
          ['  application:', `${app.name} (regular web application)`],
          ['  callback:', app.redirect_uris.join(', ')],
          ['  client_id:', app.client_id],
          ['  client_secret:', `${app.client_secret ?? ''}`],
          ['  connection:', `${connection.name} (${connection.strategy})`],
          ['  management api:', `${apiExplorer.name} (all Management API scopes, audience https://<host>/api/v2/)`],
          ['    client_id:', apiExplorer.client_id],
          ['    client_secret:', `${apiExplorer.client_secret ?? ''}`],
        ])) output.out(line);
        output.out('The client secrets are shown only now: store them somewhere safe.');
      } finally {
        await database.close();
      }
    });

  addStorageOptions(tenant.command('list'))
    .description('list tenants and their hostnames')
    .option('--json', 'print the list as JSON')
    .addHelpText('after', listExamples)
    .action(async (flags: StorageFlags & { json?: boolean }) => {
      const { database } = await openStorage({ db: flags.db }, flags.config);
      try {
        const tenants = await createTenantQueries(database).list();
        if (flags.json) {
          output.out(JSON.stringify(tenants, null, 2));
          return;
        }
        if (tenants.length === 0) {
          output.out('no tenants yet: create one with "gatehouse tenant create <name>"');
          return;
        }
        for (const line of table([['NAME', 'ID', 'HOSTNAMES', 'CREATED'], ...tenants.map((t) => [t.name, t.id, t.hostnames.join(','), t.created_at])])) {
          output.out(line);
        }
      } finally {
        await database.close();
      }
    });
}
