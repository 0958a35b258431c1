import type { DependencySet } from './module-set.ts';
import { parseModuleRequest } from './spec.ts';
import { scanRequires } from './scan-requires.ts';

/**
 * Custom-DB scripts may require these without declaring them (SPEC.md §2, Auth0's "Can I require").
 * Versions are pinned exactly (checked against the npm registry, Nov 2026) so that every
 * connection using the same subset shares one content-addressed folder.
 *
 * - `bcrypt` is a native addon and install scripts never run, so `bcrypt` is bcryptjs installed
 *   under the name `bcrypt` (an npm alias): same hash/compare API, pure JavaScript.
 * - `xmldom` is the maintained fork `@xmldom/xmldom`, also exposed under its old name.
 * - HTTP: `axios` only; the deprecated `request` is not offered (use axios or the global fetch).
 * - `uuid` 11 is the last major with a CommonJS build (12+ are ESM only).
 */
export const defaultAllowList: DependencySet = Object.freeze({
  '@xmldom/xmldom': '0.9.12',
  axios: '1.21.1',
  bcrypt: 'npm:bcryptjs@3.0.3',
  bcryptjs: '3.0.3',
  jsonwebtoken: '9.0.3',
  lodash: '4.18.1',
  mongodb: '7.9.0',
  mysql: '2.18.1',
  mysql2: '3.24.6',
  pg: '8.23.1',
  uuid: '11.1.1',
  xmldom: 'npm:@xmldom/xmldom@0.9.12',
});

/**
 * The allow-listed dependencies a script actually requires, so a connection's deploy installs
 * only what it uses. `require('pg@8.23.1')` counts when it names the listed version; another
 * version, or a module on no list, is left for `require` to refuse with a clear error.
 */
export function dependenciesForScript(source: string, allowList: DependencySet = defaultAllowList): Record<string, string> {
  const deps: Record<string, string> = {};
  for (const request of scanRequires(source)) {
    const parsed = parseModuleRequest(request);
    if (!parsed || !Object.hasOwn(allowList, parsed.name)) continue;
    const listed = allowList[parsed.name];
    if (parsed.version !== undefined && parsed.version !== listed && !listed.endsWith(`@${parsed.version}`)) continue;
    deps[parsed.name] = listed;
  }
  return deps;
}

/**
 * The union for every script of one connection: they share one container, so they should share
 * one installed set (one folder, one `require` view) rather than one set per script.
 */
export function dependenciesForScripts(sources: Iterable<string>, allowList: DependencySet = defaultAllowList): Record<string, string> {
  const deps: Record<string, string> = {};
  for (const source of sources) Object.assign(deps, dependenciesForScript(source, allowList));
  return Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
}
