import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { readTenantDirectory } from '../../../src/flows/tenant-directory/index.ts';
import { sampleEnv, sampleFiles, writeFiles } from './sample.ts';

// The deploy CLI's YAML format (one tenant.yaml, code in files beside it) reads into the same
// objects as the directory format of the same tenant.

/** The sample tenant as tenant.yaml, keywords kept, scripts and code in the same files. */
function sampleYaml(): string {
  const json = (file: string) => JSON.parse(sampleFiles[file].replace('@@CALLBACKS@@', '"@@CALLBACKS@@"'));
  const db = json('database-connections/legacy-db/database.json');
  db.options.customScripts = { login: './database-connections/legacy-db/login.js', get_user: './database-connections/legacy-db/get_user.js' };
  return stringify({
    tenant: json('tenant.json'),
    clients: [json('clients/Web App.json'), json('clients/Worker.json')],
    resourceServers: [json('resource-servers/Orders API.json')],
    databases: [db],
    actions: [json('actions/add-claims.json'), json('actions/gate.json')],
    triggers: json('triggers/triggers.json'),
  }).replace("'@@CALLBACKS@@'", '@@CALLBACKS@@');
}

test('tenant.yaml reads into the same tenant as the directory format', async (t) => {
  const dirRoot = await mkdtemp(join(tmpdir(), 'gatehouse-dir-'));
  const yamlRoot = await mkdtemp(join(tmpdir(), 'gatehouse-yaml-'));
  t.after(async () => { await rm(dirRoot, { recursive: true, force: true }); await rm(yamlRoot, { recursive: true, force: true }); });
  await writeFiles(dirRoot, sampleFiles);
  const codeOnly = Object.fromEntries(Object.entries(sampleFiles).filter(([f]) => f.endsWith('.js')));
  await writeFiles(yamlRoot, { ...codeOnly, 'tenant.yaml': sampleYaml() });

  const fromDir = await readTenantDirectory(dirRoot, { mappings: sampleEnv });
  const fromFolder = await readTenantDirectory(yamlRoot, { mappings: sampleEnv });
  const fromFile = await readTenantDirectory(join(yamlRoot, 'tenant.yaml'), { mappings: sampleEnv });
  assert.deepEqual(fromFolder.problems, []);
  for (const yaml of [fromFolder, fromFile]) {
    const d = yaml.directory;
    assert.deepEqual(d.tenant, fromDir.directory.tenant);
    assert.deepEqual(d.clients.map((c) => c.data), fromDir.directory.clients.map((c) => c.data));
    assert.deepEqual(d.resourceServers.map((r) => r.data), fromDir.directory.resourceServers.map((r) => r.data));
    assert.deepEqual(d.databases.map((x) => [x.data, x.scripts]), fromDir.directory.databases.map((x) => [x.data, x.scripts]));
    assert.deepEqual(d.actions.map((a) => [a.data, a.code, a.codeFile]), fromDir.directory.actions.map((a) => [a.data, a.code, a.codeFile]));
    assert.deepEqual(d.triggers, fromDir.directory.triggers);
  }
});

test('a bad object in tenant.yaml is one line; the others load; bad YAML names the line', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-yaml-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await writeFile(join(root, 'tenant.yaml'), stringify({
    clients: [{ name: 'Good', app_type: 'spa' }, { app_type: 'spa' }],
    actions: [{ name: 'lost', code: './actions/lost/code.js', supported_triggers: [{ id: 'post-login' }] }],
    rules: [{ name: 'old' }],
  }));
  const { directory, problems } = await readTenantDirectory(root);
  assert.deepEqual(directory.clients.map((c) => c.data.name), ['Good']);
  const lines = problems.map((p) => `${p.file}: ${p.message}`).sort();
  assert.equal(lines.length, 3, lines.join('\n'));
  assert.match(lines[0], /^actions\/lost\/code\.js: file not found$/);
  assert.match(lines[1], /^tenant\.yaml: clients\[1\]: name: /);
  assert.match(lines[2], /^tenant\.yaml: rules: Gatehouse does not import rules yet; skipped$/);

  await writeFile(join(root, 'tenant.yaml'), 'clients:\n  - name: [unclosed\n');
  const bad = await readTenantDirectory(join(root, 'tenant.yaml'));
  assert.match(bad.problems[0].message, /^not valid YAML at line \d+, column \d+$/);
});
