// Containers start from a once-stripped JavaScript copy of the container side, kept in the
// module cache; when that cannot be written they fall back to the TypeScript entry.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { compiledEntry } from '../../../src/runtime/backends/compiled-entry.ts';

describe('compiled container entry', () => {
  it('writes a JavaScript tree whose imports point at .js files, once', () => {
    const root = mkdtempSync(join(tmpdir(), 'gatehouse-compiled-'));
    try {
      const entry = compiledEntry('worker', root);
      assert.ok(entry !== null && entry.endsWith('entry.js'));
      assert.equal(compiledEntry('worker', root), entry);
      const containerDir = join(dirname(entry), '..', '..', 'container');
      const serve = readFileSync(join(containerDir, 'serve.js'), 'utf8');
      assert.match(serve, /from '\.\/sandbox\.js'/);
      assert.doesNotMatch(serve, /\.ts['"]/);
      assert.ok(readdirSync(containerDir).every((f) => f.endsWith('.js')));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('returns null when the cache root cannot hold it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-compiled-'));
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, '');
    try {
      assert.equal(compiledEntry('process', file), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
