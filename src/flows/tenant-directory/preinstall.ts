import { dependenciesForScripts } from '../../runtime/modules/default-allowlist.ts';
import { installDependencySet, type InstallProgress } from '../../runtime/modules/install.ts';
import type { TenantDirectory } from './types.ts';

// Installs the npm dependency sets a directory will need before it is applied, reporting
// progress, so a long first install shows up as such instead of as a silent pause inside a
// save. Sets already installed are skipped silently; a failing install is left for the apply
// step to report against its file.

export async function preinstallDependencies(directory: TenantDirectory, moduleCacheDir: string, onProgress?: (event: InstallProgress) => void): Promise<void> {
  const sets: Array<Record<string, string>> = [];
  for (const db of directory.databases) sets.push(dependenciesForScripts(Object.values(db.scripts)));
  for (const action of directory.actions) {
    const deps = (action.data.dependencies as Array<{ name: string; version: string }> | undefined) ?? [];
    sets.push(Object.fromEntries(deps.map((d) => [d.name, d.version]).sort(([a], [b]) => a.localeCompare(b))));
  }
  const seen = new Set<string>();
  for (const set of sets) {
    const key = JSON.stringify(set);
    if (Object.keys(set).length === 0 || seen.has(key)) continue;
    seen.add(key);
    await installDependencySet(moduleCacheDir, set, { onProgress }).catch(() => undefined);
  }
}
