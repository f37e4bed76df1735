/**
 * Rate-limit counts in Redis, so several proxy instances share one upstream
 * budget. One Lua script per hit keeps the sliding window atomic: drop hits older
 * than the window, count, and add this one only if under the limit.
 * It takes any client through a one-method adapter, so the proxy itself depends
 * on no Redis library (see README for node-redis and ioredis).
 */
import type { RateLimitDecision, RateLimitRule, RateLimitStore } from './rate-limit.js';

/** Wrap the Redis store in this so a Redis outage costs shared counting, never the chat. */
export { createFallbackRateLimitStore, type FallbackOptions, type FallbackRateLimitStore } from './fallback-rate-limit-store.js';

/** Runs a Lua script: node-redis `(s, k, a) => client.eval(s, { keys: k, arguments: a })`. */
export interface RedisScriptRunner {
  evalScript(script: string, keys: string[], args: string[]): Promise<unknown>;
}

export const SLIDING_WINDOW_SCRIPT = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) >= limit then
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return {0, tonumber(oldest[2]) + window - now}
end
redis.call('ZADD', key, now, ARGV[4])
redis.call('PEXPIRE', key, window)
return {1, 0}
`;

export function createRedisRateLimitStore(redis: RedisScriptRunner, prefix = 'totebot:rate:'): RateLimitStore {
  let sequence = 0;
  return {
    async take(key: string, rule: RateLimitRule, now: number): Promise<RateLimitDecision> {
      // Unique per hit, so two hits in the same millisecond are two members of the set.
      const member = `${now}:${(++sequence).toString(36)}:${Math.random().toString(36).slice(2, 8)}`;
      const reply = (await redis.evalScript(SLIDING_WINDOW_SCRIPT, [prefix + key], [
        String(now),
        String(rule.windowMs),
        String(rule.limit),
        member,
      ])) as [number, number];
      return Number(reply[0]) === 1
        ? { allowed: true }
        : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(reply[1]) / 1000)) };
    },
  };
}
