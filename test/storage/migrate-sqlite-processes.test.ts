// Several processes starting on one fresh SQLite file at once: each migration must run once.
// SQLite has no advisory locks; `begin immediate` plus the re-check inside it is what protects us.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import { openDatabase } from '../../src/storage/database.ts';

const storage = pathToFileURL(join(import.meta.dirname, '../../src/storage/index.ts')).href;

// Each migration records its run in a table; a second run of 001 would fail on the primary key.
const child = `
import { openDatabase, migrate } from ${JSON.stringify(storage)};
const database = await openDatabase('sqlite:' + process.argv[1]);
const step = (name) => ({ up: async (db) => {
  if (name === '001') await db.schema.createTable('runs').addColumn('name', 'text').addColumn('pid', 'integer').execute();
  for (let i = 0; i < 200; i++) await db.insertInto('runs').values({ name, pid: process.pid }).execute();
} });
const result = await migrate(database, { provider: { getMigrations: async () => ({ '001-a': step('001'), '002-b': step('002'), '003-c': step('003') }) } });
process.stdout.write(JSON.stringify(result.applied));
await database.close();
`;

function run(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', child, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('migrate on one SQLite file from several processes', () => {
  test('each migration is applied exactly once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gh-mp-'));
    try {
      const file = join(dir, 'gh.db');
      const results = await Promise.all([run(file), run(file), run(file), run(file)]);
      for (const r of results) assert.equal(r.code, 0, r.stderr);
      const applied = results.flatMap((r) => JSON.parse(r.stdout) as string[]).sort();
      assert.deepEqual(applied, ['001-a', '002-b', '003-c']);

      const database = await openDatabase(`sqlite:${file}`);
      try {
        const rows = await (database.db as Kysely<any>).selectFrom('runs')
          .select(['name', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.count('pid').distinct().as('pids')])
          .groupBy('name').orderBy('name').execute();
        assert.deepEqual(rows.map((r) => [r.name, Number(r.n), Number(r.pids)]), [['001', 200, 1], ['002', 200, 1], ['003', 200, 1]]);
      } finally {
        await database.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
