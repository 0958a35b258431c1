import { z } from 'zod';

// Schemas shared by the resources.

export const idParams = z.object({ id: z.string().min(1).max(512) });

/** Auth0 metadata values: any JSON, the object itself ≤ 32 KB once serialised (actions.md §9). */
export const metadataObject = z.record(z.string().max(255), z.unknown()).refine(
  (value) => Buffer.byteLength(JSON.stringify(value), 'utf8') <= 32 * 1024,
  { message: 'metadata must not exceed 32 KB' },
);

export const stringList = z.array(z.string().max(2048)).max(1000);

/** `fields` + `include_fields` as Auth0 takes them (comma-separated names). */
export const fieldsQuery = {
  fields: z.string().max(2048).optional(),
  include_fields: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
};

/** Applies `fields`/`include_fields` to one answer object. */
export function selectFields<T extends Record<string, unknown>>(item: T, query: { fields?: string; include_fields?: boolean }): Partial<T> {
  if (!query.fields) return item;
  const names = new Set(query.fields.split(',').map((f) => f.trim()).filter(Boolean));
  const include = query.include_fields ?? true;
  return Object.fromEntries(Object.entries(item).filter(([k]) => names.has(k) === include)) as Partial<T>;
}

/** Keys `z.strictObject` should accept as free-form values stored without being acted on. */
export function passthroughFields(names: readonly string[]): Record<string, z.ZodOptional<z.ZodUnknown>> {
  return Object.fromEntries(names.map((n) => [n, z.unknown().optional()]));
}

/** The members of `value` named in `names`, for storing as extras. */
export function pick(value: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((n) => value[n] !== undefined).map((n) => [n, value[n]]));
}
