import { readFileSync } from 'node:fs';
import { extname, basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { GatehouseError } from '../errors/index.ts';

// Each source yields a partial settings object plus, per setting path, a label saying where the
// value came from, so an error can point at the flag, variable or file that needs fixing.

export type RawSettings = Record<string, unknown>;
export interface Layer { readonly values: RawSettings; readonly origin: ReadonlyMap<string, string> }

/** Environment variable → setting path. GATEHOUSE_PORT wins over the platform-style PORT. */
export const envVariables: ReadonlyArray<readonly [string, string]> = [
  ['PORT', 'port'],
  ['GATEHOUSE_PORT', 'port'],
  ['GATEHOUSE_HOST', 'host'],
  ['GATEHOUSE_DB', 'db'],
  ['GATEHOUSE_SECRET_KEY', 'secretKey'],
  ['GATEHOUSE_KEY_FILE', 'keyFile'],
  ['GATEHOUSE_LOG_LEVEL', 'logLevel'],
  ['GATEHOUSE_PUBLIC_SCHEME', 'publicScheme'],
  ['GATEHOUSE_REDIS_URL', 'redisUrl'],
  ['GATEHOUSE_RUNTIME_BACKEND', 'runtime.backend'],
  ['GATEHOUSE_RUNTIME_TIMEOUT_MS', 'runtime.timeoutMs'],
  ['GATEHOUSE_RUNTIME_HEAP_MB', 'runtime.heapMb'],
  ['GATEHOUSE_RUNTIME_MAX_CONTAINERS', 'runtime.maxContainers'],
  ['GATEHOUSE_RUNTIME_IDLE_MS', 'runtime.idleMs'],
  ['GATEHOUSE_RUNTIME_SPARES', 'runtime.spares'],
  ['GATEHOUSE_MODULE_CACHE', 'runtime.moduleCacheDir'],
  ['GATEHOUSE_TLS_CERT', 'tls.cert'],
  ['GATEHOUSE_TLS_KEY', 'tls.key'],
  ['GATEHOUSE_MGMT_RATE_LIMIT', 'managementApi.rateLimit'],
  ['GATEHOUSE_MGMT_RATE_WINDOW', 'managementApi.rateWindowSeconds'],
];

export const configFileVariable = 'GATEHOUSE_CONFIG';

export function setPath(target: RawSettings, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as RawSettings;
  }
  node[keys[keys.length - 1]] = value;
}

export function envLayer(env: Readonly<Record<string, string | undefined>>): Layer {
  const values: RawSettings = {};
  const origin = new Map<string, string>();
  for (const [name, path] of envVariables) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    setPath(values, path, value);
    origin.set(path, name);
  }
  return { values, origin };
}

/** Flags as commander hands them (`{ port: '3000', db: … }`); undefined means "not given". */
export function flagLayer(flags: Readonly<Record<string, unknown>>): Layer {
  const values: RawSettings = {};
  const origin = new Map<string, string>();
  for (const [path, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    setPath(values, path, value);
    origin.set(path, `--${path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  }
  return { values, origin };
}

function invalidFile(file: string, why: string): GatehouseError {
  return new GatehouseError('CONFIG_INVALID', `invalid setting "config": ${file} ${why}`);
}

/** Reads a JSON or YAML file (by extension; by content when the extension says neither). */
export function fileLayer(file: string): Layer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw invalidFile(file, `cannot be read (${code})`);
  }
  const ext = extname(file).toLowerCase();
  const asJson = ext === '.json' || (ext !== '.yaml' && ext !== '.yml' && /^\s*[{[]/.test(text));
  let parsed: unknown;
  try {
    parsed = asJson ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    const detail = (err as Error).message.split('\n')[0];
    throw invalidFile(file, `is not valid ${asJson ? 'JSON' : 'YAML'}: ${detail}`);
  }
  if (parsed === null || parsed === undefined) parsed = {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalidFile(file, 'must contain a mapping of settings (an object), e.g. "port: 3000"');
  }
  const origin = new Map<string, string>();
  const label = basename(file);
  const walk = (node: RawSettings, prefix: string): void => {
    for (const [key, value] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      origin.set(path, label);
      if (value && typeof value === 'object' && !Array.isArray(value)) walk(value as RawSettings, path);
    }
  };
  walk(parsed as RawSettings, '');
  return { values: parsed as RawSettings, origin };
}
