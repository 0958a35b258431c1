import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import {
  applyTenantDirectory, collectTenantDirectory, parseEnvFile, readTenantDirectory, replaceKeywords, writeTenantDirectory,
} from '../../../src/flows/tenant-directory/index.ts';
import { createActionQueries, createActionVersionQueries, createConnectionQueries, createSecretBox, createTenantQueries, type Database } from '../../../src/storage/index.ts';
import { dialects } from '../../helpers/dialects.ts';
import { sampleEnv, sampleFiles, writeFiles } from './sample.ts';

// import → export → compare, on every storage dialect: every field of every source file comes
// back (keywords replaced the same way on both sides), and a second import of the export
// exports exactly the same files — the format is a fixed point. The export is also parsed by
// the real auth0-deploy-cli's directory handlers.

const require = createRequire(import.meta.url);
const box = createSecretBox(randomBytes(32));
const moduleCacheDir = join(tmpdir(), 'gatehouse-rt-modules');

async function filesOf(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(root, path).split(sep).join('/')] = await readFile(path, 'utf8');
  }
  return out;
}

/** Every key of `expected` (deeply) has the same value in `actual`; `actual` may add defaults. */
function assertSubset(actual: unknown, expected: unknown, where: string): void {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    assert.ok(actual && typeof actual === 'object', `${where}: expected an object`);
    for (const [key, value] of Object.entries(expected)) assertSubset((actual as Record<string, unknown>)[key], value, `${where}.${key}`);
    return;
  }
  assert.deepEqual(actual, expected, where);
}

for (const dialect of await dialects()) {
  describe(`tenant directory round trip on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    const dirs: string[] = [];
    const tmp = async () => { const d = await mkdtemp(join(tmpdir(), 'gatehouse-rt-')); dirs.push(d); return d; };
    before(async () => { database = await dialect.openMigrated(); });
    after(async () => {
      await database?.close();
      for (const d of dirs) await rm(d, { recursive: true, force: true });
    });
    const deps = () => ({ database, box, moduleCacheDir });

    async function importDir(root: string, tenant: string, env: Record<string, string>) {
      const read = await readTenantDirectory(root, { mappings: env });
      const applied = await applyTenantDirectory(deps(), { tenant, directory: read.directory, env });
      return { read, applied };
    }

    async function exportTenant(tenant: string): Promise<{ root: string; env: Record<string, string> }> {
      const root = await tmp();
      const found = await createTenantQueries(database).findByName(tenant);
      const collected = await collectTenantDirectory({ database, box }, found!);
      const envFile = join(await tmp(), 'export.env');
      await writeTenantDirectory(root, collected, { envFile });
      return { root, env: { ...parseEnvFile(await readFile(envFile, 'utf8')).values } };
    }

    test('import → export keeps every field; export → import → export is identical', async () => {
      const source = await tmp();
      await writeFiles(source, sampleFiles);
      const first = await importDir(source, 'rt-one', sampleEnv);
      assert.deepEqual([...first.read.problems, ...first.applied.problems], []);

      const exported = await exportTenant('rt-one');
      const files = await filesOf(exported.root);
      for (const [file, text] of Object.entries(sampleFiles)) {
        assert.ok(file in files, `${file} was not exported`);
        if (file.endsWith('.js')) {
          assert.equal(files[file], text, file);
          continue;
        }
        // Both sides with their own env: the source's keywords and the export's placeholders.
        const want = JSON.parse(replaceKeywords(text, sampleEnv));
        const got = JSON.parse(replaceKeywords(files[file], exported.env));
        if (file.startsWith('database-connections/')) want.options.customScripts = want.options.customScripts && Object.fromEntries(Object.keys(want.options.customScripts).map((k) => [k, `./${k}.js`]));
        assertSubset(got, want, file);
      }
      // Secret values are placeholders in the files, values only in the env file.
      const allText = Object.values(files).join('\n');
      assert.doesNotMatch(allText, /s3cret|key-1234567890/);
      assert.equal(exported.env.API_KEY, sampleEnv.API_KEY);
      assert.equal(exported.env.DB_URL, sampleEnv.LEGACY_DB_URL);

      const second = await importDir(exported.root, 'rt-two', exported.env);
      assert.deepEqual([...second.read.problems, ...second.applied.problems], []);
      const again = await exportTenant('rt-two');
      const againFiles = await filesOf(again.root);
      // rt-two was created by the import too: its provisioned objects are the same as rt-one's.
      assert.deepEqual(Object.keys(againFiles).sort(), Object.keys(files).sort());
      for (const file of Object.keys(files)) assert.equal(againFiles[file], files[file], file);
      assert.deepEqual(again.env, exported.env);
    });

    test('the export is read by auth0-deploy-cli itself', async () => {
      const exported = await exportTenant('rt-one');
      const context = { filePath: exported.root, mappings: exported.env, disableKeywordReplacement: false, config: {}, assets: {} };
      const handler = (name: string) => require(`auth0-deploy-cli/lib/context/directory/handlers/${name}.js`).default;
      const { actions } = handler('actions').parse(context);
      const ours = await readTenantDirectory(exported.root, { mappings: exported.env });
      assert.deepEqual(actions.map((a: { name: string }) => a.name).sort(), ours.directory.actions.map((a) => a.data.name).sort());
      for (const a of actions) assert.equal(a.code, ours.directory.actions.find((o) => o.data.name === a.name)?.code);
      const { databases } = handler('databases').parse(context);
      const legacy = databases.find((d: { name: string }) => d.name === 'legacy-db');
      assert.equal(legacy.options.customScripts.login, sampleFiles['database-connections/legacy-db/login.js']);
      assert.equal(legacy.options.configuration.DB_URL, sampleEnv.LEGACY_DB_URL);
      const { triggers } = handler('triggers').parse(context);
      assert.deepEqual(triggers['post-login'].map((b: { action_name: string }) => b.action_name), ['gate', 'add-claims']);
      const { clients } = handler('clients').parse(context);
      assert.ok(clients.some((c: { name: string }) => c.name === 'Web App'));
    });

    test('re-importing the same folder changes nothing; one edited Action gets one new version', async () => {
      const source = await tmp();
      await writeFiles(source, sampleFiles);
      await importDir(source, 'rt-idem', sampleEnv);
      const tenant = (await createTenantQueries(database).findByName('rt-idem'))!;
      const again = await importDir(source, 'rt-idem', sampleEnv);
      assert.deepEqual(again.applied.changes.filter((c) => c.result !== 'unchanged'), []);

      const gate = (await createActionQueries(database, tenant.id).findByName('gate'))!;
      const versions = createActionVersionQueries(database, tenant.id);
      const before = (await versions.deployed(gate.id))!.number;
      const scriptsBefore = (await createConnectionQueries(database, box, tenant.id).findByName('legacy-db'))!.scripts_version;
      await writeFile(join(source, 'actions/gate/code.js'), sampleFiles['actions/gate/code.js'].replace("'blocked'", "'account blocked'"));
      const edited = await importDir(source, 'rt-idem', sampleEnv);
      assert.deepEqual(edited.applied.changes.filter((c) => c.result !== 'unchanged').map((c) => [c.kind, c.name, c.result]), [['action', 'gate', 'updated']]);
      assert.equal((await versions.deployed(gate.id))!.number, before + 1);
      assert.match((await versions.deployed(gate.id))!.code, /account blocked/);
      assert.equal((await createConnectionQueries(database, box, tenant.id).findByName('legacy-db'))!.scripts_version, scriptsBefore);
    });

    test('an object that cannot be applied is one problem line; the others are applied', async () => {
      const source = await tmp();
      await writeFiles(source, {
        ...sampleFiles,
        'actions/broken.json': JSON.stringify({ name: 'broken', code: './actions/broken/code.js', supported_triggers: [{ id: 'post-login' }] }),
        'actions/broken/code.js': 'exports.onExecutePostLogin = async (event, api) => {',
        'database-connections/bad-db/database.json': JSON.stringify({ name: 'bad-db', enabled_clients: ['Nobody'], options: { customScripts: { login: './login.js' } } }),
        'database-connections/bad-db/login.js': 'function login(email, password, callback) { callback(null, ',
      });
      const { applied } = await importDir(source, 'rt-problems', sampleEnv);
      const byFile = Object.fromEntries(applied.problems.map((p) => [p.file, p.message]));
      assert.match(byFile['actions/broken.json'], /^not applied: /);
      assert.match(byFile['database-connections/bad-db/database.json'], /no application named "Nobody"|not applied/);
      assert.ok(applied.changes.some((c) => c.kind === 'action' && c.name === 'gate' && c.result === 'created'));
      assert.ok(applied.changes.some((c) => c.kind === 'connection' && c.name === 'legacy-db' && c.result === 'created'));
    });
  });
}
