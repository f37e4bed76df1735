/**
 * A Cloudflare Worker proxy whose global limit is counted by the RateLimitCounter
 * Durable Object bound as TOTEBOT_RATE_LIMITS; the module also exports the class,
 * as a deployed Worker must.
 */
import { createProxy } from '../../../proxy/handler.js';

export { RateLimitCounter } from '../../../proxy/durable-object-rate-limit-store.js';

export default createProxy({ log: () => {}, rateLimits: { visitor: false, global: { limit: 3, windowMs: 60_000 } } });
