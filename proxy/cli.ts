#!/usr/bin/env node
/** `totebot-proxy`: runs the proxy (or the simulator, without a key) over HTTP. */
import { assembleProxy, readSettings } from './config.js';
import { serveProxy } from './node-adapter.js';
import { createPrometheusMetrics } from './prometheus-metrics.js';
import { connectRedis } from './redis-connection.js';

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  const metrics = settings.metrics ? createPrometheusMetrics() : undefined;
  const redis = settings.redisUrl
    ? await connectRedis(settings.redisUrl, { ...(metrics && { onDegraded: metrics.sink.rateLimitStoreFallback }) })
    : undefined;
  const { proxy, warnings } = assembleProxy(settings, { ...(redis && { rateLimitStore: redis.store }), ...(metrics && { metrics }) });
  for (const warning of warnings) console.warn(warning);
  const running = await serveProxy(proxy, { port: settings.port, host: settings.host });
  if (redis) console.log('rate limits are shared through Redis (counted in memory whenever it fails)');
  console.log(`listening on ${running.url}`);
  const stop = () => {
    // Running chat streams get TOTEBOT_SHUTDOWN_GRACE_MS to finish; new visitors go elsewhere.
    console.log(`shutting down: letting running streams finish (up to ${settings.shutdownGraceMs} ms)`);
    proxy.drain();
    void running.shutdown(settings.shutdownGraceMs).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // Only the message: an error object could carry request details.
  console.error(`totebot-proxy: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
