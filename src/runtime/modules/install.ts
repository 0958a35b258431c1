import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GatehouseError } from '../../errors/index.ts';
import { moduleSetDir, moduleSetKey, type DependencySet } from './module-set.ts';
import { npmReason, runNpm } from './npm.ts';
import { assertExactDependencies, dependencySource } from './spec.ts';

// Invariants:
// - A set's folder appears in one atomic rename, with its marker already inside, so a reader
//   never sees a half-installed set and concurrent installers (threads or processes) cannot mix
//   their files: the loser of the rename throws its copy away.
// - Install scripts never run (`--ignore-scripts`): Auth0 refuses native modules, and a package
//   postinstall would run with the host's privileges. A package that needs a native build
//   therefore installs but fails at `require` time.

export const installedMarker = '.gatehouse-installed.json';

export type InstallProgress =
  | { readonly stage: 'start'; readonly packages: readonly string[]; readonly dir: string }
  | { readonly stage: 'done'; readonly packages: readonly string[]; readonly dir: string; readonly durationMs: number };

export interface InstallOptions {
  /** Told when npm actually has to run; silent for a set that is already installed. */
  readonly onProgress?: (event: InstallProgress) => void;
  /** npm is killed after this long (default 5 minutes). */
  readonly timeoutMs?: number;
}

// One npm run per set per process: concurrent deploys of the same set wait for the same install.
const inFlight = new Map<string, Promise<string>>();

/** True when the set under cacheRoot is completely installed. */
export async function isDependencySetInstalled(cacheRoot: string, deps: DependencySet): Promise<boolean> {
  return hasMarker(moduleSetDir(cacheRoot, deps));
}

/**
 * Installs a dependency set (name → exact version) into its content-addressed folder under
 * cacheRoot and returns that folder (its `node_modules/` is what `require` resolves from).
 * Idempotent: an installed set is returned at once.
 */
export async function installDependencySet(cacheRoot: string, deps: DependencySet, options: InstallOptions = {}): Promise<string> {
  assertExactDependencies(deps);
  const dir = moduleSetDir(cacheRoot, deps);
  if (await hasMarker(dir)) return dir;
  const key = `${cacheRoot}\0${moduleSetKey(deps)}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = install(cacheRoot, deps, dir, options).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

async function install(cacheRoot: string, deps: DependencySet, dir: string, options: InstallOptions): Promise<string> {
  const packages = Object.entries(deps).map(([n, v]) => describe(n, v)).sort();
  const started = performance.now();
  await mkdir(cacheRoot, { recursive: true });
  await pruneAbandoned(cacheRoot);
  // Beside the final folder so that the rename stays on one file system (atomic).
  const tmp = await mkdtemp(join(cacheRoot, `.tmp-${moduleSetKey(deps)}-`));
  try {
    options.onProgress?.({ stage: 'start', packages, dir });
    await writeFile(join(tmp, 'package.json'), JSON.stringify({ name: 'gatehouse-module-set', private: true, dependencies: deps }, null, 2));
    const result = await runNpm(
      ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--omit=dev', '--no-package-lock', '--no-update-notifier', '--prefix', tmp],
      { cwd: tmp, timeoutMs: options.timeoutMs ?? 300_000 },
    );
    if (result.code !== 0) {
      const reason = result.timedOut ? `npm did not finish within ${options.timeoutMs ?? 300_000} ms` : npmReason(result.stderr);
      throw new GatehouseError('DEPENDENCY_INSTALL_FAILED', `could not install ${culprit(deps, reason)}: ${reason}`);
    }
    await verifyInstalled(tmp, deps);
    await writeFile(join(tmp, installedMarker), JSON.stringify({ dependencies: deps, installedAt: new Date().toISOString() }, null, 2));
    await publish(tmp, dir);
    options.onProgress?.({ stage: 'done', packages, dir, durationMs: performance.now() - started });
    return dir;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** `pg@8.23.1`, or `bcrypt (npm:bcryptjs@3.0.3)` for an alias: what a person reads. */
function describe(name: string, version: string): string {
  return version.startsWith('npm:') ? `${name} (${version})` : `${name}@${version}`;
}

/** The packages npm's reason is about, or every package of the set when it names none. */
function culprit(deps: DependencySet, reason: string): string {
  const all = Object.entries(deps);
  const named = all.filter(([name, version]) => {
    const source = dependencySource(name, version);
    return reason.includes(`${source.name}@`) || reason.includes(`/${source.name}`) || reason.includes(`'${source.name}'`);
  });
  return (named.length > 0 ? named : all).map(([n, v]) => describe(n, v)).join(', ');
}

// npm exits 0 in a few odd cases (e.g. an optional dependency that failed); check what we asked for.
async function verifyInstalled(tmp: string, deps: DependencySet): Promise<void> {
  for (const [name, spec] of Object.entries(deps)) {
    const want = dependencySource(name, spec);
    let got: { name?: string; version?: string } = {};
    try {
      got = JSON.parse(await readFile(join(tmp, 'node_modules', name, 'package.json'), 'utf8'));
    } catch {
      // fall through to the error below
    }
    if (got.name !== want.name || got.version !== want.version) {
      throw new GatehouseError('DEPENDENCY_INSTALL_FAILED', `could not install ${name}@${spec}: npm did not produce ${want.name}@${want.version}`);
    }
  }
}

async function publish(tmp: string, dir: string): Promise<void> {
  try {
    await rename(tmp, dir);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
  }
  // Someone else published first. Theirs is complete if it has the marker; a folder without one
  // can only be debris from an older layout, so move it aside (atomically) and publish ours.
  if (await hasMarker(dir)) return;
  const trash = `${tmp}-stale`;
  await rename(dir, trash).catch(() => undefined);
  await rm(trash, { recursive: true, force: true });
  try {
    await rename(tmp, dir);
  } catch (err) {
    if (!(await hasMarker(dir))) throw err;
  }
}

// A process killed mid-install leaves its temp folder; nothing else ever removes it. Any temp
// folder much older than the npm time limit cannot belong to a live install.
const abandonedAfterMs = 3_600_000;

async function pruneAbandoned(cacheRoot: string): Promise<void> {
  const now = Date.now();
  for (const entry of await readdir(cacheRoot).catch(() => [] as string[])) {
    if (!entry.startsWith('.tmp-')) continue;
    const path = join(cacheRoot, entry);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > abandonedAfterMs) await rm(path, { recursive: true, force: true });
  }
}

async function hasMarker(dir: string): Promise<boolean> {
  try {
    await readFile(join(dir, installedMarker));
    return true;
  } catch {
    return false;
  }
}
