/**
 * What the proxy reports for graphs and alerts, as an interface: the handler
 * stays Web-standard, and each runtime plugs in its own sink (prom-client on
 * Node, see prometheus-metrics.ts; nothing, or the log, on Workers).
 * Labels are route names, status codes and limit kinds only: never a path, an
 * id, a token or the key.
 */
export type LimitKind = 'visitor' | 'global' | 'upstream';

export interface ProxyMetrics {
  /** Every answered request, once, with the route name (`unknown` before matching) and status. */
  requestFinished(route: string, status: number): void;
  /** Upstream's response headers arrived, this long after the proxy sent the request. */
  upstreamAnswered(route: string, status: number, seconds: number): void;
  /** A chat stream's first byte left for the browser, this long after its request arrived. */
  firstByte(route: string, seconds: number): void;
  streamOpened(): void;
  streamClosed(): void;
  /** The proxy refused a request itself to keep within a limit. */
  rateLimited(kind: LimitKind): void;
  /** Totebot answered 429. */
  upstreamRateLimited(): void;
  /** The shared rate-limit store failed, and limits count in this instance's memory meanwhile. */
  rateLimitStoreFallback(degraded: boolean): void;
}

/** What the proxy reports with no sink plugged in. */
export const NO_METRICS: ProxyMetrics = {
  requestFinished() {},
  upstreamAnswered() {},
  firstByte() {},
  streamOpened() {},
  streamClosed() {},
  rateLimited() {},
  upstreamRateLimited() {},
  rateLimitStoreFallback() {},
};

/** How `GET /metrics` is answered: the text a sink renders, behind an optional bearer token. */
export interface MetricsEndpoint {
  render(): Promise<{ contentType: string; body: string }>;
  /** When set, `GET /metrics` needs `Authorization: Bearer <token>`. */
  token?: string;
}
