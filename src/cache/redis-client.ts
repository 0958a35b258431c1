import { Redis } from 'ioredis';
import { GatehouseError } from '../errors/index.ts';
import { hostPortOf } from '../config/index.ts';

export interface RedisClientOptions {
  /** Per-command limit: a Redis that hangs fails the request instead of holding it. */
  readonly commandTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

/**
 * An ioredis client tuned for a request path: no offline queue and no per-command retries, so a
 * command while Redis is away fails at once (CACHE_UNAVAILABLE, 503) instead of piling up; the
 * connection itself retries forever with a capped back-off, so the node recovers by itself
 * when Redis returns. Connects before resolving; an unreachable Redis is CACHE_UNREACHABLE
 * naming host and port only.
 */
export async function connectRedis(url: string, options: RedisClientOptions = {}): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 5), 1000),
    // A Redis restarted without our subscriptions/script cache is handled by ioredis itself.
    autoResubscribe: true,
  });
  // ioredis emits 'error' on every failed reconnect; without a listener Node would crash.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new GatehouseError('CACHE_UNREACHABLE', `cannot reach Redis at ${hostPortOf(url) ?? 'the configured address'} (${String(reason).replace(/\/\/[^@\s]*@/g, '//***@')})`, { cause: err });
  }
  return client;
}

/** The database index of a redis:// URL (0 when none), to keep pub/sub channels of databases apart. */
export function redisDatabaseIndex(url: string): number {
  try {
    const n = Number(new URL(url).pathname.replace(/^\//, '') || '0');
    return Number.isInteger(n) ? n : 0;
  } catch {
    return 0;
  }
}
