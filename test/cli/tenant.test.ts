import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase, dialects } from '../helpers/dialects.ts';
import { runGatehouse } from './spawn.ts';

const available = await dialects();
const cleanups: Array<() => Promise<void>> = [];
after(async () => { for (const cleanup of cleanups) await cleanup(); });

// Each dialect gets a database URL the CLI opens itself, as a user would pass it with --db.
async function databaseUrl(name: 'sqlite' | 'postgres'): Promise<{ url: string; env: Record<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'gh-cli-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  if (name === 'sqlite') return { url: `sqlite:${join(dir, 'gh.db')}`, env: {} };
  const pg = await createPostgresDatabase();
  cleanups.push(pg.drop);
  // With PostgreSQL the key comes from the environment, as on a cluster; the file stays out of the cwd.
  return { url: pg.url, env: { GATEHOUSE_KEY_FILE: join(dir, 'secret.key') } };
}

for (const dialect of available) {
  describe(`gatehouse tenant on ${dialect.name}`, { skip: dialect.skip }, () => {
    test('tenant create prints the application and its secret once; tenant list --json shows it', async () => {
      const { url, env } = await databaseUrl(dialect.name);
      const created = await runGatehouse(['tenant', 'create', 'acme', '--hostname', 'login.acme.test', '--hostname', 'ACME.localhost', '--json', '--db', url], { env });
      assert.equal(created.status, 0, created.stderr);
      const result = JSON.parse(created.stdout);
      assert.equal(result.tenant.name, 'acme');
      assert.deepEqual(result.tenant.hostnames, ['acme.localhost', 'login.acme.test']);
      assert.match(result.application.client_id, /^[A-Za-z0-9]{32}$/);
      assert.ok(result.application.client_secret.length >= 32);
      assert.deepEqual(result.application.callbacks, ['http://login.acme.test:3000/callback'], 'the first hostname given');
      assert.deepEqual(result.connection.name, 'Username-Password-Authentication');
      assert.equal(result.connection.strategy, 'auth0');

      const listed = await runGatehouse(['tenant', 'list', '--json', '--db', url], { env });
      assert.equal(listed.status, 0, listed.stderr);
      const tenants = JSON.parse(listed.stdout);
      assert.deepEqual(tenants.map((t: { name: string }) => t.name), ['acme']);
      assert.equal(tenants[0].id, result.tenant.id);
      assert.ok(!listed.stdout.includes(result.application.client_secret), 'the secret is shown once only');

      const text = await runGatehouse(['tenant', 'list', '--db', url], { env });
      assert.match(text.stdout, /^NAME\s+ID\s+HOSTNAMES\s+CREATED$/m);
      assert.match(text.stdout, /^acme\s+ten_/m);
    });

    test('a duplicate tenant name fails with status 1 in one line; a bad name with status 2', async () => {
      const { url, env } = await databaseUrl(dialect.name);
      assert.equal((await runGatehouse(['tenant', 'create', 'acme', '--db', url], { env })).status, 0);
      const again = await runGatehouse(['tenant', 'create', 'acme', '--db', url], { env });
      assert.equal(again.status, 1);
      assert.equal(again.stderr, 'gatehouse: a tenant named acme already exists\n');
      const bad = await runGatehouse(['tenant', 'create', 'Not_Valid', '--db', url], { env });
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /^gatehouse: invalid tenant name "Not_Valid"/);
      const badHost = await runGatehouse(['tenant', 'create', 'okname', '--hostname', 'http://x.test/', '--db', url], { env });
      assert.equal(badHost.status, 2);
      assert.match(badHost.stderr, /^gatehouse: invalid hostname/);
      const list = JSON.parse((await runGatehouse(['tenant', 'list', '--json', '--db', url], { env })).stdout);
      assert.deepEqual(list.map((t: { name: string }) => t.name), ['acme'], 'failed creations leave nothing behind');
    });

    test('migrate applies migrations once, then reports up to date', async () => {
      const { url, env } = await databaseUrl(dialect.name);
      const first = await runGatehouse(['migrate', '--db', url], { env });
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /^applied \d+ migrations? to /);
      const second = await runGatehouse(['migrate', '--db', url], { env });
      assert.match(second.stdout, /is up to date$/m);
      assert.ok(!second.stdout.includes('postgres:postgres@'), 'the password is not printed');
    });
  });
}

test('GATEHOUSE_DB selects the database when --db is not given', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gh-cli-env-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const env = { GATEHOUSE_DB: `sqlite:${join(dir, 'env.db')}` };
  assert.equal((await runGatehouse(['tenant', 'create', 'fromenv'], { env })).status, 0);
  const list = await runGatehouse(['tenant', 'list', '--json'], { env });
  assert.deepEqual(JSON.parse(list.stdout).map((t: { name: string }) => t.name), ['fromenv']);
  const flagWins = await runGatehouse(['tenant', 'list', '--json', '--db', `sqlite:${join(dir, 'other.db')}`], { env });
  assert.deepEqual(JSON.parse(flagWins.stdout), [], '--db beats GATEHOUSE_DB');
});
