// Turns what user code passed to the callback, threw or resolved into plain data for the host.
// User values may be anything (strings, look-alike objects, proxies, throwing getters), so every
// read is guarded and nothing but strings and numbers leaves.
import { secretMask } from '../limits.ts';
import { maskSecrets } from './log-cap.ts';

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  description?: string;
  user_id?: string;
  status_code?: number;
}

const maxText = 2000;

function read(source: object, key: string): unknown {
  try {
    return (source as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/**
 * custom-db.md §4: a string becomes {message}; an object becomes {name: 'Error'} overlaid with
 * whichever of name, message, code, description, user_id, status_code it has. Stacks stay out.
 */
export function toUserError(err: unknown, secrets: readonly string[]): SerializedError {
  const out: SerializedError = { name: 'Error', message: '' };
  if (err === null || (typeof err !== 'object' && typeof err !== 'function')) {
    out.message = textOf(err) ?? String(err);
  } else {
    for (const key of ['name', 'message', 'code', 'description', 'user_id'] as const) {
      const value = textOf(read(err, key));
      if (value !== undefined) out[key] = value;
    }
    const status = read(err, 'status_code');
    if (typeof status === 'number' && Number.isInteger(status)) out.status_code = status;
  }
  for (const key of ['name', 'message', 'code', 'description', 'user_id'] as const) {
    const value = out[key];
    if (value !== undefined) out[key] = maskSecrets(value, secrets, secretMask).slice(0, maxText);
  }
  return out;
}

/** One line describing an error for a warning log (`Name: message`). */
export function describeError(err: unknown): string {
  const e = toUserError(err, []);
  return e.message === '' ? e.name : `${e.name}: ${e.message}`;
}

/**
 * The JSON form of a value structured clone refused (functions dropped, as Auth0's JSON transport
 * did). Throws when there is none (cycles, BigInt).
 */
export function jsonFallback(value: unknown): unknown {
  const json = JSON.stringify(value);
  return json === undefined ? undefined : JSON.parse(json);
}
