/**
 * The proxy's metrics on Node, through prom-client, in the Prometheus text
 * format. Its own registry (not prom-client's global one), so an application
 * that mounts the proxy keeps its metrics apart. Series and labels are listed
 * in the README; labels hold route names, status codes and limit kinds only.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricsEndpoint, ProxyMetrics } from './metrics.js';

const PREFIX = 'totebot_proxy_';
/** Seconds: from a loopback hop to a reply that takes the whole connect timeout. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];

export interface PrometheusMetrics {
  /** Hand to `createProxy({ metrics })`. */
  sink: ProxyMetrics;
  registry: Registry;
  /** Hand to `createProxy({ metricsEndpoint })`; `token` protects it. */
  endpoint(token?: string): MetricsEndpoint;
}

export function createPrometheusMetrics(options: { processMetrics?: boolean } = {}): PrometheusMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const registers = [registry];

  const requests = new Counter({ name: `${PREFIX}requests_total`, help: 'Requests answered, by route and status.', labelNames: ['route', 'status'], registers });
  const upstreamLatency = new Histogram({
    name: `${PREFIX}upstream_latency_seconds`,
    help: 'From sending the upstream request to its response headers, by route and upstream status.',
    labelNames: ['route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const firstByte = new Histogram({
    name: `${PREFIX}time_to_first_byte_seconds`,
    help: "From a streamed request's arrival to the first byte of its reply leaving for the browser.",
    labelNames: ['route'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const openStreams = new Gauge({ name: `${PREFIX}open_streams`, help: 'Chat streams open now.', registers });
  const rateLimited = new Counter({
    name: `${PREFIX}rate_limited_total`,
    help: 'Requests the proxy refused with 429 itself, by limit kind (visitor, global, upstream back-off).',
    labelNames: ['kind'],
    registers,
  });
  const upstream429 = new Counter({ name: `${PREFIX}upstream_rate_limited_total`, help: 'Upstream 429 answers.', registers });
  const fallbacks = new Counter({
    name: `${PREFIX}rate_limit_store_fallbacks_total`,
    help: 'Times the shared rate-limit store (Redis) failed and limits switched to this instance\'s memory.',
    registers,
  });
  const degraded = new Gauge({ name: `${PREFIX}rate_limit_store_degraded`, help: '1 while limits count in memory because the shared store fails.', registers });
  for (const kind of ['visitor', 'global', 'upstream']) rateLimited.inc({ kind }, 0);

  const sink: ProxyMetrics = {
    requestFinished: (route, status) => requests.inc({ route, status: String(status) }),
    upstreamAnswered: (route, status, seconds) => upstreamLatency.observe({ route, status: String(status) }, seconds),
    firstByte: (route, seconds) => firstByte.observe({ route }, seconds),
    streamOpened: () => openStreams.inc(),
    streamClosed: () => openStreams.dec(),
    rateLimited: (kind) => rateLimited.inc({ kind }),
    upstreamRateLimited: () => upstream429.inc(),
    rateLimitStoreFallback(isDegraded) {
      if (isDegraded) fallbacks.inc();
      degraded.set(isDegraded ? 1 : 0);
    },
  };
  return {
    sink,
    registry,
    endpoint: (token) => ({
      render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
      ...(token && { token }),
    }),
  };
}
