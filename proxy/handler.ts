/**
 * The proxy: a Web-standard `fetch(Request) → Response` handler that holds the
 * Totebot key and forwards only the four routes the widget needs. It binds each
 * conversation to the visitor who started it (a signed token), shares the one
 * upstream budget fairly, never echoes upstream internals, and never puts the
 * key in anything it returns or logs.
 *
 * A request goes through one sequence (`pipeline`): canonical path → method
 * override → match → CORS → the route's checks → admission → upstream → the
 * route's response. Admission comes after the route's checks, so a refused or
 * locally answered request (the cached agent) spends none of the upstream budget.
 * Whatever fails throws a ProxyError, turned into the response and the log line
 * in one place (`finish`), which also serves the Node adapter's own refusals.
 */
import { resolveOptions, type ProxyOptionsWithBindings } from './bindings.js';
import type { ProxyOptions } from './options.js';
import { corsPolicy, preflightHeaders, type CorsPolicy } from './cors.js';
import { errorResponse, jsonResponse } from './http.js';
import type { ProxyLogEntry } from './log-entry.js';
import { metricsResponse } from './metrics-endpoint.js';
import { NO_METRICS } from './metrics.js';
import { asProxyError, ProxyError } from './proxy-error.js';
import { isCanonicalPath, matchRoute, ROUTES, type RouteMatch, type RouteServices } from './routes/index.js';
import { createConversationTokens, createKeyring, deriveSecret } from './signing.js';
import { createTrafficGuard, visitorAddress } from './traffic-guard.js';
import { callUpstream, upstreamFailure, type UpstreamSend, type UpstreamSettings } from './upstream.js';

export type { ProxyLogEntry } from './log-entry.js';
export type { ProxyOptions } from './options.js';
export type { ProxyOptionsWithBindings } from './bindings.js';
export { ProxyError } from './proxy-error.js';
export type { ProxyMetrics, MetricsEndpoint } from './metrics.js';
export type { UpstreamClient, UpstreamInit, UpstreamSend } from './upstream.js';

export const DEFAULT_API_URL = 'https://api.totebot.ai';

/** What a runtime adapter knows about the connection; Workers pass their ExecutionContext here. */
export interface ProxyRequestContext {
  clientAddress?: string;
  /** Aborts when the client goes away before the reply has ended; the request's own `signal` when absent. */
  signal?: AbortSignal;
}

export interface TotebotProxy {
  fetch(request: Request, env?: unknown, context?: ProxyRequestContext): Promise<Response>;
  /** The answer to a request a runtime adapter refused before it became a `Request`: mapped and logged as any other. */
  refuse(error: ProxyError, method: string): Response;
  /** From now on `/healthz` answers 503, so load balancers stop sending visitors here before shutdown. */
  drain(): void;
}

const METHOD_OVERRIDE_HEADERS = ['x-http-method-override', 'x-http-method', 'x-method-override'];

function upstreamSend({ upstream, upstreamFetch }: ProxyOptions): UpstreamSend {
  if (upstream) return upstream.send;
  if (upstreamFetch) return (url, init) => upstreamFetch(new Request(url, init));
  return (url, init) => fetch(url, init);
}

function buildProxy(options: ProxyOptions): TotebotProxy {
  const allowedOrigins = options.allowedOrigins ?? [];
  const log = options.log ?? ((entry: ProxyLogEntry) => console.log(JSON.stringify(entry)));
  const metrics = options.metrics ?? NO_METRICS;
  const now = options.now ?? Date.now;
  const trustedProxyHops = options.trustedProxyHops ?? 0;
  const upstream: UpstreamSettings = {
    apiUrl: (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    apiKey: options.apiKey,
    connectTimeoutMs: options.connectTimeoutMs ?? 20_000,
    send: upstreamSend(options),
  };
  const guard =
    options.rateLimits === false
      ? undefined
      : createTrafficGuard({ ...options.rateLimits, ...(options.rateLimitStore && { store: options.rateLimitStore }), now });
  const services: RouteServices = {
    tokens: (async () =>
      createConversationTokens(
        createKeyring(options.proxySecrets?.length ? options.proxySecrets : [await deriveSecret(options.apiKey, 'conversation-tokens')]),
      ))(),
    identityKeyring: options.identitySecrets?.length ? createKeyring(options.identitySecrets) : undefined,
    agentCache: undefined,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    now,
    streamOpened() {
      metrics.streamOpened();
      return () => metrics.streamClosed();
    },
  };
  let draining = false;
  let sequence = 0;

  function newEntry(method: string): ProxyLogEntry {
    const started = now();
    return { time: new Date(started).toISOString(), id: `req_${(++sequence).toString(36)}`, method, route: 'unknown', status: 0, durationMs: 0 };
  }

  /** The one way out: headers every answer carries, the metric and the log line. */
  function finish(entry: ProxyLogEntry, response: Response, headers: Record<string, string>): Response {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    entry.status = response.status;
    entry.durationMs = now() - Date.parse(entry.time);
    metrics.requestFinished(entry.route, response.status);
    log(entry);
    return response;
  }

  function fail(entry: ProxyLogEntry, error: ProxyError, headers: Record<string, string>): Response {
    if (error.note) entry.note = error.note;
    return finish(entry, error.toResponse(), headers);
  }

  function match(method: string, path: string, entry: ProxyLogEntry): RouteMatch {
    const matched = matchRoute(method, path);
    if (matched.ok) {
      entry.route = matched.route.name;
      return matched.route;
    }
    if (matched.status === 404) throw new ProxyError(404, 'not_found', 'No such endpoint.');
    entry.route = matched.name;
    throw new ProxyError(405, 'method_not_allowed', 'Method not allowed.', { allow: `${matched.allow}, OPTIONS` });
  }

  async function admit(request: Request, context: ProxyRequestContext | undefined): Promise<void> {
    if (!guard) return;
    const admission = await guard.admit(visitorAddress(request, context?.clientAddress, trustedProxyHops));
    if (admission.allowed) return;
    metrics.rateLimited(admission.scope);
    throw new ProxyError(429, 'rate_limited', 'The assistant is busy. Please try again shortly.', {
      'retry-after': String(admission.retryAfterSeconds),
    }, `rate_limited_${admission.scope}`);
  }

  async function pipeline(
    request: Request,
    context: ProxyRequestContext | undefined,
    clientGone: AbortSignal,
    entry: ProxyLogEntry,
    cors: CorsPolicy,
  ): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (!isCanonicalPath(path)) throw new ProxyError(400, 'invalid_path', 'The request path is not valid.');
    if (METHOD_OVERRIDE_HEADERS.some((name) => request.headers.has(name))) {
      throw new ProxyError(400, 'method_override_refused', 'Method override headers are not accepted.');
    }
    const matched = match(entry.method, path, entry);
    if (!cors.allowed) throw new ProxyError(403, 'origin_not_allowed', 'This origin may not use the assistant.');
    if (entry.method === 'OPTIONS') return new Response(null, { status: 204, headers: preflightHeaders(cors, matched.method) });

    const route = ROUTES[matched.name];
    const started = now();
    const routeContext = {
      request,
      match: matched,
      entry,
      services,
      firstByte: () => metrics.firstByte(route.name, (now() - started) / 1000),
    };
    const prepared = await route.prepare(routeContext);
    if (prepared.respond) return prepared.respond;
    await admit(request, context);

    const sent = now();
    const answer = await callUpstream(upstream, route, matched, clientGone, prepared.body);
    entry.upstreamStatus = answer.status;
    metrics.upstreamAnswered(route.name, answer.status, (now() - sent) / 1000);
    if (answer.status === 429) metrics.upstreamRateLimited();
    if (!answer.ok) throw await upstreamFailure(answer, guard);
    return route.respond(answer, routeContext);
  }

  async function handle(request: Request, _env?: unknown, context?: ProxyRequestContext): Promise<Response> {
    const method = request.method.toUpperCase();
    const path = new URL(request.url).pathname;
    if (path === '/healthz' && (method === 'GET' || method === 'HEAD')) {
      // For load balancers: answered here, never forwarded, never rate limited, never logged.
      return draining ? errorResponse(503, 'draining', 'The proxy is shutting down.') : jsonResponse(200, { status: 'ok' });
    }
    if (path === '/metrics' && method === 'GET' && options.metricsEndpoint) {
      // For the operator's scraper: answered here, never forwarded, never logged.
      return metricsResponse(request, options.metricsEndpoint);
    }
    const entry = newEntry(method);
    const cors = corsPolicy(request, allowedOrigins);
    const clientGone = context?.signal ?? request.signal;
    try {
      return finish(entry, await pipeline(request, context, clientGone, entry, cors), cors.headers);
    } catch (error) {
      if (!(error instanceof ProxyError)) entry.error = clientGone.aborted ? 'client_aborted' : 'upstream_unreachable';
      return fail(entry, asProxyError(error), cors.headers);
    }
  }

  return {
    fetch: handle,
    refuse: (error, method) => fail(newEntry(method.toUpperCase()), error, {}),
    drain: () => {
      draining = true;
    },
  };
}

/**
 * The proxy. Options win; where `apiKey`, `apiUrl`, `allowedOrigins` or
 * `rateLimitStore` is absent, the bindings of the `env` passed to `fetch` fill in
 * (bindings.ts), so `export default createProxy({})` is a complete Cloudflare
 * Worker. It is built on the first request and kept.
 */
export function createProxy(options: ProxyOptionsWithBindings): TotebotProxy {
  let built: TotebotProxy | undefined;
  let draining = false;
  const build = (env: unknown): TotebotProxy => {
    if (built) return built;
    built = buildProxy(resolveOptions(options, env));
    if (draining) built.drain();
    return built;
  };
  const notConfigured = () => errorResponse(503, 'not_configured', 'The assistant is not available.');
  return {
    async fetch(request, env, context) {
      let proxy: TotebotProxy;
      try {
        proxy = build(env);
      } catch (error) {
        // A missing key is the operator's to fix: said in the operator's log, not to the visitor.
        console.error(`totebot-proxy: ${(error as Error).message}`);
        return notConfigured();
      }
      return proxy.fetch(request, env, context);
    },
    refuse(error, method) {
      try {
        // Refusals come from Node adapters, where the options carry the key.
        return build(undefined).refuse(error, method);
      } catch {
        return error.toResponse();
      }
    },
    drain() {
      draining = true;
      built?.drain();
    },
  };
}
