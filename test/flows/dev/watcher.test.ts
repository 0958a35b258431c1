import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchDirectory } from '../../../src/flows/dev/index.ts';

// No timing assertions: bursts are written inside one debounce window on purpose, and the test
// only waits (bounded) for callbacks to arrive.

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('a burst of writes in nested folders and the env file arrives as one call with every path', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-watch-'));
  const outside = await mkdtemp(join(tmpdir(), 'gatehouse-watch-env-'));
  t.after(async () => { await rm(root, { recursive: true, force: true }); await rm(outside, { recursive: true, force: true }); });
  await mkdir(join(root, 'actions/gate'), { recursive: true });
  const envFile = join(outside, 'dev.env');
  await writeFile(envFile, 'A=1\n');
  const calls: string[][] = [];
  // A long window so the three writes below certainly fall into one burst on a loaded machine.
  const watcher = watchDirectory(root, (paths) => calls.push(paths), { debounceMs: 1_000, files: [envFile] });
  t.after(() => watcher.close());
  await writeFile(join(root, 'actions/gate/code.js'), 'exports.onExecutePostLogin = async () => {};');
  await writeFile(join(root, 'actions/gate.json'), '{}');
  await writeFile(envFile, 'A=2\n');
  await until(() => calls.length > 0, 'the burst');
  const paths = calls[0];
  assert.ok(paths.includes(join(root, 'actions/gate/code.js')), paths.join(', '));
  assert.ok(paths.includes(join(root, 'actions/gate.json')), paths.join(', '));
  assert.ok(paths.includes(envFile), paths.join(', '));
});

test('editor swap files and .git are ignored', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'gatehouse-watch-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, '.git'), { recursive: true });
  const calls: string[][] = [];
  const watcher = watchDirectory(root, (paths) => calls.push(paths), { debounceMs: 200 });
  t.after(() => watcher.close());
  await writeFile(join(root, '.git/index'), 'x');
  await writeFile(join(root, 'code.js.swp'), 'x');
  await writeFile(join(root, 'tenant.json'), '{}');
  await until(() => calls.length > 0, 'a call');
  assert.deepEqual(calls.flat(), [join(root, 'tenant.json')]);
});
