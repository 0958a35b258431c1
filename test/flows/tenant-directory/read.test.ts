import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTenantDirectory } from '../../../src/flows/tenant-directory/index.ts';
import { sampleEnv, sampleFiles, writeFiles } from './sample.ts';

async function dir(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-dir-'));
  await writeFiles(root, files);
  return root;
}

test('the sample reads completely, keywords replaced, no problems', async (t) => {
  const root = await dir(sampleFiles);
  t.after(() => rm(root, { recursive: true, force: true }));
  const { directory, problems } = await readTenantDirectory(root, { mappings: sampleEnv });
  assert.deepEqual(problems, []);
  assert.deepEqual(directory.clients.map((c) => c.data.name).sort(), ['Web App', 'Worker']);
  assert.deepEqual(directory.clients.find((c) => c.data.name === 'Web App')?.data.callbacks, JSON.parse(sampleEnv.CALLBACKS));
  const db = directory.databases[0];
  assert.deepEqual(Object.keys(db.scripts).sort(), ['get_user', 'login']);
  assert.equal((db.data.options as { configuration: Record<string, string> }).configuration.DB_URL, sampleEnv.LEGACY_DB_URL);
  assert.equal('customScripts' in (db.data.options as object), false);
  assert.deepEqual(directory.actions.map((a) => [a.data.name, a.codeFile]), [['add-claims', 'actions/add-claims/code.js'], ['gate', 'actions/gate/code.js']]);
  assert.equal('code' in directory.actions[0].data, false);
  assert.deepEqual(directory.triggers?.['post-login']?.map((b) => b.action_name), ['gate', 'add-claims']);
  assert.equal(directory.tenant?.friendly_name, 'Sample');
});

test('malformed and unknown files: one line each naming the file; the rest still loads', async (t) => {
  const root = await dir({
    ...sampleFiles,
    'clients/Broken.json': '{\n  "name": "Broken",\n  "app_type": \n}',
    'clients/NoName.json': '{"app_type": "spa"}',
    'clients/notes.txt': 'hello',
    'actions/missing-code.json': JSON.stringify({ name: 'missing-code', code: './actions/missing-code/code.js', supported_triggers: [{ id: 'post-login' }] }),
    'database-connections/legacy-db/extra.js': '// not referenced',
    'rules/old-rule.js': 'function (user, context, cb) { cb(null, user, context); }',
    'mystery.json': '{}',
    'resource-servers/Cut.json': '{"name": "Cut", "identifier": ',
  });
  t.after(() => rm(root, { recursive: true, force: true }));
  const { directory, problems } = await readTenantDirectory(root, { mappings: { ...sampleEnv, API_KEY: undefined as unknown as string } });
  const byFile = Object.fromEntries(problems.map((p) => [p.file, p.message]));
  assert.equal(byFile['clients/Broken.json'], 'not valid JSON: unexpected "}"');
  assert.match(byFile['clients/NoName.json'], /name/);
  assert.match(byFile['clients/notes.txt'], /unknown file/);
  assert.equal(byFile['actions/missing-code/code.js'], 'file not found');
  assert.match(byFile['database-connections/legacy-db/extra.js'], /not listed in database-connections\/legacy-db\/database\.json options\.customScripts/);
  assert.match(byFile.rules, /does not import rules/);
  assert.match(byFile['mystery.json'], /unknown file/);
  assert.equal(byFile['resource-servers/Cut.json'], 'not valid JSON: it ends too early');
  // Everything valid still loaded.
  assert.deepEqual(directory.clients.map((c) => c.data.name).sort(), ['Web App', 'Worker']);
  assert.deepEqual(directory.actions.map((a) => a.data.name), ['add-claims', 'gate']);
  assert.equal(directory.databases.length, 1);
});

test('a keyword without a value is reported with the key to add', async (t) => {
  const root = await dir(sampleFiles);
  t.after(() => rm(root, { recursive: true, force: true }));
  const { LEGACY_DB_URL: _omit, ...env } = sampleEnv;
  const { problems } = await readTenantDirectory(root, { mappings: env });
  assert.deepEqual(problems, [{ file: 'database-connections/legacy-db/database.json', message: 'no value for ##LEGACY_DB_URL## (add LEGACY_DB_URL=… to the env file)' }]);
});
