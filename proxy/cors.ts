import { CONVERSATION_TOKEN_HEADER } from '../src/protocol/events.js';

/**
 * CORS by exact origin. Same-origin requests are always allowed (browsers send
 * `Origin` on same-origin POSTs too); cross-origin ones only from the allow-list.
 */
export interface CorsPolicy {
  /** `undefined` when there is no Origin header (not a browser's CORS request). */
  origin: string | undefined;
  allowed: boolean;
  /** Headers every response to this request carries. */
  headers: Record<string, string>;
}

export function corsPolicy(request: Request, allowedOrigins: readonly string[]): CorsPolicy {
  const origin = request.headers.get('origin') ?? undefined;
  const headers: Record<string, string> = { vary: 'Origin' };
  if (origin === undefined) return { origin, allowed: true, headers };
  const sameOrigin = origin === new URL(request.url).origin;
  const allowed = sameOrigin || allowedOrigins.includes(origin);
  if (allowed && !sameOrigin) headers['access-control-allow-origin'] = origin;
  return { origin, allowed, headers };
}

/** The answer to a preflight for a route that allows `method`. */
export function preflightHeaders(policy: CorsPolicy, method: string): Record<string, string> {
  return {
    ...policy.headers,
    'access-control-allow-methods': `${method}, OPTIONS`,
    'access-control-allow-headers': `content-type, ${CONVERSATION_TOKEN_HEADER}`,
    'access-control-max-age': '600',
  };
}

/** Comma-separated origins, normalised as browsers send them (`https://Shop.example:443/` → `https://shop.example`). */
export function parseOriginList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      try {
        return new URL(entry).origin;
      } catch {
        throw new Error(`ALLOWED_ORIGINS has an entry that is not an origin: "${entry}".`);
      }
    });
}
