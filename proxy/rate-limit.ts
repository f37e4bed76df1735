/**
 * Sliding-window request limits ("N requests per window per key"), the rule
 * Totebot documents: 60 requests per 60 s per agent per IP. The counts live
 * behind `RateLimitStore`, so several proxy instances can share one store.
 */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Where hits are counted. Asynchronous so that a shared store (Redis) fits the same shape. */
export interface RateLimitStore {
  take(key: string, rule: RateLimitRule, now: number): Promise<RateLimitDecision>;
}

const PRUNE_EVERY = 1000;

/** In-process store: a log of hit times per key, pruned so idle keys do not pile up. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly hits = new Map<string, number[]>();
  private longestWindowMs = 0;
  private takesSincePrune = 0;

  get size(): number {
    return this.hits.size;
  }

  takeNow(key: string, rule: RateLimitRule, now: number): RateLimitDecision {
    this.longestWindowMs = Math.max(this.longestWindowMs, rule.windowMs);
    if (++this.takesSincePrune >= PRUNE_EVERY) this.prune(now);
    const recent = (this.hits.get(key) ?? []).filter((at) => now - at < rule.windowMs);
    if (recent.length >= rule.limit) {
      this.hits.set(key, recent);
      const retryAfterMs = recent[0]! + rule.windowMs - now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { allowed: true };
  }

  async take(key: string, rule: RateLimitRule, now: number): Promise<RateLimitDecision> {
    return this.takeNow(key, rule, now);
  }

  prune(now: number): void {
    this.takesSincePrune = 0;
    for (const [key, times] of this.hits) {
      if (times.length === 0 || now - times[times.length - 1]! >= this.longestWindowMs) this.hits.delete(key);
    }
  }
}

export interface RateLimiter {
  take(key: string): RateLimitDecision;
}

/** One rule over an in-process store, answered synchronously (the simulator's limit). */
export function createRateLimiter(rule: RateLimitRule, now: () => number = Date.now): RateLimiter {
  const store = new MemoryRateLimitStore();
  return { take: (key) => store.takeNow(key, rule, now()) };
}

/** "20/60" → 20 requests per 60 seconds. */
export function parseRateLimitRule(value: string, name: string): RateLimitRule {
  const match = /^(\d{1,6})\s*\/\s*(\d{1,6})$/.exec(value.trim());
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new Error(`${name} must look like "20/60" (requests per seconds), got "${value}".`);
  }
  return { limit: Number(match[1]), windowMs: Number(match[2]) * 1000 };
}
