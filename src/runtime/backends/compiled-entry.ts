// Container start-up is dominated by loading the container side's TypeScript files: every new
// worker isolate or child process strips their types again. They are stripped once here instead,
// into a content-addressed folder under the module cache (which the process backend may read
// anyway), and containers start from the JavaScript. Any failure falls back to the .ts entry.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const runtimeDir = fileURLToPath(new URL('..', import.meta.url));

// What a backend's child process loads besides the shared container side (src/runtime/container/).
const backendFiles = {
  worker: ['backends/worker/entry.ts', 'backends/worker/host-entry.ts', 'backends/transport.ts'],
  process: ['backends/process/entry.ts'],
} as const;

/** Every file a container loads, relative to src/runtime/. */
function containerFiles(backend: 'worker' | 'process'): string[] {
  const container = readdirSync(join(runtimeDir, 'container')).filter((f) => f.endsWith('.ts')).map((f) => `container/${f}`);
  return ['limits.ts', ...backendFiles[backend], ...container].sort();
}

/**
 * What a backend's child process must be allowed to read when it runs the TypeScript sources
 * (no compiled entry): exactly the files it loads, and the container folder.
 */
export function containerSourcePaths(backend: 'worker' | 'process'): string[] {
  return [join(runtimeDir, 'container'), ...['limits.ts', ...backendFiles[backend]].map((f) => join(runtimeDir, f))];
}

// Relative `.ts` specifiers of static imports become `.js`; type-only imports are already gone.
const tsSpecifier = /(\bfrom\s*|\bimport\s*)(['"])(\.{1,2}\/[^'"]+)\.ts\2/g;

function strip(source: string): string {
  // The API is flagged experimental in Node 24 and says so once on stderr: not the host's news.
  const emitWarning = process.emitWarning;
  process.emitWarning = () => {};
  try {
    return stripTypeScriptTypes(source, { mode: 'strip' }).replace(tsSpecifier, '$1$2$3.js$2');
  } finally {
    process.emitWarning = emitWarning;
  }
}

const memo = new Map<string, string | null>();

/**
 * Path of the compiled entry for `backend` under `cacheRoot`, compiling it on first use; null
 * when that is impossible (then the caller starts the .ts entry).
 */
export function compiledEntry(backend: 'worker' | 'process', cacheRoot: string): string | null {
  const key = `${backend}\0${cacheRoot}`;
  if (!memo.has(key)) {
    let entry: string | null;
    try {
      entry = compile(backend, cacheRoot);
    } catch {
      entry = null;
    }
    memo.set(key, entry);
  }
  return memo.get(key) ?? null;
}

function compile(backend: 'worker' | 'process', cacheRoot: string): string | null {
  const files = containerFiles(backend);
  const sources = files.map((f) => readFileSync(join(runtimeDir, f), 'utf8'));
  const hash = createHash('sha256');
  files.forEach((f, i) => hash.update(f).update('\0').update(sources[i]).update('\0'));
  const dir = join(cacheRoot, '.gatehouse-container', `${backend}-${hash.digest('hex').slice(0, 24)}`);
  const entry = join(dir, `backends/${backend}/entry.js`);
  if (!existsSync(entry)) {
    mkdirSync(dirname(dir), { recursive: true });
    const tmp = mkdtempSync(`${dir}.tmp-`);
    try {
      writeFileSync(join(tmp, 'package.json'), '{"type":"module","private":true}\n');
      files.forEach((f, i) => {
        const target = join(tmp, f.replace(/\.ts$/, '.js'));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, strip(sources[i]));
      });
      // Atomic publish; a concurrent compiler that won the race leaves an identical folder.
      try {
        renameSync(tmp, dir);
      } catch (err) {
        if (!existsSync(entry)) throw err;
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return existsSync(entry) && !relative(cacheRoot, entry).startsWith('..') ? entry : null;
}
