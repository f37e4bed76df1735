/**
 * Shares the one upstream budget fairly. Every visitor reaches Totebot through
 * the proxy's single address, and Totebot allows 60 requests per 60 s per
 * address: a per-visitor limit keeps one visitor from using it all, a global
 * limit keeps the proxy under it, and after an upstream 429 the proxy stops
 * forwarding until Totebot's Retry-After has passed instead of hammering it.
 */
import { MemoryRateLimitStore, type RateLimitRule, type RateLimitStore } from './rate-limit.js';

export const DEFAULT_VISITOR_LIMIT: RateLimitRule = { limit: 20, windowMs: 60_000 };
export const DEFAULT_GLOBAL_LIMIT: RateLimitRule = { limit: 55, windowMs: 60_000 };
/** An upstream Retry-After is clamped to this range, in seconds. */
export const UPSTREAM_BACKOFF_RANGE = { min: 1, max: 300 } as const;

export interface TrafficGuardOptions {
  visitor?: RateLimitRule | false;
  global?: RateLimitRule | false;
  store?: RateLimitStore;
  now?: () => number;
}

export type Admission =
  | { allowed: true }
  | { allowed: false; scope: 'visitor' | 'global' | 'upstream'; retryAfterSeconds: number };

export interface TrafficGuard {
  admit(visitor: string): Promise<Admission>;
  /** Upstream answered 429: hold everything back for its Retry-After (clamped). Returns the seconds to wait. */
  upstreamLimited(retryAfter: string | null): number;
}

export function createTrafficGuard(options: TrafficGuardOptions = {}): TrafficGuard {
  const now = options.now ?? Date.now;
  const store = options.store ?? new MemoryRateLimitStore();
  const visitorRule = options.visitor === undefined ? DEFAULT_VISITOR_LIMIT : options.visitor;
  const globalRule = options.global === undefined ? DEFAULT_GLOBAL_LIMIT : options.global;
  let upstreamBlockedUntil = 0;

  return {
    async admit(visitor) {
      const time = now();
      if (time < upstreamBlockedUntil) {
        return { allowed: false, scope: 'upstream', retryAfterSeconds: Math.ceil((upstreamBlockedUntil - time) / 1000) };
      }
      if (visitorRule) {
        const decision = await store.take(`visitor:${visitor}`, visitorRule, time);
        if (!decision.allowed) return { allowed: false, scope: 'visitor', retryAfterSeconds: decision.retryAfterSeconds };
      }
      if (globalRule) {
        const decision = await store.take('global', globalRule, time);
        if (!decision.allowed) return { allowed: false, scope: 'global', retryAfterSeconds: decision.retryAfterSeconds };
      }
      return { allowed: true };
    },
    upstreamLimited(retryAfter) {
      const seconds = clampRetryAfter(retryAfter);
      const time = now();
      upstreamBlockedUntil = Math.max(upstreamBlockedUntil, time + seconds * 1000);
      return Math.ceil((upstreamBlockedUntil - time) / 1000);
    },
  };
}

/** Upstream's Retry-After in seconds, clamped to a sane range; 60 when absent or not a number of seconds. */
export function clampRetryAfter(retryAfter: string | null): number {
  const asked = retryAfter && /^\d{1,6}$/.test(retryAfter) ? Number(retryAfter) : 60;
  return Math.min(UPSTREAM_BACKOFF_RANGE.max, Math.max(UPSTREAM_BACKOFF_RANGE.min, asked));
}

/**
 * The visitor's address. `X-Forwarded-For` is believed only when the operator
 * says how many proxies of theirs stand in front (each appends one entry, so the
 * client is that many entries from the end); otherwise anyone could pick a fresh
 * address per request and escape the per-visitor limit.
 */
export function visitorAddress(request: Request, socketAddress: string | undefined, trustedHops: number): string {
  if (trustedHops > 0) {
    const forwarded = (request.headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const candidate = forwarded[forwarded.length - trustedHops];
    if (candidate) return candidate;
  }
  // No socket (a Cloudflare Worker): Cloudflare's own header names the visitor and cannot be set by them there.
  return socketAddress ?? request.headers.get('cf-connecting-ip') ?? 'unknown';
}
