import type { Command } from 'commander';
import { MANAGEMENT_AUDIENCE_KEY, MANAGEMENT_SCOPES } from '../flows/tenants/index.ts';
import {
  createClientGrantQueries, createClientQueries, createResourceServerQueries, createTenantQueries,
} from '../storage/index.ts';
import { addStorageOptions, openStorage, type StorageFlags } from './storage-options.ts';
import { table, type Output } from './output.ts';

const grantExamples = `
Creates the client grant (or replaces the scopes of an existing one for that client and API):
the client may then obtain access tokens for the API with the client_credentials grant.
--management names the tenant's Management API, https://<tenant host>/api/v2/ on any of its
hostnames; --audience names an API (resource server) by its identifier.

Examples:
  $ gatehouse client grant --tenant acme --client <client_id> --management --scopes read:users,update:users
  $ gatehouse client grant --tenant acme --client <client_id> --audience https://billing.example/ --scopes read:invoices --json`;

interface GrantFlags extends StorageFlags {
  readonly tenant: string;
  readonly client: string;
  readonly audience?: string;
  readonly management?: boolean;
  readonly scopes: string;
  readonly json?: boolean;
}

export function registerClient(program: Command, output: Output): void {
  const client = program.command('client').description("manage a tenant's applications (clients)");

  const grant = addStorageOptions(client.command('grant'))
    .description('allow a client to get tokens for an API (or the Management API) with the given scopes')
    .requiredOption('--tenant <name>', 'tenant name')
    .requiredOption('--client <client_id>', 'the client (application) id')
    .option('--audience <identifier>', "the API's identifier (audience)")
    .option('--management', "the tenant's Management API (https://<tenant host>/api/v2/)")
    .requiredOption('--scopes <list>', 'comma-separated scopes, e.g. read:users,update:users')
    .option('--json', 'print the grant as JSON')
    .addHelpText('after', grantExamples);

  grant.action(async (flags: GrantFlags) => {
    // Usage mistakes exit 2 with one line, like commander's own.
    const bad = (message: string): never => grant.error(message, { exitCode: 2, code: 'gatehouse.bad_input' });
    if (Boolean(flags.audience) === Boolean(flags.management)) bad('give exactly one of --audience <identifier> or --management');
    const scopes = [...new Set(flags.scopes.split(',').map((s) => s.trim()).filter(Boolean))];
    if (scopes.length === 0) bad('--scopes needs at least one scope');

    const { database, box } = await openStorage({ db: flags.db }, flags.config, { key: true });
    try {
      const tenant = await createTenantQueries(database).findByName(flags.tenant);
      if (!tenant) return bad(`no tenant named "${flags.tenant}" (see gatehouse tenant list)`);
      if (!await createClientQueries(database, box!, tenant.id).find(flags.client)) bad(`tenant "${flags.tenant}" has no client ${flags.client}`);
      let audience: string;
      let known: readonly string[];
      if (flags.management) {
        audience = MANAGEMENT_AUDIENCE_KEY;
        known = MANAGEMENT_SCOPES;
      } else {
        const api = await createResourceServerQueries(database, tenant.id).findByIdentifier(flags.audience!);
        if (!api) return bad(`tenant "${flags.tenant}" has no API with identifier ${flags.audience}`);
        audience = api.identifier;
        known = api.scopes.map((s) => s.value);
      }
      const unknown = scopes.filter((s) => !known.includes(s));
      if (unknown.length > 0) bad(`unknown scope(s) for this API: ${unknown.join(', ')}`);

      const grants = createClientGrantQueries(database, tenant.id);
      const existing = await grants.findFor(flags.client, audience);
      const saved = existing ? (await grants.updateScopes(existing.id, scopes))! : await grants.create({ client_id: flags.client, audience, scopes });
      const shownAudience = flags.management ? `https://${tenant.hostnames[0]}/api/v2/` : audience;
      if (flags.json) {
        output.out(JSON.stringify({ id: saved.id, client_id: saved.client_id, audience: shownAudience, scope: saved.scopes, management: Boolean(flags.management) }, null, 2));
        return;
      }
      output.out(`${existing ? 'updated' : 'created'} client grant ${saved.id}`);
      for (const line of table([
        ['  client:', saved.client_id],
        ['  audience:', flags.management ? `${shownAudience} (the Management API, on any hostname of "${tenant.name}")` : shownAudience],
        ['  scopes:', saved.scopes.join(' ')],
      ])) output.out(line);
    } finally {
      await database.close();
    }
  });
}
