// Checks of what an Action (or Action Module) saves (actions.md §1, §9). Every failure is
// ACTION_INVALID with a message naming the field.
import { Buffer } from 'node:buffer';
import { GatehouseError } from '../../errors/index.ts';
import { checkSyntax } from '../../runtime/container/compile.ts';
import { isExactVersion, isPackageName } from '../../runtime/modules/spec.ts';
import type { ActionDependency } from '../../storage/index.ts';
import { codeLimits } from './limits.ts';
import { isTriggerId, type TriggerId } from './types.ts';

const invalid = (message: string) => new GatehouseError('ACTION_INVALID', message);

export const triggerVersions: Record<TriggerId, readonly string[]> = {
  'post-login': ['v1', 'v2', 'v3'],
  'credentials-exchange': ['v1', 'v2'],
  'pre-user-registration': ['v1', 'v2'],
  'post-user-registration': ['v1', 'v2'],
  'post-change-password': ['v1', 'v2'],
  'send-phone-message': ['v1', 'v2'],
};

/** Runtime labels (each version pins one; all run on the server's Node). `node18` normalizes as Auth0's API does. */
const runtimes: Record<string, string> = { node18: 'node18-actions', 'node18-actions': 'node18-actions', node22: 'node22' };
export const defaultRuntime = 'node22';

export function validateName(name: unknown, what = 'Action'): string {
  if (typeof name !== 'string' || name.trim() === '' || name.length > codeLimits.nameChars) {
    throw invalid(`The ${what} name must be 1 to ${codeLimits.nameChars} characters.`);
  }
  return name;
}

export function validateCode(code: unknown, codeId: string): string {
  if (typeof code !== 'string') throw invalid('The code must be a string.');
  const bytes = Buffer.byteLength(code, 'utf8');
  if (bytes > codeLimits.codeBytes) throw invalid(`The code is ${bytes} bytes; the limit is ${codeLimits.codeBytes} bytes.`);
  const problem = checkSyntax('action', code, codeId);
  if (problem !== null) throw invalid(problem);
  return code;
}

export function validateTriggers(value: unknown): { id: TriggerId; version: string } {
  if (!Array.isArray(value) || value.length !== 1) throw invalid('An Action supports exactly one trigger (supported_triggers).');
  const [trigger] = value as Array<{ id?: unknown; version?: unknown }>;
  if (!isTriggerId(trigger?.id)) throw invalid(`Unsupported trigger "${String(trigger?.id)}"; Gatehouse runs ${Object.keys(triggerVersions).join(', ')}.`);
  const versions = triggerVersions[trigger.id];
  const version = trigger.version === undefined ? versions[versions.length - 1] : trigger.version;
  if (typeof version !== 'string' || !versions.includes(version)) throw invalid(`Trigger ${trigger.id} has versions ${versions.join(', ')}.`);
  return { id: trigger.id, version };
}

export function validateRuntime(value: unknown): string {
  if (value === undefined) return defaultRuntime;
  if (typeof value !== 'string' || !(value in runtimes)) throw invalid(`Unknown runtime "${String(value)}"; use ${Object.keys(runtimes).join(', ')}.`);
  return runtimes[value];
}

/**
 * npm dependencies with exact versions. Auth0 resolves a missing version to the latest at save
 * time; Gatehouse asks for the exact version instead (no registry call on save).
 */
export function validateDependencies(value: unknown): ActionDependency[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid('dependencies must be a list of { name, version }.');
  const seen = new Set<string>();
  return value.map((d: { name?: unknown; version?: unknown }) => {
    if (typeof d?.name !== 'string' || !isPackageName(d.name)) throw invalid(`"${String(d?.name)}" is not an npm package name.`);
    if (typeof d.version !== 'string' || !isExactVersion(d.version)) {
      throw invalid(`The dependency ${d.name} needs an exact version (e.g. 1.2.3), not "${String(d.version ?? '')}".`);
    }
    if (seen.has(d.name)) throw invalid(`The dependency ${d.name} is listed twice.`);
    seen.add(d.name);
    return { name: d.name, version: d.version };
  });
}

export function validateSecrets(value: unknown): Array<{ name: string; value: string }> {
  if (!Array.isArray(value)) throw invalid('secrets must be a list of { name, value }.');
  return value.map((s: { name?: unknown; value?: unknown }) => {
    if (typeof s?.name !== 'string' || s.name === '' || s.name.length > codeLimits.secretNameChars) {
      throw invalid(`A secret name must be 1 to ${codeLimits.secretNameChars} characters.`);
    }
    if (typeof s.value !== 'string' || s.value.length > codeLimits.secretValueChars) {
      throw invalid(`The secret ${s.name} must have a string value of at most ${codeLimits.secretValueChars} characters.`);
    }
    return { name: s.name, value: s.value };
  });
}
