import type { Redis } from 'ioredis';
import type { Cache } from './cache.ts';
import { guarded } from './redis-errors.ts';

// hashApply in one round trip and one atomic step. ARGV: expireAtLeast ('' = none), then
// op/field/value triples ('s' set, 'd' delete). The TTL only grows, as in the memory backend.
const HASH_APPLY = `
local existed = redis.call('EXISTS', KEYS[1])
for i = 2, #ARGV, 3 do
  if ARGV[i] == 's' then redis.call('HSET', KEYS[1], ARGV[i + 1], ARGV[i + 2])
  else redis.call('HDEL', KEYS[1], ARGV[i + 1]) end
end
if ARGV[1] ~= '' and redis.call('EXISTS', KEYS[1]) == 1 then
  local at = tonumber(ARGV[1])
  local current = redis.call('PEXPIRETIME', KEYS[1])
  if existed == 0 or (current >= 0 and current < at) then redis.call('PEXPIREAT', KEYS[1], at) end
end
return 1`;

// INCR and the TTL of a new counter together: a failure between the two would leave a counter
// that never expires.
const INCREMENT = `
local n = redis.call('INCR', KEYS[1])
if ARGV[1] ~= '' and (n == 1 or ARGV[2] == '1') then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

// The token bucket of takeToken; the state is a hash {t: tokens, at: last use (ms)}.
const TAKE_TOKEN = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = tonumber(state[1]) or limit
local at = tonumber(state[2]) or now
local elapsed = now - at
if elapsed < 0 then elapsed = 0 end
tokens = math.min(limit, tokens + elapsed * limit / window)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(window))
return { tostring(tokens), allowed }`;

/** The Cache on Redis; `client` is owned (closed by close()). */
export function createRedisCache(client: Redis): Cache {
  return {
    kind: 'redis',
    get: (key) => guarded(async () => (await client.get(key)) ?? undefined),
    set: (key, value, options = {}) => guarded(async () => {
      const args: Array<string | number> = [];
      if (options.ttlMs !== undefined) args.push('PX', Math.max(1, Math.ceil(options.ttlMs)));
      else if (options.keepTtl) args.push('KEEPTTL');
      if (options.onlyIf === 'absent') args.push('NX');
      if (options.onlyIf === 'present') args.push('XX');
      const reply = await client.call('SET', key, value, ...args);
      return reply === 'OK';
    }),
    take: (key) => guarded(async () => (await client.getdel(key)) ?? undefined),
    delete: (...keys) => guarded(async () => (keys.length === 0 ? 0 : client.del(...keys))),
    increment: (key, ttlMs, refreshTtl) => guarded(async () =>
      Number(await client.eval(INCREMENT, 1, key, ttlMs === undefined ? '' : String(Math.max(1, Math.ceil(ttlMs))), refreshTtl ? '1' : '0'))),
    ttl: (key) => guarded(() => client.pttl(key)),
    hashGetAll: (key) => guarded(() => client.hgetall(key)),
    hashApply: (key, ops, expireAtLeast) => guarded(async () => {
      const args: string[] = [expireAtLeast === undefined ? '' : String(Math.ceil(expireAtLeast))];
      for (const op of ops) args.push(op.op === 'set' ? 's' : 'd', op.field, op.op === 'set' ? op.value : '');
      await client.eval(HASH_APPLY, 1, key, ...args);
    }),
    setAdd: (key, member, ttlMs) => guarded(async () => {
      const tx = client.multi().sadd(key, member);
      if (ttlMs !== undefined) tx.pexpire(key, Math.max(1, Math.ceil(ttlMs)));
      const results = await tx.exec();
      const failed = results?.find(([err]) => err);
      if (failed) throw failed[0];
    }),
    setRemove: (key, ...members) => guarded(async () => {
      if (members.length > 0) await client.srem(key, ...members);
    }),
    setMembers: (key) => guarded(() => client.smembers(key)),
    takeToken: (key, limit, windowMs, nowMs) => guarded(async () => {
      const [tokens, allowed] = await client.eval(TAKE_TOKEN, 1, key, String(limit), String(windowMs), String(nowMs)) as [string, number];
      return { tokens: Number(tokens), allowed: allowed === 1 };
    }),
    ping: () => guarded(async () => { await client.ping(); }),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
