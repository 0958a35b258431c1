import { Pool } from 'pg';
import { GatehouseError } from '../errors/index.ts';

export interface PostgresOpenOptions {
  poolSize?: number;
  connectTimeoutMs?: number;
}

function describe(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describe(err.errors[0]);
  // System errors read best as their code (ECONNREFUSED); server errors carry a SQLSTATE
  // code (28P01) whose message is the readable part.
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && /^E[A-Z]+$/.test(code) ? code : err.message;
  }
  return String(err);
}

/** Opens a pool and proves it can run a query, so a bad URL fails at start-up, not on the first request. */
export async function openPostgres(url: string, options: PostgresOpenOptions = {}): Promise<Pool> {
  const parsed = new URL(url);
  const where = `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
  });
  // An idle client that loses its server emits 'error' on the pool; unhandled, that would
  // crash the process. The next query on a fresh client reports the outage instead.
  pool.on('error', () => {});
  // A client checked out of the pool has no such listener: a server that ends its connection
  // then (a restart, pg_terminate_backend) would crash the node. Its query fails instead, and
  // the pool drops the broken client when it is released (test/scale/postgres-restart.test.ts).
  pool.on('connect', (client) => { client.on('error', () => {}); });
  try {
    await pool.query('select 1');
    return pool;
  } catch (err) {
    await pool.end().catch(() => {});
    let reason = describe(err);
    if (parsed.password) reason = reason.split(decodeURIComponent(parsed.password)).join('***');
    throw new GatehouseError('STORAGE_UNREACHABLE', `cannot reach PostgreSQL at ${where} (${reason})`, { cause: err });
  }
}
