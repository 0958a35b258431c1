import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { GatehouseError } from '../errors/index.ts';
import { Settings, secretSettings, type Config } from './schema.ts';
import { envLayer, fileLayer, flagLayer, configFileVariable, type Layer, type RawSettings } from './sources.ts';
import { deepFreeze } from './freeze.ts';
import { redactUrl } from './redact-url.ts';

export interface LoadOptions {
  /** Flags from the command line, keyed by setting path (`port`, `db`, `runtime.timeoutMs`…). */
  readonly flags?: Readonly<Record<string, unknown>>;
  /** A config file (JSON or YAML); falls back to GATEHOUSE_CONFIG. */
  readonly file?: string;
  /** The environment; defaults to the process's own (only this folder reads it). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Deep-merges plain objects; later layers win setting by setting. */
function merge(target: RawSettings, source: RawSettings): RawSettings {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && existing && typeof existing === 'object' && !Array.isArray(existing)) {
      merge(existing as RawSettings, value as RawSettings);
    } else {
      target[key] = value && typeof value === 'object' && !Array.isArray(value) ? merge({}, value as RawSettings) : value;
    }
  }
  return target;
}

function valueAt(raw: RawSettings, path: readonly PropertyKey[]): unknown {
  let node: unknown = raw;
  for (const key of path) node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  return node;
}

function describe(setting: string, value: unknown): string {
  if (value === undefined) return 'nothing';
  if (setting === 'secretKey') return 'a value that is not shown';
  if (secretSettings.has(setting) && typeof value === 'string') return JSON.stringify(redactUrl(value));
  return JSON.stringify(value) ?? String(value);
}

/** One line naming the first bad setting, where it came from, what was expected and what was given. */
function explain(error: z.ZodError, raw: RawSettings, layers: readonly Layer[]): GatehouseError {
  const issue = error.issues[0];
  let path = issue.path.map(String);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    path = [...path, issue.keys[0]];
    message = 'unknown setting (see docs/configuration.md)';
  }
  const setting = path.join('.') || 'config';
  const origin = [...layers].reverse().map((layer) => layer.origin.get(setting)).find(Boolean);
  const from = origin ? ` (from ${origin})` : '';
  const got = issue.code === 'unrecognized_keys' ? '' : `, got ${describe(setting, valueAt(raw, issue.path))}`;
  return new GatehouseError('CONFIG_INVALID', `invalid setting "${setting}"${from}: ${message}${got}`);
}

function defaultKeyFile(db: string): string {
  const sqlite = /^sqlite:(.+)$/.exec(db);
  if (sqlite && sqlite[1] !== ':memory:') return join(dirname(sqlite[1]), 'secret.key');
  return join('data', 'secret.key');
}

/**
 * Reads every source once, in precedence flags > environment > config file > defaults,
 * validates, fills derived defaults and deep-freezes. Throws GatehouseError('CONFIG_INVALID')
 * whose message is one line naming the setting.
 */
export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const file = options.file ?? env[configFileVariable];
  const layers: Layer[] = [];
  if (file) layers.push(fileLayer(file));
  layers.push(envLayer(env));
  layers.push(flagLayer(options.flags ?? {}));
  const raw = layers.reduce<RawSettings>((acc, layer) => merge(acc, layer.values), {});
  const parsed = Settings.safeParse(raw);
  if (!parsed.success) throw explain(parsed.error, raw, layers);
  const settings = parsed.data;
  const config: Config = {
    ...settings,
    keyFile: settings.keyFile ?? defaultKeyFile(settings.db),
    publicScheme: settings.publicScheme ?? (settings.tls?.cert ? 'https' : 'http'),
  };
  return deepFreeze(config);
}
