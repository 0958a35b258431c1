// Every cache test runs once per backend (as storage tests loop over dialects()): memory, and
// Redis on the shared test server (GATEHOUSE_TEST_REDIS, default redis://127.0.0.1:6379/14).
// Keys are made unique per test, so runs in parallel never see each other's entries.
import { randomBytes } from 'node:crypto';
import { connectRedis, createMemoryCache, createRedisCache, type Cache } from '../../src/cache/index.ts';

export const testRedisUrl = process.env.GATEHOUSE_TEST_REDIS ?? 'redis://127.0.0.1:6379/14';

export interface CacheBackend {
  readonly name: 'memory' | 'redis';
  readonly skip?: string;
  open(options?: { now?: () => number }): Promise<Cache>;
}

let probe: Promise<string | undefined> | undefined;

/** undefined when the test Redis answers, otherwise why not; throws under CI=true. */
export function redisUnavailable(): Promise<string | undefined> {
  probe ??= connectRedis(testRedisUrl, { connectTimeoutMs: 1500 }).then(
    async (client) => { await client.quit(); return undefined; },
    (err: Error) => {
      if (process.env.CI === 'true') throw new Error(`Redis is required under CI=true: ${err.message}`);
      return `${err.message}; start it (bash ../shared/ci/services.sh redis) or set GATEHOUSE_TEST_REDIS`;
    },
  );
  return probe;
}

export async function cacheBackends(): Promise<CacheBackend[]> {
  const skip = await redisUnavailable();
  return [
    { name: 'memory', open: async (options) => createMemoryCache(options) },
    { name: 'redis', skip, open: async () => createRedisCache(await connectRedis(testRedisUrl)) },
  ];
}

/** A key prefix no other test run uses. */
export function uniqueKey(what: string): string {
  return `test:${what}:${randomBytes(6).toString('hex')}`;
}
