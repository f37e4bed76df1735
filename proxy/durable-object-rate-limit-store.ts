/**
 * Rate-limit counts in a Cloudflare Durable Object, so every isolate of a Worker
 * (and every Worker bound to the same namespace) shares one upstream budget.
 * One object, named once, holds all the counts: a Durable Object runs its
 * requests one at a time, which makes each take atomic, and the global limit
 * needs a single place to count anyway. The counts live in the object's memory;
 * when Cloudflare evicts an idle object they start again from zero, which only
 * forgives hits from a window that had gone quiet.
 *
 * Deploy: export `RateLimitCounter` from the Worker's module and bind it as
 * `TOTEBOT_RATE_LIMITS` (see the README); `createProxy` then uses it on its own.
 * The types below are the few members used, so no Cloudflare types are needed.
 */
import { MemoryRateLimitStore, type RateLimitDecision, type RateLimitRule, type RateLimitStore } from './rate-limit.js';

export interface DurableObjectStubLike {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: never): DurableObjectStubLike;
}

interface TakeMessage {
  key: string;
  limit: number;
  windowMs: number;
  now: number;
}

const OBJECT_NAME = 'totebot-rate-limits';

export function isDurableObjectNamespace(value: unknown): value is DurableObjectNamespaceLike {
  return typeof value === 'object' && value !== null && typeof (value as DurableObjectNamespaceLike).idFromName === 'function';
}

export function createDurableObjectRateLimitStore(namespace: DurableObjectNamespaceLike): RateLimitStore {
  const id = namespace.idFromName(OBJECT_NAME);
  return {
    async take(key: string, rule: RateLimitRule, now: number): Promise<RateLimitDecision> {
      const message: TakeMessage = { key, limit: rule.limit, windowMs: rule.windowMs, now };
      // A stub is an I/O object of the request that made it: Workers refuse its use from another request.
      const response = await namespace.get(id as never).fetch('https://rate-limits.invalid/take', { method: 'POST', body: JSON.stringify(message) });
      if (!response.ok) throw new Error(`rate-limit object answered ${response.status}`);
      return (await response.json()) as RateLimitDecision;
    },
  };
}

const isWhole = (value: unknown, max: number): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max;

/** The Durable Object class: one sliding window per key, in the object's memory. */
export class RateLimitCounter {
  private readonly store = new MemoryRateLimitStore();

  async fetch(request: Request): Promise<Response> {
    const message = (await request.json().catch(() => undefined)) as Partial<TakeMessage> | undefined;
    if (
      request.method !== 'POST' ||
      typeof message?.key !== 'string' ||
      !isWhole(message.limit, 1e6) ||
      !isWhole(message.windowMs, 1e9) ||
      !isWhole(message.now, Number.MAX_SAFE_INTEGER)
    ) {
      return new Response('bad request', { status: 400 });
    }
    const decision = this.store.takeNow(message.key, { limit: message.limit, windowMs: message.windowMs }, message.now);
    return Response.json(decision);
  }
}
