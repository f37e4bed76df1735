/**
 * A sliding-window request limiter ("N requests per window per key"), the rule
 * Totebot documents: 60 requests per 60 s per agent per IP.
 */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  take(key: string): RateLimitDecision;
}

export function createRateLimiter(rule: RateLimitRule, now: () => number = Date.now): RateLimiter {
  const hits = new Map<string, number[]>();
  return {
    take(key) {
      const time = now();
      const recent = (hits.get(key) ?? []).filter((at) => time - at < rule.windowMs);
      if (recent.length >= rule.limit) {
        hits.set(key, recent);
        const retryAfterMs = recent[0]! + rule.windowMs - time;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
      }
      recent.push(time);
      hits.set(key, recent);
      return { allowed: true };
    },
  };
}
