import { z } from 'zod';

// Auth0's paging: `page` (0-based), `per_page` (≤ 100, default 50), `include_totals`. Without
// totals a list endpoint answers a bare array; with them an envelope whose shape varies by
// resource ({start, limit, length, total, users} for users, {total, page, per_page, actions}…).

const boolString = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const pagingQuery = {
  page: int(0, 100_000).optional(),
  per_page: int(1, 100).optional(),
  include_totals: boolString.optional(),
};

export const booleanQuery = boolString;

export interface Paging {
  readonly page: number;
  readonly perPage: number;
  readonly offset: number;
  readonly includeTotals: boolean;
}

export function paging(query: { page?: number; per_page?: number; include_totals?: boolean }, defaultPerPage = 50): Paging {
  const page = query.page ?? 0;
  const perPage = query.per_page ?? defaultPerPage;
  return { page, perPage, offset: page * perPage, includeTotals: query.include_totals ?? false };
}

/** Slices an in-memory list (tables that hold few rows per tenant: clients, connections, APIs). */
export function pageOf<T>(items: readonly T[], p: Paging): T[] {
  return items.slice(p.offset, p.offset + p.perPage);
}

/** `{start, limit, length, total, <key>}` when totals are asked for, else the bare list. */
export function withTotals<T>(key: string, items: T[], total: number, p: Paging): T[] | Record<string, unknown> {
  if (!p.includeTotals) return items;
  return { start: p.offset, limit: p.perPage, length: items.length, total, [key]: items };
}

/** Checkpoint paging (`from` + `take`), Auth0's newer style: `next` is present while more remain. */
export const checkpointQuery = {
  from: z.string().max(64).optional(),
  take: z.coerce.number().int().min(1).max(100).optional(),
};

export function isCheckpoint(query: { from?: string; take?: number }): boolean {
  return query.from !== undefined || query.take !== undefined;
}

/** `{<key>: page, next?}`; `from` is the opaque offset this server handed out as `next`. */
export function checkpointPage<T>(key: string, items: readonly T[], query: { from?: string; take?: number }): Record<string, unknown> {
  const start = query.from !== undefined && /^\d+$/.test(query.from) ? Number(query.from) : 0;
  const take = query.take ?? 50;
  const page = items.slice(start, start + take);
  const out: Record<string, unknown> = { [key]: page };
  if (start + take < items.length) out.next = String(start + take);
  return out;
}
