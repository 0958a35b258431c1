import { createMemoryBus, createRedisBus, type Bus } from './bus.ts';
import type { Cache } from './cache.ts';
import { createMemoryCache } from './memory-cache.ts';
import { createRedisCache } from './redis-cache.ts';
import { connectRedis, redisDatabaseIndex, type RedisClientOptions } from './redis-client.ts';

export interface SharedState {
  readonly kind: 'memory' | 'redis';
  readonly cache: Cache;
  readonly bus: Bus;
  /**
   * Prefix of this deployment's pub/sub channels. Keys live in the URL's database, but channels
   * are global to a Redis server, so the database index is part of the name.
   */
  readonly channelPrefix: string;
  close(): Promise<void>;
}

/**
 * Redis when a URL is configured (three connections: commands, publish and subscribe share the
 * two the bus needs plus the cache's own), otherwise memory for a single node. Rejects with
 * CACHE_UNREACHABLE when Redis does not answer at start.
 */
export async function openSharedState(redisUrl: string | undefined, options: RedisClientOptions = {}): Promise<SharedState> {
  if (!redisUrl) {
    const cache = createMemoryCache();
    const bus = createMemoryBus();
    return { kind: 'memory', cache, bus, channelPrefix: 'gatehouse:', close: async () => { await bus.close(); await cache.close(); } };
  }
  const commands = await connectRedis(redisUrl, options);
  const clients = [commands];
  try {
    const publisher = await connectRedis(redisUrl, options);
    clients.push(publisher);
    const subscriber = await connectRedis(redisUrl, options);
    clients.push(subscriber);
    const cache = createRedisCache(commands);
    const bus = createRedisBus(publisher, subscriber);
    return {
      kind: 'redis',
      cache,
      bus,
      channelPrefix: `gatehouse:${redisDatabaseIndex(redisUrl)}:`,
      close: async () => { await bus.close(); await cache.close(); },
    };
  } catch (err) {
    for (const client of clients) client.disconnect();
    throw err;
  }
}
