/**
 * Settings from a runtime's bindings (a Cloudflare Worker's `env`): the key, the
 * API URL and the allowed origins as strings, and a Durable Object namespace to
 * share rate limits through. Options always win; anything else in `env` is ignored.
 */
import { parseOriginList } from './cors.js';
import { createDurableObjectRateLimitStore, isDurableObjectNamespace } from './durable-object-rate-limit-store.js';
import { createFallbackRateLimitStore } from './fallback-rate-limit-store.js';
import type { ProxyOptions } from './options.js';

/** Options where the runtime's bindings may supply the key, URL, origins and rate-limit store. */
export type ProxyOptionsWithBindings = Omit<ProxyOptions, 'apiKey'> & { apiKey?: string };

/** The binding names the proxy reads. */
export const BINDINGS = {
  apiKey: 'TOTEBOT_API_KEY',
  apiUrl: 'TOTEBOT_API_URL',
  allowedOrigins: 'ALLOWED_ORIGINS',
  rateLimits: 'TOTEBOT_RATE_LIMITS',
} as const;

/** A Durable Object's first call may wait for it to start; later ones take a few milliseconds. */
const DURABLE_OBJECT_TIMEOUT_MS = 1000;

/** The complete options: the given ones, with bindings filling what they leave out. Throws without a key. */
export function resolveOptions(options: ProxyOptionsWithBindings, env: unknown): ProxyOptions {
  const source = typeof env === 'object' && env !== null ? (env as Record<string, unknown>) : {};
  const text = (name: string) => (typeof source[name] === 'string' && source[name] ? (source[name] as string) : undefined);
  const apiKey = options.apiKey ?? text(BINDINGS.apiKey);
  if (!apiKey) throw new Error(`No Totebot API key: pass apiKey or bind ${BINDINGS.apiKey}.`);
  const apiUrl = options.apiUrl ?? text(BINDINGS.apiUrl);
  const origins = text(BINDINGS.allowedOrigins);
  const allowedOrigins = options.allowedOrigins ?? (origins ? parseOriginList(origins) : undefined);
  const namespace = source[BINDINGS.rateLimits];
  // A failing Durable Object costs shared counting, never the chat: the isolate counts alone meanwhile.
  const rateLimitStore =
    options.rateLimitStore ??
    (isDurableObjectNamespace(namespace) ? createFallbackRateLimitStore(createDurableObjectRateLimitStore(namespace), { timeoutMs: DURABLE_OBJECT_TIMEOUT_MS }) : undefined);
  return {
    ...options,
    apiKey,
    ...(apiUrl && { apiUrl }),
    ...(allowedOrigins && { allowedOrigins }),
    ...(rateLimitStore && { rateLimitStore }),
  };
}
