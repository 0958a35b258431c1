import { randomBytes } from 'node:crypto';

/** Auth0-style prefixed random id, e.g. exec_3fGh…. */
export function prefixedId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
