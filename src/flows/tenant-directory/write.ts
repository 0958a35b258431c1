import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Collected } from './collect.ts';
import { formatEnvFile } from './env-file.ts';

// Writes a collected tenant in the deploy CLI's layout: JSON with two-space indentation and a
// final newline (its dumpJSON), scripts next to their database.json, Action code under
// actions/<name>/code.js. Secret values go to the env file only when one is named (mode 0600).

export interface WriteResult {
  readonly files: readonly string[];
  readonly envFile?: string;
}

async function put(root: string, file: string, text: string, files: string[]): Promise<void> {
  const path = join(root, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  files.push(file);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export async function writeTenantDirectory(root: string, collected: Collected, options: { envFile?: string } = {}): Promise<WriteResult> {
  const { directory } = collected;
  const files: string[] = [];
  if (directory.tenant) await put(root, 'tenant.json', json(directory.tenant), files);
  for (const c of directory.clients) await put(root, c.file, json(c.data), files);
  for (const r of directory.resourceServers) await put(root, r.file, json(r.data), files);
  for (const d of directory.databases) {
    const folder = dirname(d.file);
    const customScripts: Record<string, string> = {};
    for (const [key, source] of Object.entries(d.scripts).sort(([a], [b]) => a.localeCompare(b))) {
      await put(root, `${folder}/${key}.js`, source, files);
      customScripts[key] = `./${key}.js`;
    }
    const options = { ...(d.data.options as Record<string, unknown> | undefined), ...(Object.keys(customScripts).length > 0 ? { customScripts } : {}) };
    await put(root, d.file, json({ ...d.data, options }), files);
  }
  for (const a of directory.actions) {
    await put(root, a.codeFile, a.code, files);
    await put(root, a.file, json({ name: a.data.name, code: `./${a.codeFile}`, ...a.data }), files);
  }
  if (directory.triggers && Object.keys(directory.triggers).length > 0) await put(root, 'triggers/triggers.json', json(directory.triggers), files);
  if (options.envFile === undefined) return { files };
  await mkdir(dirname(options.envFile), { recursive: true });
  await writeFile(options.envFile, formatEnvFile(collected.secrets, 'Secret values of the exported tenant (gatehouse export). Keep this file out of version control.'), { mode: 0o600 });
  await chmod(options.envFile, 0o600);
  return { files, envFile: options.envFile };
}
