import { Buffer } from 'node:buffer';
import { GatehouseError } from '../../errors/index.ts';
import { checkSyntax } from '../../runtime/container/compile.ts';
import { maxSourceBytes } from '../../runtime/limits.ts';
import { isScriptKey, type ScriptKey } from './scripts.ts';

// Checks made when a connection's scripts are saved, with the runtime's own size and syntax
// checks (the ones it applies before any container runs), so a script refused here would also
// be refused at call time, and the other way round.

/** Auth0's rule: alphanumerics and '-', starting and ending alphanumeric, at most 35 characters. */
const connectionName = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,33}[A-Za-z0-9])?$/;

export function validateConnectionName(name: string): void {
  if (!connectionName.test(name)) {
    throw new GatehouseError('CUSTOM_DB_INVALID', `Connection name "${name.slice(0, 64)}" is not valid: use letters, digits and "-", starting and ending with a letter or digit, at most 35 characters.`);
  }
}

/** Throws SCRIPT_TOO_LARGE, SCRIPT_SYNTAX (with the line) or CUSTOM_DB_INVALID; returns the scripts keyed and trimmed of empty ones. */
export function validateScripts(scripts: Readonly<Record<string, string>>, importMode: boolean): Record<ScriptKey, string> {
  const out: Partial<Record<ScriptKey, string>> = {};
  for (const [key, source] of Object.entries(scripts)) {
    if (!isScriptKey(key)) throw new GatehouseError('CUSTOM_DB_INVALID', `Unknown script "${key.slice(0, 64)}": expected one of login, get_user, create, verify, change_password, change_email, delete, change_username, change_phone_number.`);
    if (typeof source !== 'string') throw new GatehouseError('CUSTOM_DB_INVALID', `The ${key} script must be a string of JavaScript.`);
    if (source.trim() === '') continue;
    const bytes = Buffer.byteLength(source, 'utf8');
    if (bytes > maxSourceBytes) {
      throw new GatehouseError('SCRIPT_TOO_LARGE', `The ${key} script is ${bytes} bytes; the limit is ${maxSourceBytes} bytes (UTF-8, npm modules excluded).`);
    }
    const problem = checkSyntax('script', source, key);
    if (problem !== null) throw new GatehouseError('SCRIPT_SYNTAX', `The ${key} script does not compile: ${problem}`);
    out[key] = source;
  }
  if (!out.login) throw new GatehouseError('CUSTOM_DB_INVALID', 'The login script is required.');
  if (importMode && !out.get_user) throw new GatehouseError('CUSTOM_DB_INVALID', 'The get_user script is required in import mode (it finds users not yet migrated at signup and password reset).');
  return out as Record<ScriptKey, string>;
}

export function validateConfiguration(configuration: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(configuration)) {
    // The value is never echoed: configuration holds database passwords.
    if (typeof value !== 'string') throw new GatehouseError('CUSTOM_DB_INVALID', `Configuration value "${key.slice(0, 64)}" must be a string.`);
    if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/.test(key)) throw new GatehouseError('CUSTOM_DB_INVALID', `Configuration key "${key.slice(0, 64)}" is not valid: letters, digits, "_", "-" and ".".`);
    out[key] = value;
  }
  return out;
}
