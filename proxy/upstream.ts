/**
 * The one upstream request of a route: built from validated parts with the key
 * added here and nowhere else, bounded by a connect timeout, aborted with the
 * browser's request; and upstream's errors turned into ProxyErrors that carry
 * none of upstream's text.
 */
import { adaptErrorBody } from '../src/protocol/adapter.js';
import { ProxyError, unavailable } from './proxy-error.js';
import type { Route, RouteMatch } from './routes/index.js';
import { clampRetryAfter, type TrafficGuard } from './traffic-guard.js';

const CODE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** A request's parts, as `fetch(url, init)` takes them: the global `fetch` is an `UpstreamSend`. */
export interface UpstreamInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export type UpstreamSend = (url: string, init: UpstreamInit) => Promise<Response>;

/** How the proxy reaches Totebot: given a request's parts rather than a `Request`, which it would only take apart again. */
export interface UpstreamClient {
  send: UpstreamSend;
}

export interface UpstreamSettings {
  apiUrl: string;
  apiKey: string;
  connectTimeoutMs: number;
  send: UpstreamSend;
}

export async function callUpstream(
  settings: UpstreamSettings,
  route: Route,
  match: RouteMatch,
  clientGone: AbortSignal,
  body: string | undefined,
): Promise<Response> {
  const upstreamAbort = new AbortController();
  const abortUpstream = () => upstreamAbort.abort();
  // The browser going away aborts the upstream request too, for the whole stream.
  clientGone.addEventListener('abort', abortUpstream, { once: true });
  const connectTimer = setTimeout(abortUpstream, settings.connectTimeoutMs);
  try {
    return await settings.send(settings.apiUrl + route.upstreamPath(match), {
      method: route.method,
      headers: {
        authorization: `Bearer ${settings.apiKey}`,
        accept: route.accept,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body }),
      signal: upstreamAbort.signal,
    });
  } catch (error) {
    if (upstreamAbort.signal.aborted && !clientGone.aborted) {
      throw new ProxyError(504, 'upstream_timeout', 'The assistant took too long to answer.');
    }
    throw error;
  } finally {
    clearTimeout(connectTimer);
  }
}

/** Upstream answered with an error: the visitor learns what they can act on, never upstream's text. */
export async function upstreamFailure(upstream: Response, guard: TrafficGuard | undefined): Promise<ProxyError> {
  const { code } = adaptErrorBody(await upstream.json().catch(() => undefined));
  const safeCode = code && CODE_PATTERN.test(code) ? code : undefined;
  switch (upstream.status) {
    case 429: {
      const retryAfter = upstream.headers.get('retry-after');
      const seconds = guard ? guard.upstreamLimited(retryAfter) : clampRetryAfter(retryAfter);
      return new ProxyError(429, 'rate_limited', 'The assistant is busy. Please try again shortly.', { 'retry-after': String(seconds) });
    }
    case 400:
    case 404:
    case 409:
    case 422:
      return new ProxyError(upstream.status, safeCode ?? 'upstream_rejected', 'The assistant could not handle this request.');
    default:
      // 401/403 mean the proxy's key is wrong: the shopper cannot fix that, the operator's log says it.
      return unavailable(upstream.status === 401 || upstream.status === 403 ? 'upstream_auth' : 'upstream_error');
  }
}
