import type { Command } from 'commander';
import { GatehouseError } from '../errors/index.ts';
import { rotateSigningKeys } from '../protocol/index.ts';
import { createSigningKeyQueries, createTenantQueries, type Database } from '../storage/index.ts';
import { addStorageOptions, openStorage, type StorageFlags } from './storage-options.ts';
import { table, type Output } from './output.ts';

const rotateExamples = `
The tenant's "next" key (already published in its JWKS) starts signing; the key that signed
until now stays published as "previous" until every token it signed has expired (the longest
token lifetime of the tenant), so nothing issued before the rotation stops verifying. A new
"next" key is published. Running servers use the new key at once.

Examples:
  $ gatehouse keys rotate --tenant demo
  $ gatehouse keys rotate --tenant acme --json --db postgres://gatehouse:secret@127.0.0.1:5432/gatehouse`;

const listExamples = `
Examples:
  $ gatehouse keys list --tenant demo
  $ gatehouse keys list --tenant demo --json`;

interface KeyFlags extends StorageFlags {
  readonly tenant: string;
  readonly json?: boolean;
}

async function tenantId(database: Database, name: string): Promise<string> {
  const tenant = await createTenantQueries(database).findByName(name);
  if (!tenant) throw new GatehouseError('TENANT_INVALID', `no tenant named "${name}" (see gatehouse tenant list)`);
  return tenant.id;
}

export function registerKeys(program: Command, output: Output): void {
  const keys = program.command('keys').description("rotate and list a tenant's token signing keys");

  addStorageOptions(keys.command('rotate'))
    .description('start signing with the next key; the current one stays published until its tokens expire')
    .requiredOption('--tenant <name>', 'tenant name')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', rotateExamples)
    .action(async (flags: KeyFlags) => {
      const { database, box } = await openStorage({ db: flags.db }, flags.config, { key: true });
      try {
        const result = await rotateSigningKeys(database, box!, await tenantId(database, flags.tenant));
        if (flags.json) {
          output.out(JSON.stringify(result, null, 2));
          return;
        }
        output.out(`rotated the signing keys of "${flags.tenant}"`);
        for (const line of table([
          ['  current (signs now):', result.current],
          ['  next (published):', result.next],
          ['  previous (verifying):', result.previous.join(', ') || '-'],
          ['  revoked now:', result.revoked.join(', ') || '-'],
        ])) output.out(line);
      } finally {
        await database.close();
      }
    });

  addStorageOptions(keys.command('list'))
    .description("list a tenant's signing keys and their status (no private parts)")
    .requiredOption('--tenant <name>', 'tenant name')
    .option('--json', 'print the list as JSON')
    .addHelpText('after', listExamples)
    .action(async (flags: KeyFlags) => {
      const { database, box } = await openStorage({ db: flags.db }, flags.config, { key: true });
      try {
        const list = (await createSigningKeyQueries(database, box!, await tenantId(database, flags.tenant)).list())
          .map((k) => ({ kid: k.kid, alg: k.alg, status: k.status, created_at: k.created_at, rotated_at: k.rotated_at }));
        if (flags.json) {
          output.out(JSON.stringify(list, null, 2));
          return;
        }
        if (list.length === 0) {
          output.out('no keys yet: they are created on the first token or JWKS request');
          return;
        }
        for (const line of table([['KID', 'ALG', 'STATUS', 'CREATED', 'ROTATED'], ...list.map((k) => [k.kid, k.alg, k.status, k.created_at, k.rotated_at ?? '-'])])) {
          output.out(line);
        }
      } finally {
        await database.close();
      }
    });
}
