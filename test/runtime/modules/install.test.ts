import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installDependencySet, installedMarker, isDependencySetInstalled } from '../../../src/runtime/modules/install.ts';
import { moduleSetDir } from '../../../src/runtime/modules/module-set.ts';
import { defaultAllowList } from '../../../src/runtime/modules/default-allowlist.ts';
import { GatehouseError } from '../../../src/errors/index.ts';

// These tests install from the real npm registry (the issue asks for bcryptjs and pg for real).

const installModule = new URL('../../../src/runtime/modules/install.ts', import.meta.url).pathname;
let cache: string;

before(async () => {
  cache = await mkdtemp(join(tmpdir(), 'gatehouse-modules-'));
});
after(async () => {
  await rm(cache, { recursive: true, force: true });
});

async function packageJson(dir: string, name: string): Promise<{ name: string; version: string }> {
  return JSON.parse(await readFile(join(dir, 'node_modules', name, 'package.json'), 'utf8'));
}

async function setFolders(root: string): Promise<string[]> {
  return (await readdir(root)).sort();
}

test('installs bcryptjs and pg into the folder named by the set, with a marker', async () => {
  const deps = { bcryptjs: defaultAllowList.bcryptjs, pg: defaultAllowList.pg };
  const events: string[] = [];
  const dir = await installDependencySet(cache, deps, { onProgress: (e) => events.push(e.stage) });
  assert.equal(dir, moduleSetDir(cache, deps));
  assert.deepEqual(events, ['start', 'done']);
  const marker = JSON.parse(await readFile(join(dir, installedMarker), 'utf8'));
  assert.deepEqual(marker.dependencies, deps);
  assert.equal((await packageJson(dir, 'pg')).version, deps.pg);
  assert.equal((await packageJson(dir, 'bcryptjs')).version, deps.bcryptjs);
  assert.equal(await isDependencySetInstalled(cache, deps), true);
  // No temp folder is left behind.
  assert.deepEqual(await setFolders(cache), [dir.slice(cache.length + 1)]);
});

test('installing the same set again returns the same folder without running npm', async () => {
  const deps = { pg: defaultAllowList.pg, bcryptjs: defaultAllowList.bcryptjs }; // other key order, same set
  const before = await stat(join(moduleSetDir(cache, deps), installedMarker));
  const events: string[] = [];
  const dir = await installDependencySet(cache, deps, { onProgress: (e) => events.push(e.stage) });
  assert.equal(dir, moduleSetDir(cache, deps));
  assert.deepEqual(events, []);
  assert.equal((await stat(join(dir, installedMarker))).mtimeMs, before.mtimeMs);
});

test('an npm alias installs bcryptjs under the name bcrypt', async () => {
  const deps = { bcrypt: defaultAllowList.bcrypt };
  const dir = await installDependencySet(cache, deps);
  const req = createRequire(join(dir, 'node_modules', 'index.js'));
  assert.equal((await packageJson(dir, 'bcrypt')).name, 'bcryptjs');
  const bcrypt = req('bcrypt');
  assert.equal(bcrypt.compareSync('pw', bcrypt.hashSync('pw', 4)), true);
});

test('concurrent installs of one set in one process share one npm run', async () => {
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-modules-'));
  try {
    const deps = { bcryptjs: defaultAllowList.bcryptjs };
    let starts = 0;
    const dirs = await Promise.all([1, 2, 3].map(() => installDependencySet(root, deps, { onProgress: (e) => { if (e.stage === 'start') starts += 1; } })));
    assert.equal(new Set(dirs).size, 1);
    assert.equal(starts, 1);
    assert.deepEqual(await setFolders(root), [dirs[0].slice(root.length + 1)]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

function installInChild(root: string, deps: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const code = `import { installDependencySet } from ${JSON.stringify(installModule)};
    const dir = await installDependencySet(${JSON.stringify(root)}, ${JSON.stringify(deps)});
    process.stdout.write(dir);`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    child.on('close', (c) => resolve({ code: c, out, err }));
  });
}

test('concurrent installs of one set from separate processes leave one complete folder', async () => {
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-modules-'));
  try {
    const deps = { bcryptjs: defaultAllowList.bcryptjs, uuid: defaultAllowList.uuid };
    const results = await Promise.all([installInChild(root, deps), installInChild(root, deps), installInChild(root, deps)]);
    for (const r of results) assert.equal(r.code, 0, r.err);
    const dirs = new Set(results.map((r) => r.out));
    assert.deepEqual([...dirs], [moduleSetDir(root, deps)]);
    // Exactly the set's folder: the losers' temp copies are gone.
    assert.deepEqual(await setFolders(root), [moduleSetDir(root, deps).slice(root.length + 1)]);
    const req = createRequire(join(moduleSetDir(root, deps), 'node_modules', 'index.js'));
    assert.equal(typeof req('uuid').v4(), 'string');
    assert.equal(typeof req('bcryptjs').hashSync, 'function');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a range is refused before npm runs, naming the spec', async () => {
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-modules-'));
  try {
    await assert.rejects(installDependencySet(root, { pg: '^8.0.0' }), (err: unknown) => {
      assert.ok(err instanceof GatehouseError);
      assert.equal(err.code, 'DEPENDENCY_INSTALL_FAILED');
      assert.match(err.message, /pg@\^8\.0\.0/);
      return true;
    });
    assert.deepEqual(await readdir(root), []);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("a version that does not exist fails with npm's reason and leaves nothing installed", async () => {
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-modules-'));
  try {
    const deps = { bcryptjs: defaultAllowList.bcryptjs, pg: '99.99.99' };
    await assert.rejects(installDependencySet(root, deps), (err: unknown) => {
      assert.ok(err instanceof GatehouseError);
      assert.equal(err.code, 'DEPENDENCY_INSTALL_FAILED');
      assert.match(err.message, /^could not install pg@99\.99\.99: .*pg@99\.99\.99/);
      assert.doesNotMatch(err.message, /\n/);
      return true;
    });
    assert.deepEqual(await readdir(root), []);
    assert.equal(await isDependencySetInstalled(root, deps), false);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
