import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGatehouse } from './spawn.ts';
import { sampleEnv, sampleFiles, writeFiles } from '../flows/tenant-directory/sample.ts';

// The real `gatehouse import` / `gatehouse export` on a SQLite file: output, exit codes, the
// env file, and a second import of the export changing nothing.

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-ie-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const source = join(root, 'tenant');
  await writeFiles(source, sampleFiles);
  const envFile = join(root, 'tenant.env');
  await writeFile(envFile, Object.entries(sampleEnv).map(([k, v]) => `${k}='${v}'`).join('\n'));
  return { root, source, envFile, db: `sqlite:${join(root, 'data', 'gh.db')}` };
}

test('import, export with --write-env-file, import the export again: nothing changes', async (t) => {
  const { root, source, envFile, db } = await setup(t);
  const imported = await runGatehouse(['import', source, '--tenant', 'acme', '--env-file', envFile, '--db', db]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stdout, /created action gate \(deployed\)/);
  assert.match(imported.stdout, /created connection legacy-db \(scripts version 1\)/);
  assert.match(imported.stdout, /^created tenant "acme" \(acme\.localhost\): 6 created, 1 updated, 0 unchanged$/m);
  assert.doesNotMatch(imported.stdout + imported.stderr, /s3cret|key-1234567890/);

  const out = join(root, 'export');
  const outEnv = join(root, 'export.env');
  const exported = await runGatehouse(['export', out, '--tenant', 'acme', '--write-env-file', outEnv, '--db', db]);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stdout, /^exported tenant "acme" to .*: \d+ files$/m);
  assert.match(exported.stdout, /secret values \(.*API_KEY.*\) written to /);
  assert.equal((await stat(outEnv)).mode & 0o777, 0o600);
  assert.match(await readFile(join(out, 'actions/add-claims.json'), 'utf8'), /"value": "##API_KEY##"/);

  const again = await runGatehouse(['import', out, '--tenant', 'acme', '--env-file', outEnv, '--db', db, '--json']);
  assert.equal(again.status, 0, again.stderr);
  const report = JSON.parse(again.stdout);
  assert.equal(report.ok, true);
  assert.deepEqual(report.changes.filter((c: { result: string }) => c.result !== 'unchanged'), []);
});

test('problems: one line per file on stderr, the rest imported, exit 1', async (t) => {
  const { source, envFile, db } = await setup(t);
  await writeFile(join(source, 'clients/Broken.json'), '{"name": ');
  await writeFile(join(source, 'hooks'), '');
  const ran = await runGatehouse(['import', source, '--tenant', 'acme', '--env-file', envFile, '--db', db]);
  assert.equal(ran.status, 1);
  const lines = ran.stderr.trim().split('\n');
  assert.deepEqual(lines.slice(0, 2).sort(), ['! clients/Broken.json: not valid JSON: it ends too early', '! hooks: Gatehouse does not import hooks yet; skipped'].sort());
  assert.match(lines[2], /^gatehouse: 2 files or objects not imported as written/);
  assert.match(ran.stdout, /created action add-claims/);
});

test('bad input exits 2: no such folder, unreadable env file, unknown tenant to export, bad tenant name', async (t) => {
  const { root, source, db } = await setup(t);
  const missing = await runGatehouse(['import', join(root, 'nope'), '--db', db]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^gatehouse: .*nope is not a folder/);
  // Node itself looks at every --env-file in its argv and stops with 9 when the file is missing,
  // before Gatehouse runs (docs/local-development.md); either way the file is named.
  const env = await runGatehouse(['import', source, '--env-file', join(root, 'none.env'), '--db', db]);
  assert.ok(env.status === 2 || env.status === 9, `status ${env.status}`);
  assert.match(env.stderr, /none\.env/);
  const unknown = await runGatehouse(['export', join(root, 'out'), '--tenant', 'ghost', '--db', db]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no tenant named "ghost"/);
  const badName = await runGatehouse(['import', source, '--tenant', 'Not_OK', '--db', db]);
  assert.equal(badName.status, 2);
});

test('--help of both commands shows examples', async () => {
  for (const command of ['import', 'export']) {
    const ran = await runGatehouse([command, '--help']);
    assert.equal(ran.status, 0);
    assert.match(ran.stdout, new RegExp(`\\$ gatehouse ${command} `));
  }
});
