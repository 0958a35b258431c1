import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../storage/index.ts';
import type { UserQuery } from './query.ts';

// Turns a parsed `q` into one SQL condition, so paging and totals are the database's work on
// both dialects. Metadata values compare as their JSON text (true → "true", 5 → "5").

const like = (value: string) => `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function metadataText(database: Database, column: 'app_metadata' | 'user_metadata', path: readonly string[]): RawBuilder<unknown> {
  const col = sql.ref(column);
  if (database.dialect === 'postgres') return sql`(${col}::jsonb #>> ${`{${path.join(',')}}`}::text[])`;
  const jsonPath = `$${path.map((p) => `."${p}"`).join('')}`;
  return sql`(case json_type(${col}, ${jsonPath}) when 'true' then 'true' when 'false' then 'false' else cast(json_extract(${col}, ${jsonPath}) as text) end)`;
}

function compare(target: RawBuilder<unknown>, value: string, prefix: boolean): RawBuilder<SqlBool> {
  return prefix ? sql<SqlBool>`${target} like ${like(value)} escape '\\'` : sql<SqlBool>`${target} = ${value}`;
}

export function userQuerySql(database: Database, query: UserQuery): RawBuilder<SqlBool> {
  if (query.kind !== 'term') {
    const op = query.kind === 'and' ? sql`and` : sql`or`;
    return sql<SqlBool>`(${userQuerySql(database, query.left)} ${op} ${userQuerySql(database, query.right)})`;
  }
  switch (query.field) {
    case 'app_metadata':
    case 'user_metadata':
      return compare(metadataText(database, query.field, query.path), query.value, query.prefix);
    case 'email':
      return compare(sql.ref('email'), query.value.toLowerCase(), query.prefix);
    case 'email_verified':
    case 'blocked':
      return sql<SqlBool>`${sql.ref(query.field)} = ${query.value === 'true' ? 1 : 0}`;
    default:
      return compare(sql.ref(query.field), query.value, query.prefix);
  }
}

export interface UserSearch {
  readonly where?: RawBuilder<SqlBool>;
  readonly connection?: string;
  readonly limit: number;
  readonly offset: number;
  readonly sort?: { readonly field: 'created_at' | 'updated_at' | 'email' | 'last_login' | 'user_id' | 'name'; readonly direction: 'asc' | 'desc' };
}

/** The matching user ids, in order, and how many match in all. */
export async function searchUserIds(database: Database, tenantId: string, search: UserSearch): Promise<{ ids: string[]; total: number }> {
  const base = () => {
    let q = database.db.selectFrom('users').where('tenant_id', '=', tenantId);
    if (search.connection !== undefined) q = q.where('connection', '=', search.connection);
    if (search.where) q = q.where(search.where);
    return q;
  };
  const sort = search.sort ?? { field: 'created_at', direction: 'asc' };
  const rows = await base().select('user_id').orderBy(sort.field, sort.direction).orderBy('user_id').limit(search.limit).offset(search.offset).execute();
  const { n } = await base().select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { ids: rows.map((r) => r.user_id), total: Number(n) };
}
