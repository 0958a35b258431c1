import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReloader } from '../../../src/flows/dev/index.ts';
import { createSecretBox, migrate, openDatabase } from '../../../src/storage/index.ts';
import { sampleEnv, sampleFiles, writeFiles } from '../tenant-directory/sample.ts';

test('reloads apply only what changed, and calls during a reload do not overlap it', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-reload-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const dir = join(root, 'tenant');
  await writeFiles(dir, sampleFiles);
  const envFile = join(root, 'dev.env');
  await writeFile(envFile, Object.entries(sampleEnv).map(([k, v]) => `${k}='${v}'`).join('\n'));
  const database = await openDatabase('sqlite::memory:');
  t.after(() => database.close());
  await migrate(database);
  const deps = { database, box: createSecretBox(randomBytes(32)), moduleCacheDir: join(root, 'modules') };
  const reloader = createReloader(deps, { dir, tenant: 'dev', hostnames: ['localhost'], envFile });

  const first = await reloader.reload();
  assert.deepEqual(first.allProblems, []);
  assert.equal(first.tenantCreated, true);
  assert.deepEqual(first.tenant.hostnames, ['localhost']);

  await writeFile(join(dir, 'database-connections/legacy-db/login.js'), sampleFiles['database-connections/legacy-db/login.js'].replace('email })', 'email, name: email })'));
  // Three calls while the first runs: one shared result now, then exactly one more run.
  const [a, b, c] = await Promise.all([reloader.reload(), reloader.reload(), reloader.reload()]);
  assert.equal(a, b);
  assert.equal(b, c);
  assert.deepEqual(a.changes.filter((x) => x.result !== 'unchanged').map((x) => [x.kind, x.name, x.result, x.detail]), [['connection', 'legacy-db', 'updated', 'scripts version 2']]);

  // A broken env file is one problem; the directory still applies (its keywords now unresolved).
  await writeFile(envFile, 'not a line\n');
  const broken = await reloader.reload();
  assert.ok(broken.allProblems.some((p) => p.file === envFile && /line 1 is not KEY=VALUE/.test(p.message)));
});
