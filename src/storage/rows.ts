import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import { GatehouseError } from '../errors/index.ts';

// Helpers shared by the query modules: the conversions between stored rows and records.

export function now(): string {
  return new Date().toISOString();
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random [A-Za-z0-9]{length}, the alphabet of Auth0 client ids (unbiased: randomInt). */
export function randomId(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** Auth0-style prefixed id, e.g. con_4fGh…. */
export function prefixedId(prefix: string): string {
  return `${prefix}_${randomId(16)}`;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Parses a JSON column and validates it; a failure means the row was damaged outside Gatehouse. */
export function fromJson<T>(schema: z.ZodType<T>, text: string, where: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new GatehouseError('STORAGE_CORRUPT', `${where} holds invalid JSON`, { cause: err });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new GatehouseError('STORAGE_CORRUPT', `${where} holds unexpected JSON: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** Validates a plain (non-JSON) column against the values the code allows. */
export function checkColumn<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new GatehouseError('STORAGE_CORRUPT', `${where} holds an unexpected value`);
  return parsed.data;
}

export function toInt(value: boolean): number {
  return value ? 1 : 0;
}

export function toBool(value: number | boolean): boolean {
  return value === true || Number(value) === 1;
}

/** Unique/primary-key violation on PostgreSQL (23505) or SQLite (SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; errcode?: unknown; message?: unknown };
  if (e?.code === '23505') return true;
  if (e?.errcode === 2067 || e?.errcode === 1555) return true;
  return typeof e?.message === 'string' && /UNIQUE constraint failed/.test(e.message);
}

/** Runs an insert/update and turns a uniqueness clash into the caller's conflict error. */
export async function orConflict<T>(work: () => Promise<T>, conflict: () => GatehouseError): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict();
    throw err;
  }
}
