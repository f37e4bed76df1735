/** How a proxy is set up: what `createProxy` takes (bindings.ts adds what Workers bind). */
import type { ProxyLogEntry } from './log-entry.js';
import type { MetricsEndpoint, ProxyMetrics } from './metrics.js';
import type { RateLimitRule, RateLimitStore } from './rate-limit.js';
import type { UpstreamClient } from './upstream.js';

export interface ProxyOptions {
  /** The Totebot key; on Workers it may come from the `TOTEBOT_API_KEY` binding instead. */
  apiKey: string;
  /** Base URL of the Totebot API. */
  apiUrl?: string;
  /** Cross-origin pages allowed to call the proxy; same-origin is always allowed. */
  allowedOrigins?: readonly string[];
  /**
   * Signs conversation tokens. The first secret signs; all verify (put the old one
   * second while rotating). Unset: derived from the API key.
   */
  proxySecrets?: readonly string[];
  /** When set, identity is forwarded only with a valid signature from the store's server. */
  identitySecrets?: readonly string[];
  /** How many proxies of the operator's stand in front and append to X-Forwarded-For. */
  trustedProxyHops?: number;
  /** Per-visitor and global limits; `false` switches the proxy's own limits off. */
  rateLimits?: { visitor?: RateLimitRule | false; global?: RateLimitRule | false } | false;
  rateLimitStore?: RateLimitStore;
  heartbeatMs?: number;
  idleTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** How to reach upstream, given a request's parts (on Node, `createUndiciUpstream()`); wins over `upstreamFetch`. */
  upstream?: UpstreamClient;
  /** How to reach upstream with a `Request` (a test, the simulator); without either, the Web-standard `fetch`. */
  upstreamFetch?: (request: Request) => Promise<Response>;
  log?: (entry: ProxyLogEntry) => void;
  /** Where counters and timings go; nothing by default. */
  metrics?: ProxyMetrics;
  /** Serves `GET /metrics` when set; unset, `/metrics` is an unknown path like any other. */
  metricsEndpoint?: MetricsEndpoint;
  now?: () => number;
}
