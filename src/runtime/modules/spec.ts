import { GatehouseError } from '../../errors/index.ts';
import type { DependencySet } from './module-set.ts';

// npm's own rule for new package names (lower case, URL-safe, optional scope).
const packageName = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
// Exact semver only: a range, tag or URL would make the content address lie about what is installed.
const exactVersion = /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
// `npm:<name>@<exact>` installs a package under another name; used to expose bcryptjs as `bcrypt`.
const alias = /^npm:((?:@[^/@]+\/)?[^/@]+)@(.+)$/;

export function isPackageName(name: string): boolean {
  return name.length <= 214 && packageName.test(name);
}

export function isExactVersion(version: string): boolean {
  return exactVersion.test(version);
}

/** Where a dependency's code really comes from: itself, or the target of an `npm:` alias. */
export function dependencySource(name: string, version: string): { name: string; version: string } {
  const m = alias.exec(version);
  return m ? { name: m[1], version: m[2] } : { name, version };
}

/**
 * Throws DEPENDENCY_INSTALL_FAILED naming the first spec that is not `name` + exact version
 * (or an `npm:` alias to an exact version). Ranges, tags, URLs, git specs and paths are refused.
 */
export function assertExactDependencies(deps: DependencySet): void {
  for (const [name, version] of Object.entries(deps)) {
    const spec = `${name}@${version}`;
    if (!isPackageName(name)) {
      throw new GatehouseError('DEPENDENCY_INSTALL_FAILED', `invalid dependency "${spec}": "${name}" is not an npm package name`);
    }
    if (typeof version !== 'string') {
      throw new GatehouseError('DEPENDENCY_INSTALL_FAILED', `invalid dependency "${name}": the version must be a string`);
    }
    const source = dependencySource(name, version);
    if (!isPackageName(source.name) || !isExactVersion(source.version)) {
      throw new GatehouseError(
        'DEPENDENCY_INSTALL_FAILED',
        `invalid dependency "${spec}": only exact versions are accepted (like 1.2.3), not ranges, tags, URLs, git specs or paths`,
      );
    }
  }
}

/**
 * Splits what user code passed to `require()`: `pg`, `pg/lib/x`, `pg@8.1.0`, `@scope/p@1.0.0/sub`.
 * The `name@version` form is Auth0's way to pick a listed version. Returns null for relative or
 * absolute paths, which no script may require.
 */
export function parseModuleRequest(request: string): { name: string; version?: string; subpath: string } | null {
  if (request === '' || request.startsWith('.') || request.startsWith('/')) return null;
  const parts = request.split('/');
  const scoped = request.startsWith('@');
  const head = scoped ? `${parts[0]}/${parts[1] ?? ''}` : parts[0];
  const rest = parts.slice(scoped ? 2 : 1).join('/');
  const at = head.indexOf('@', scoped ? 1 : 0);
  const name = at === -1 ? head : head.slice(0, at);
  const version = at === -1 ? undefined : head.slice(at + 1);
  if (!isPackageName(name)) return null;
  return version === undefined ? { name, subpath: rest } : { name, version, subpath: rest };
}
