import { z } from 'zod';
import { GatehouseError } from '../errors/index.ts';
import { MAX_PARAM_LENGTH } from './defaults.ts';

// Protocol parameters arrive as a form, JSON or a query string. Each one must be a single
// string (a repeated parameter is an error, as RFC 6749 §3.1 requires); JSON numbers and
// booleans are accepted as their text since some SDKs send max_age as a number.

const value = z.union([z.string(), z.number(), z.boolean()])
  .transform((v) => String(v))
  .pipe(z.string().max(MAX_PARAM_LENGTH));

const ParamsSchema = z.record(z.string(), value.optional());

export type Params = Readonly<Record<string, string | undefined>>;

/** Validates a body or query as flat string parameters; names the first bad one. */
export function parseParams(input: unknown): Params {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new GatehouseError('OAUTH_INVALID_REQUEST', 'The request body must be a form or a JSON object.');
  }
  const parsed = ParamsSchema.safeParse(input);
  if (!parsed.success) {
    const name = String(parsed.error.issues[0]?.path[0] ?? 'parameter');
    throw new GatehouseError('OAUTH_INVALID_REQUEST', `Invalid parameter: ${name}`);
  }
  // Empty strings count as absent, as they do at Auth0.
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined && v !== ''));
}

export function required(params: Params, name: string): string {
  const v = params[name];
  if (v === undefined) throw new GatehouseError('OAUTH_INVALID_REQUEST', `Missing required parameter: ${name}`);
  return v;
}
