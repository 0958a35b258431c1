import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { SCRIPT_KEYS } from '../../extensibility/custom-db/index.ts';
import { replaceKeywords, unresolvedKeywords, type Mappings } from './keywords.ts';
import { isYamlPath, readTenantYaml } from './read-yaml.ts';
import { actionFile, clientFile, databaseFile, describeIssue, resourceServerFile, triggersFile } from './schemas.ts';
import type { DirectoryAction, DirectoryClient, DirectoryDatabase, DirectoryResourceServer, Json, Problem, ReadResult } from './types.ts';

// Reads a directory in auth0-deploy-cli's layout. Every file is read on its own: a malformed or
// unknown one becomes one Problem line and the rest still loads.


/** Folders of the deploy CLI's format that Gatehouse does not import (yet): named, not silently dropped. */
const UNSUPPORTED = new Set([
  'rules', 'rules-configs', 'hooks', 'pages', 'emails', 'grants', 'roles', 'guardian', 'branding', 'connections',
  'organizations', 'attack-protection', 'log-streams', 'prompts', 'custom-domains', 'themes', 'action-modules',
  'forms', 'flows', 'flow-vault-connections', 'network-acls', 'phone-providers', 'phone-templates', 'self-service-profiles',
  'client-grants', 'risk-assessment', 'event-streams', 'user-attribute-profiles', 'connection-profiles', 'token-exchange-profiles',
]);
const KNOWN = new Set(['tenant.json', 'clients', 'resource-servers', 'database-connections', 'actions', 'triggers']);

export interface ReadOptions {
  /** Keyword mappings (the env file's values). */
  readonly mappings?: Mappings;
}

export async function readTenantDirectory(dir: string, options: ReadOptions = {}): Promise<ReadResult> {
  // The deploy CLI's YAML format: a tenant.yaml given directly, or alone in the folder.
  if (isYamlPath(dir)) return readTenantYaml(dir, options);
  const yamlFile = ['tenant.yaml', 'tenant.yml'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (yamlFile && !existsSync(join(dir, 'tenant.json'))) return readTenantYaml(yamlFile, options);
  const root = resolve(dir);
  const mappings = options.mappings ?? {};
  const problems: Problem[] = [];
  const rel = (path: string) => relative(root, path).split(sep).join(posix.sep);
  const problem = (path: string, message: string) => problems.push({ file: rel(path), message });

  async function text(path: string): Promise<string | undefined> {
    try {
      const raw = await readFile(path, 'utf8');
      const replaced = replaceKeywords(raw, mappings);
      const missing = unresolvedKeywords(replaced).filter((k) => !(k in mappings));
      if (missing.length > 0) problem(path, `no value for ${missing.map((k) => `##${k}##`).join(', ')} (add ${missing.map((k) => `${k}=…`).join(', ')} to the env file)`);
      return replaced;
    } catch (err) {
      problem(path, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      return undefined;
    }
  }

  async function json<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T> | undefined> {
    const body = await text(path);
    if (body === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (err) {
      // V8's message can quote the text, which may hold a secret after replacement: position only.
      const m = (err as Error).message;
      const at = /line (\d+) column (\d+)/.exec(m);
      const token = /^Unexpected token '(.)'/.exec(m);
      const where = at ? ` at line ${at[1]}, column ${at[2]}` : '';
      problem(path, `not valid JSON${token ? `: unexpected "${token[1]}"` : /end of JSON/.test(m) ? ': it ends too early' : ''}${where}`);
      return undefined;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      problem(path, describeIssue(parsed.error));
      return undefined;
    }
    return parsed.data;
  }

  async function entries(path: string): Promise<string[]> {
    return (await readdir(path).catch(() => [] as string[])).filter((name) => !name.startsWith('.')).sort();
  }

  async function isDir(path: string): Promise<boolean> {
    return (await stat(path).catch(() => undefined))?.isDirectory() === true;
  }

  async function jsonFiles(folder: string): Promise<string[]> {
    const out: string[] = [];
    for (const name of await entries(folder)) {
      const path = join(folder, name);
      if (name.endsWith('.json')) out.push(path);
      else if (!(await isDir(path)) && !name.endsWith('.html')) problem(path, 'unknown file (expected .json); ignored');
    }
    return out;
  }

  for (const name of await entries(root)) {
    // Beside an export people keep docs, env files and seed scripts: not part of the tenant.
    if (KNOWN.has(name) || /\.(md|txt|env|sql)$/i.test(name) || /^(readme|license|package(-lock)?\.json|seed\.[cm]?[jt]s|\.?env)/i.test(name)) continue;
    const path = join(root, name);
    if (UNSUPPORTED.has(name)) problem(path, `Gatehouse does not import ${name} yet; skipped`);
    else if (name === 'tenant.yaml' || name === 'tenant.yml') problem(path, 'both tenant.json and a YAML file: the directory format is read, the YAML file ignored');
    else problem(path, 'unknown file or folder; ignored');
  }

  const tenantPath = join(root, 'tenant.json');
  const tenant = (await stat(tenantPath).catch(() => undefined)) ? await json(tenantPath, z.record(z.string(), z.unknown(), { error: 'must be a JSON object' })) : undefined;

  const clients: DirectoryClient[] = [];
  for (const path of await jsonFiles(join(root, 'clients'))) {
    const data = await json(path, clientFile);
    if (data) clients.push({ file: rel(path), data });
  }

  const resourceServers: DirectoryResourceServer[] = [];
  for (const path of await jsonFiles(join(root, 'resource-servers'))) {
    const data = await json(path, resourceServerFile);
    if (data) resourceServers.push({ file: rel(path), data });
  }

  const databases: DirectoryDatabase[] = [];
  const dbRoot = join(root, 'database-connections');
  for (const folderName of await entries(dbRoot)) {
    const folder = join(dbRoot, folderName);
    if (!(await isDir(folder))) { problem(folder, 'expected a folder per connection (database-connections/<name>/database.json); ignored'); continue; }
    const metaPath = join(folder, 'database.json');
    const data = await json(metaPath, databaseFile);
    if (!data) continue;
    const { customScripts = {}, ...otherOptions } = (data.options ?? {}) as Record<string, unknown> & { customScripts?: Record<string, string> };
    const scripts: Record<string, string> = {};
    const used = new Set<string>();
    for (const [script, file] of Object.entries(customScripts)) {
      if (!(SCRIPT_KEYS as readonly string[]).includes(script)) { problem(metaPath, `options.customScripts.${script} is not a script name (${SCRIPT_KEYS.join(', ')}); skipped`); continue; }
      const path = resolve(folder, file.replace(/\\/g, '/'));
      if (!path.startsWith(root + sep)) { problem(metaPath, `options.customScripts.${script} points outside the directory; skipped`); continue; }
      used.add(path);
      const source = await text(path);
      if (source !== undefined) scripts[script] = source;
    }
    for (const name of await entries(folder)) {
      const path = join(folder, name);
      if (name === 'database.json' || used.has(path)) continue;
      problem(path, name.endsWith('.js') ? `not listed in ${rel(metaPath)} options.customScripts; ignored` : 'unknown file; ignored');
    }
    const rest: Json = { ...data, options: otherOptions };
    if (data.options === undefined) delete rest.options;
    databases.push({ file: rel(metaPath), data: rest, scripts });
  }

  const actions: DirectoryAction[] = [];
  const actionsRoot = join(root, 'actions');
  for (const name of await entries(actionsRoot)) {
    const path = join(actionsRoot, name);
    if (await isDir(path)) continue; // code folders, read through their .json
    if (!name.endsWith('.json')) { problem(path, 'unknown file (expected actions/<name>.json and actions/<name>/code.js); ignored'); continue; }
    const data = await json(path, actionFile);
    if (!data) continue;
    const { code: codeRef, ...rest } = data;
    const codePath = resolve(root, (codeRef ?? `./actions/${name.slice(0, -'.json'.length)}/code.js`).replace(/\\/g, '/'));
    if (!codePath.startsWith(root + sep)) { problem(path, 'code points outside the directory; skipped'); continue; }
    const code = await text(codePath);
    if (code === undefined) continue;
    actions.push({ file: rel(path), data: rest, code, codeFile: rel(codePath) });
  }

  let triggers: ReadResult['directory']['triggers'];
  const triggerFiles = await jsonFiles(join(root, 'triggers'));
  if (triggerFiles.length > 0) {
    triggers = await json(triggerFiles[0], triggersFile);
    for (const extra of triggerFiles.slice(1)) problem(extra, `only ${rel(triggerFiles[0])} is read; ignored`);
  }

  return { directory: { tenant, clients, resourceServers, databases, actions, triggers }, problems };
}
