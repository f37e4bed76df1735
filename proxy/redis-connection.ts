/**
 * The Redis the Node proxy shares its rate limits through (TOTEBOT_REDIS_URL),
 * through node-redis, an optional dependency. The client reconnects on its own
 * and fails commands at once while disconnected (no offline queue), so a Redis
 * outage turns into the fallback store's memory counting, not into waiting.
 * The proxy starts whether Redis is up or not.
 */
import { createFallbackRateLimitStore, type FallbackOptions, type FallbackRateLimitStore } from './fallback-rate-limit-store.js';
import { createRedisRateLimitStore } from './redis-rate-limit-store.js';

export interface RedisConnection {
  store: FallbackRateLimitStore;
  close(): Promise<void>;
}

/** Longest wait between reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 2000;

export interface RedisConnectionOptions extends FallbackOptions {
  prefix?: string;
  /** How long the start waits for a first connection before serving anyway. */
  startWaitMs?: number;
}

export async function connectRedis(url: string, options: RedisConnectionOptions = {}): Promise<RedisConnection> {
  let redis: typeof import('redis');
  try {
    redis = await import('redis');
  } catch {
    throw new Error('TOTEBOT_REDIS_URL is set but the "redis" package is not installed (npm install redis).');
  }
  const client = redis.createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS) },
  });
  client.on('error', () => {
    // Each failed command already reaches the fallback store, which tells the operator once.
  });
  // Waited for a moment only: an unreachable Redis at start is an outage like any other.
  const connected = client.connect().then(
    () => true,
    () => false,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([connected, new Promise((resolve) => (timer = setTimeout(resolve, options.startWaitMs ?? 2000)))]);
  clearTimeout(timer);
  const shared = createRedisRateLimitStore({ evalScript: (script, keys, args) => client.eval(script, { keys, arguments: args }) }, options.prefix);
  return {
    store: createFallbackRateLimitStore(shared, options),
    close: async () => {
      client.destroy();
    },
  };
}
