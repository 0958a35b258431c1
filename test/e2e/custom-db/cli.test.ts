// The operator's path: `gatehouse connection set-scripts` attaches a folder of scripts to a
// running server's tenant, logins go through them, and `gatehouse logs [--follow]` shows the
// executions — all on the database of the running server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createConnectionQueries } from '../../../src/storage/index.ts';
import { cleanEnv, mainPath, runGatehouse } from '../../cli/spawn.ts';
import { FIXTURES, gatehouseDialects, legacyPostgres, MODULE_CACHE, serviceUnavailable, type LegacyStore, type World } from './support.ts';

const noPg = await serviceUnavailable('PostgreSQL (legacy store)', '127.0.0.1', 5432);
const ivy = { email: 'ivy@example.com', password: 'ivy-legacy-pw', nickname: 'ivy' };

for (const dialect of await gatehouseDialects()) {
  describe(`gatehouse connection set-scripts and gatehouse logs, Gatehouse on ${dialect.name}`, { skip: noPg ?? dialect.skip }, () => {
    let world: World;
    let legacy: LegacyStore;
    let env: Record<string, string>;
    let scratch: string;

    before(async () => {
      legacy = await legacyPostgres([ivy]);
      world = await dialect.start();
      scratch = await mkdtemp(join(tmpdir(), 'gh-cdb-cli-'));
      env = { GATEHOUSE_DB: world.server.config.db, GATEHOUSE_KEY_FILE: world.server.config.keyFile, GATEHOUSE_MODULE_CACHE: MODULE_CACHE };
    });
    after(async () => {
      await world?.close();
      await legacy?.close();
      await rm(scratch, { recursive: true, force: true });
    });

    test('set-scripts creates the connection for every application; the running server logs in through it', async () => {
      const res = await runGatehouse(['connection', 'set-scripts', '--tenant', 'demo', '--name', 'cli-legacy', '--dir', join(FIXTURES, 'postgres'),
        '--configuration', `DB_URL=${legacy.url}`], { env });
      assert.equal(res.status, 0, res.stderr);
      assert.match(res.stdout, /created custom database connection "cli-legacy"/);
      assert.match(res.stdout, /modules:\s+bcryptjs@[\d.]+, pg@[\d.]+/);
      assert.ok(!res.stdout.includes(legacy.url), 'configuration values are never printed');
      assert.equal((await world.login('cli-legacy', ivy.email, ivy.password)).status, 200);
    });

    test('set-scripts again with --import-mode: version 2, the previous scripts kept', async () => {
      const res = await runGatehouse(['connection', 'set-scripts', '--tenant', 'demo', '--name', 'cli-legacy', '--dir', join(FIXTURES, 'postgres'), '--import-mode', '--json'], { env });
      assert.equal(res.status, 0, res.stderr);
      const out = JSON.parse(res.stdout);
      assert.equal(out.connection.import_mode, true);
      const connections = createConnectionQueries(world.server.database, world.server.box, world.tenantId);
      const connection = (await connections.findByName('cli-legacy'))!;
      assert.equal(connection.configuration.DB_URL, legacy.url, 'configuration kept when not given');
      assert.equal((await connections.listScriptVersions(connection.id)).length, out.connection.scripts_version - 1);
    });

    test('a syntax error is refused with its line and exit status 2; nothing changes', async () => {
      const dir = join(scratch, 'broken');
      await mkdir(dir);
      await writeFile(join(dir, 'login.js'), 'function login(email, password, callback) {\n  const x = ;\n}\n');
      const res = await runGatehouse(['connection', 'set-scripts', '--tenant', 'demo', '--name', 'cli-legacy', '--dir', dir], { env });
      assert.equal(res.status, 2);
      assert.match(res.stderr, /line 2/);
    });

    test('logs prints the executions; --follow prints new ones as they are written', async () => {
      const listed = await runGatehouse(['logs', '--tenant', 'demo', '--json'], { env });
      assert.equal(listed.status, 0, listed.stderr);
      const entries = listed.stdout.trim().split('\n').map((l) => JSON.parse(l));
      assert.ok(entries.some((e) => e.type === 'custom-db:login' && e.details.connection === 'cli-legacy'));

      const child = spawn(process.execPath, [mainPath, 'logs', '--tenant', 'demo', '--follow', '--limit', '1', '--interval-ms', '200'], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
      try {
        await waitFor(() => out.length > 0);
        const before = out;
        assert.equal((await world.login('cli-legacy', 'nobody@example.com', 'x')).status, 403);
        await waitFor(() => out.length > before.length && /custom-db:login cli-legacy · user-error/.test(out.slice(before.length)));
      } finally {
        child.kill('SIGTERM');
      }
    });
  });
}

async function waitFor(check: () => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting for output');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
