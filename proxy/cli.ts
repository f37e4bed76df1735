#!/usr/bin/env node
/** `totebot-proxy`: runs the proxy (or the simulator, without a key) over HTTP. */
import { assembleProxy, readSettings } from './config.js';
import { serveProxy } from './node-adapter.js';
import type { RateLimitStore } from './rate-limit.js';
import { createRedisRateLimitStore } from './redis-rate-limit-store.js';

/** Rate-limit counts in the Redis at TOTEBOT_REDIS_URL, through node-redis (an optional dependency). */
async function redisStore(url: string): Promise<RateLimitStore> {
  let redis: typeof import('redis');
  try {
    redis = await import('redis');
  } catch {
    throw new Error('TOTEBOT_REDIS_URL is set but the "redis" package is not installed (npm install redis).');
  }
  const client = redis.createClient({ url });
  client.on('error', () => {
    // Reconnects by itself; a limit check that fails is answered by the proxy as unreachable.
  });
  await client.connect();
  return createRedisRateLimitStore({ evalScript: (script, keys, args) => client.eval(script, { keys, arguments: args }) });
}

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  const store = settings.redisUrl ? await redisStore(settings.redisUrl) : undefined;
  const { proxy, warnings } = assembleProxy(settings, { ...(store && { rateLimitStore: store }) });
  for (const warning of warnings) console.warn(warning);
  const running = await serveProxy(proxy, { port: settings.port, host: settings.host });
  if (store) console.log('rate limits are shared through Redis');
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
