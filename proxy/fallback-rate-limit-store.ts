/**
 * A shared rate-limit store (Redis, a Durable Object) that cannot stop the chat.
 * When the shared store fails or takes longer than `timeoutMs`, limits count in
 * this instance's memory instead: Totebot still enforces its own limit behind
 * the proxy, so a blip in a helper should cost some fairness, never the chat.
 * One loud line goes to the operator when that starts and one when it ends; while
 * degraded, one request every `probeEveryMs` tries the shared store again, and the
 * first that succeeds switches back. Reconnecting is the client's job (node-redis
 * does it on its own); this only notices when it has.
 */
import { MemoryRateLimitStore, type RateLimitDecision, type RateLimitRule, type RateLimitStore } from './rate-limit.js';

export interface FallbackOptions {
  /** Longest wait for the shared store before a decision is made from memory. */
  timeoutMs?: number;
  /** While degraded, how often one request tries the shared store again. */
  probeEveryMs?: number;
  /** The operator's line; `reason` is a short code (`timeout`, `ECONNREFUSED`), never a message that could hold a URL or password. */
  warn?: (line: string) => void;
  /** The store went from shared to memory (`true`) or back (`false`). */
  onDegraded?: (degraded: boolean) => void;
  now?: () => number;
}

export interface FallbackRateLimitStore extends RateLimitStore {
  readonly degraded: boolean;
}

const TIMED_OUT = Symbol('timeout');

/** A short, secret-free name for what went wrong. */
function reasonOf(error: unknown): string {
  if (error === TIMED_OUT) return 'timeout';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code)) return code;
  // node-redis names its errors by class only (ClientOfflineError, ClientClosedError).
  const kind = error instanceof Error ? (error.name !== 'Error' ? error.name : error.constructor.name) : '';
  return /^[A-Za-z]{2,40}$/.test(kind) ? kind : 'error';
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(TIMED_OUT), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createFallbackRateLimitStore(shared: RateLimitStore, options: FallbackOptions = {}): FallbackRateLimitStore {
  const timeoutMs = options.timeoutMs ?? 250;
  const probeEveryMs = options.probeEveryMs ?? 1000;
  const warn = options.warn ?? ((line: string) => console.error(line));
  const now = options.now ?? Date.now;
  const memory = new MemoryRateLimitStore();
  let degraded = false;
  let nextProbeAt = 0;
  let probing = false;

  function degrade(error: unknown): void {
    nextProbeAt = now() + probeEveryMs;
    if (degraded) return;
    degraded = true;
    warn(`*** totebot-proxy: the shared rate-limit store failed (${reasonOf(error)}): limits count in this instance's memory until it answers again ***`);
    options.onDegraded?.(true);
  }

  function recover(): void {
    if (!degraded) return;
    degraded = false;
    warn('totebot-proxy: the shared rate-limit store answers again: limits are shared again');
    options.onDegraded?.(false);
  }

  async function fromShared(key: string, rule: RateLimitRule, time: number): Promise<RateLimitDecision> {
    try {
      const decision = await withTimeout(shared.take(key, rule, time), timeoutMs);
      recover();
      return decision;
    } catch (error) {
      degrade(error);
      return memory.takeNow(key, rule, time);
    }
  }

  return {
    get degraded() {
      return degraded;
    },
    async take(key, rule, time) {
      if (!degraded) return fromShared(key, rule, time);
      if (probing || now() < nextProbeAt) return memory.takeNow(key, rule, time);
      probing = true;
      try {
        return await fromShared(key, rule, time);
      } finally {
        probing = false;
      }
    },
  };
}
