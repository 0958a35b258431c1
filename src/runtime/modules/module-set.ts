import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** name → exact version. The same set always maps to the same folder, shared by every tenant using it. */
export type DependencySet = Readonly<Record<string, string>>;

/** Content address of a dependency set: order-independent hash of its name@version pairs. */
export function moduleSetKey(deps: DependencySet): string {
  const canonical = Object.keys(deps).sort().map((name) => `${name}@${deps[name]}`).join('\n');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** Folder holding `node_modules/` for this set under the cache root. */
export function moduleSetDir(cacheRoot: string, deps: DependencySet): string {
  return join(cacheRoot, moduleSetKey(deps));
}
