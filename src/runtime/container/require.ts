// `require` as user code sees it. Built-ins come from an allow-list (the rest would hand out the
// file system, processes, threads or the VM itself); packages only from the dependency set the
// code declared, resolved inside that set's content-addressed folder. `name@version` (Auth0's
// way to pick a listed version) is accepted when it names the declared version.
import { createRequire, isBuiltin } from 'node:module';
import { join } from 'node:path';

/**
 * Built-ins user code may require. Denied on purpose: fs, child_process, worker_threads, cluster,
 * vm, v8, inspector, module, process, os, repl, wasi, async_hooks, perf_hooks, trace_events,
 * dgram, sea, sqlite, test. `net`/`tls`/`http(s)` stay: database drivers need sockets.
 */
export const allowedBuiltins: ReadonlySet<string> = new Set([
  'assert', 'assert/strict', 'buffer', 'crypto', 'dns', 'dns/promises', 'events', 'http', 'https',
  'net', 'path', 'path/posix', 'punycode', 'querystring', 'stream', 'stream/promises', 'stream/web',
  'string_decoder', 'timers', 'timers/promises', 'tls', 'url', 'util', 'util/types', 'zlib',
]);

export type RequireResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string; readonly code: string };

// The container's own require: only ever called with an allow-listed built-in name.
const builtinRequire = createRequire(import.meta.url);

function notFound(message: string): RequireResult {
  return { ok: false, message, code: 'MODULE_NOT_FOUND' };
}

/** Splits `pg`, `pg/lib/x`, `pg@8.1.0`, `@scope/p@1.0.0/sub`; null for paths. */
export function splitRequest(request: string): { name: string; version?: string; subpath: string } | null {
  if (request === '' || request.startsWith('.') || request.startsWith('/') || request.includes('\\')) return null;
  const parts = request.split('/');
  const scoped = request.startsWith('@');
  const head = scoped ? `${parts[0]}/${parts[1] ?? ''}` : parts[0];
  const subpath = parts.slice(scoped ? 2 : 1).join('/');
  const at = head.indexOf('@', scoped ? 1 : 0);
  const name = at === -1 ? head : head.slice(0, at);
  if (name === '' || name.endsWith('/')) return null;
  return at === -1 ? { name, subpath } : { name, version: head.slice(at + 1), subpath };
}

/** Whether `asked` names the declared version (`8.1.0` for `8.1.0` or for `npm:x@8.1.0`). */
function sameVersion(asked: string, declared: string): boolean {
  return asked === declared || declared.endsWith(`@${asked}`);
}

export function makeRequire(modulesDir: string | null, dependencies: Readonly<Record<string, string>>): (request: unknown) => RequireResult {
  const packageRequire = modulesDir === null ? null : createRequire(join(modulesDir, 'package.json'));
  const cache = new Map<string, RequireResult>();
  return (request) => {
    if (typeof request !== 'string') return { ok: false, message: 'The "id" argument must be of type string', code: 'ERR_INVALID_ARG_TYPE' };
    const hit = cache.get(request);
    if (hit) return hit;
    const result = resolve(request);
    if (result.ok) cache.set(request, result);
    return result;
  };

  function resolve(request: string): RequireResult {
    if (isBuiltin(request)) {
      const bare = request.startsWith('node:') ? request.slice(5) : request;
      if (!allowedBuiltins.has(bare)) {
        return { ok: false, message: `Cannot require '${request}': this built-in module is not available to user code`, code: 'ERR_ACCESS_DENIED' };
      }
      return { ok: true, value: builtinRequire(`node:${bare}`) };
    }
    const parsed = splitRequest(request);
    if (parsed === null) return notFound(`Cannot find module '${request}': only declared npm packages and built-ins can be required`);
    const declared = Object.hasOwn(dependencies, parsed.name) ? dependencies[parsed.name] : undefined;
    if (declared === undefined || packageRequire === null) {
      return notFound(`Cannot find module '${parsed.name}': declare it as a dependency`);
    }
    if (parsed.version !== undefined && !sameVersion(parsed.version, declared)) {
      return notFound(`Cannot find module '${request}': version ${parsed.version} is not declared (declared: ${declared})`);
    }
    const target = parsed.subpath === '' ? parsed.name : `${parsed.name}/${parsed.subpath}`;
    try {
      return { ok: true, value: packageRequire(target) };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
        return notFound(`Cannot find module '${target}': it is declared but not installed`);
      }
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, message: `Cannot load module '${target}': ${message}`, code: typeof code === 'string' ? code : 'ERR_REQUIRE' };
    }
  }
}
