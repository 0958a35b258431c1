import { readFile } from 'node:fs/promises';
import { basename, dirname, posix, relative, resolve, sep } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { SCRIPT_KEYS } from '../../extensibility/custom-db/index.ts';
import { replaceKeywords, unresolvedKeywords, type Mappings } from './keywords.ts';
import { actionFile, clientFile, databaseFile, describeIssue, resourceServerFile, triggersFile } from './schemas.ts';
import type { DirectoryAction, DirectoryClient, DirectoryDatabase, DirectoryResourceServer, Json, Problem, ReadResult } from './types.ts';

// auth0-deploy-cli's YAML format: one tenant.yaml holding every object (tenant, clients,
// resourceServers, databases, actions, triggers), with scripts and Action code in files whose
// paths are relative to the YAML file. Keywords are replaced in the YAML text first, as the
// deploy CLI does. Read into the same TenantDirectory as the directory format, so everything
// downstream (apply, dev, export to the directory format) is shared. Each object is checked on
// its own; a bad one is one Problem line and the rest still loads.

const SUPPORTED = new Set(['tenant', 'clients', 'resourceServers', 'databases', 'actions', 'triggers']);

export async function readTenantYaml(file: string, options: { mappings?: Mappings } = {}): Promise<ReadResult> {
  const path = resolve(file);
  const root = dirname(path);
  const name = basename(path);
  const mappings = options.mappings ?? {};
  const problems: Problem[] = [];
  const rel = (p: string) => relative(root, p).split(sep).join(posix.sep);
  const empty: ReadResult = { directory: { clients: [], resourceServers: [], databases: [], actions: [] }, problems };

  async function text(p: string, label: string): Promise<string | undefined> {
    try {
      const replaced = replaceKeywords(await readFile(p, 'utf8'), mappings);
      const missing = unresolvedKeywords(replaced).filter((k) => !(k in mappings));
      if (missing.length > 0) problems.push({ file: label, message: `no value for ${missing.map((k) => `##${k}##`).join(', ')} (add ${missing.map((k) => `${k}=…`).join(', ')} to the env file)` });
      return replaced;
    } catch (err) {
      problems.push({ file: label, message: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'cannot be read' });
      return undefined;
    }
  }

  const body = await text(path, name);
  if (body === undefined) return empty;
  let doc: unknown;
  try {
    doc = parseYaml(body);
  } catch (err) {
    const at = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
    problems.push({ file: name, message: `not valid YAML${at}` });
    return empty;
  }
  if (doc === null || doc === undefined) doc = {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    problems.push({ file: name, message: 'must be a mapping of tenant, clients, databases, actions, …' });
    return empty;
  }
  const all = doc as Record<string, unknown>;
  for (const key of Object.keys(all)) {
    if (!SUPPORTED.has(key)) problems.push({ file: name, message: `${key}: Gatehouse does not import ${key} yet; skipped` });
  }

  function list<T extends z.ZodType>(key: string, schema: T): Array<{ label: string; data: z.infer<T> }> {
    const value = all[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) { problems.push({ file: name, message: `${key} must be a list` }); return []; }
    const out: Array<{ label: string; data: z.infer<T> }> = [];
    value.forEach((item, i) => {
      const label = `${name}: ${key}[${i}]${typeof (item as { name?: unknown })?.name === 'string' ? ` "${(item as { name: string }).name}"` : ''}`;
      const parsed = schema.safeParse(item);
      if (parsed.success) out.push({ label, data: parsed.data });
      else problems.push({ file: label, message: describeIssue(parsed.error) });
    });
    return out;
  }

  /** A path from the YAML, relative to its folder; undefined (with a problem) when it leaves it. */
  function inside(p: string, label: string): string | undefined {
    const full = resolve(root, p.replace(/\\/g, '/'));
    if (full.startsWith(root + sep)) return full;
    problems.push({ file: label, message: `${p} points outside the folder of ${name}; skipped` });
    return undefined;
  }

  let tenant: Json | undefined;
  if (all.tenant !== undefined) {
    if (typeof all.tenant === 'object' && all.tenant !== null && !Array.isArray(all.tenant)) tenant = all.tenant as Json;
    else problems.push({ file: name, message: 'tenant must be a mapping' });
  }

  const clients: DirectoryClient[] = list('clients', clientFile).map(({ label, data }) => ({ file: label, data }));
  const resourceServers: DirectoryResourceServer[] = list('resourceServers', resourceServerFile).map(({ label, data }) => ({ file: label, data }));

  const databases: DirectoryDatabase[] = [];
  for (const { label, data } of list('databases', databaseFile)) {
    const { customScripts = {}, ...otherOptions } = (data.options ?? {}) as Record<string, unknown> & { customScripts?: Record<string, string> };
    const scripts: Record<string, string> = {};
    for (const [script, p] of Object.entries(customScripts)) {
      if (!(SCRIPT_KEYS as readonly string[]).includes(script)) { problems.push({ file: label, message: `options.customScripts.${script} is not a script name; skipped` }); continue; }
      const full = inside(p, label);
      const source = full === undefined ? undefined : await text(full, rel(full));
      if (source !== undefined) scripts[script] = source;
    }
    const rest: Json = { ...data, options: otherOptions };
    if (data.options === undefined) delete rest.options;
    databases.push({ file: label, data: rest, scripts });
  }

  const actions: DirectoryAction[] = [];
  for (const { label, data } of list('actions', actionFile)) {
    const { code: codeRef, ...rest } = data;
    if (codeRef === undefined) { problems.push({ file: label, message: 'code (the path of the code file) is missing; skipped' }); continue; }
    const full = inside(codeRef, label);
    const code = full === undefined ? undefined : await text(full, rel(full));
    if (code !== undefined && full !== undefined) actions.push({ file: label, data: rest, code, codeFile: rel(full) });
  }

  let triggers: ReadResult['directory']['triggers'];
  if (all.triggers !== undefined) {
    const parsed = triggersFile.safeParse(all.triggers);
    if (parsed.success) triggers = parsed.data;
    else problems.push({ file: `${name}: triggers`, message: describeIssue(parsed.error) });
  }
  return { directory: { tenant, clients, resourceServers, databases, actions, triggers }, problems };
}

/** True for a path naming a YAML file (read as the deploy CLI's YAML format). */
export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}
