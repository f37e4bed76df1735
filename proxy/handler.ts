/**
 * The proxy: a Web-standard `fetch(Request) → Response` handler that holds the
 * Totebot key and forwards only the four routes the widget needs. It never
 * echoes upstream internals, and the key appears in nothing it returns or logs.
 */
import { adaptAgent, adaptErrorBody } from '../src/protocol/adapter.js';
import { corsPolicy, preflightHeaders } from './cors.js';
import { errorResponse, jsonResponse, SSE_HEADERS } from './http.js';
import { matchRoute, upstreamPath, type RouteMatch } from './routes.js';
import { readJsonBody, validateChatRequest, validateFeedbackRequest, ValidationError } from './validate.js';

export const DEFAULT_API_URL = 'https://api.totebot.ai';

/** One log line per request; never holds a secret or a message text. */
export interface ProxyLogEntry {
  time: string;
  id: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  upstreamStatus?: number;
  error?: string;
}

export interface ProxyOptions {
  apiKey: string;
  /** Base URL of the Totebot API. */
  apiUrl?: string;
  /** Cross-origin pages allowed to call the proxy; same-origin is always allowed. */
  allowedOrigins?: readonly string[];
  /** How to reach upstream; the Web-standard `fetch` unless a test or the simulator plugs in. */
  upstreamFetch?: (request: Request) => Promise<Response>;
  log?: (entry: ProxyLogEntry) => void;
}

export interface TotebotProxy {
  fetch(request: Request): Promise<Response>;
}

const CODE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** Upstream failures as the shopper's widget should see them: no upstream text. */
async function relayUpstreamError(upstream: Response): Promise<Response> {
  const { code } = adaptErrorBody(await upstream.json().catch(() => undefined));
  const safeCode = code && CODE_PATTERN.test(code) ? code : undefined;
  switch (upstream.status) {
    case 429: {
      const retryAfter = upstream.headers.get('retry-after');
      const seconds = retryAfter && /^\d{1,6}$/.test(retryAfter) ? retryAfter : '60';
      return errorResponse(429, 'rate_limited', 'The assistant is busy. Please try again shortly.', { 'retry-after': seconds });
    }
    case 400:
    case 404:
    case 409:
    case 422:
      return errorResponse(upstream.status, safeCode ?? 'upstream_rejected', 'The assistant could not handle this request.');
    default:
      // 401/403 mean the proxy's key is wrong: the shopper cannot fix that, the operator's log says it.
      return errorResponse(502, upstream.status === 401 || upstream.status === 403 ? 'upstream_auth' : 'upstream_error', 'The assistant is unavailable right now.');
  }
}

export function createProxy(options: ProxyOptions): TotebotProxy {
  const apiUrl = (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, '');
  const allowedOrigins = options.allowedOrigins ?? [];
  const upstreamFetch = options.upstreamFetch ?? ((request: Request) => fetch(request));
  const log = options.log ?? ((entry: ProxyLogEntry) => console.log(JSON.stringify(entry)));
  let sequence = 0;

  async function forward(route: RouteMatch, request: Request, note: (status: number) => void): Promise<Response> {
    let body: string | undefined;
    if (route.name === 'chat') body = JSON.stringify(validateChatRequest(await readJsonBody(request)));
    if (route.name === 'feedback') body = JSON.stringify(validateFeedbackRequest(await readJsonBody(request)));

    const upstream = await upstreamFetch(
      new Request(apiUrl + upstreamPath(route), {
        method: route.method,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          accept: route.name === 'chat' ? 'text/event-stream' : 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body }),
        // The browser going away aborts the upstream request too.
        signal: request.signal,
      }),
    );
    note(upstream.status);
    if (!upstream.ok) return relayUpstreamError(upstream);

    if (route.name === 'chat') {
      if (!(upstream.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        await upstream.body?.cancel();
        return errorResponse(502, 'upstream_error', 'The assistant is unavailable right now.');
      }
      return new Response(upstream.body, { status: 200, headers: SSE_HEADERS });
    }
    const json: unknown = await upstream.json().catch(() => undefined);
    // A 200 that is not JSON (say, a maintenance page) is upstream's fault, not the network's.
    if (json === undefined) return errorResponse(502, 'upstream_error', 'The assistant is unavailable right now.');
    // The agent route is public display information: pass on nothing else.
    return jsonResponse(200, route.name === 'agent' ? adaptAgent(json) : json);
  }

  async function handle(request: Request): Promise<Response> {
    const started = Date.now();
    const method = request.method.toUpperCase();
    const path = new URL(request.url).pathname;
    const entry: ProxyLogEntry = {
      time: new Date(started).toISOString(),
      id: `req_${(++sequence).toString(36)}`,
      method,
      route: 'unknown',
      status: 0,
      durationMs: 0,
    };
    const finish = (response: Response, headers: Record<string, string>): Response => {
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      entry.status = response.status;
      entry.durationMs = Date.now() - started;
      log(entry);
      return response;
    };

    const cors = corsPolicy(request, allowedOrigins);
    const matched = matchRoute(method, path);
    if (!matched.ok) {
      if (matched.status === 404) return finish(errorResponse(404, 'not_found', 'No such endpoint.'), cors.headers);
      entry.route = matched.name;
      return finish(
        errorResponse(405, 'method_not_allowed', 'Method not allowed.', { allow: `${matched.allow}, OPTIONS` }),
        cors.headers,
      );
    }
    const { route } = matched;
    entry.route = route.name;
    if (!cors.allowed) return finish(errorResponse(403, 'origin_not_allowed', 'This origin may not use the assistant.'), cors.headers);
    if (method === 'OPTIONS') return finish(new Response(null, { status: 204 }), preflightHeaders(cors, route.method));

    try {
      const response = await forward(route, request, (status) => (entry.upstreamStatus = status));
      return finish(response, cors.headers);
    } catch (error) {
      if (error instanceof ValidationError) return finish(errorResponse(error.status, error.code, error.message), cors.headers);
      entry.error = request.signal.aborted ? 'client_aborted' : 'upstream_unreachable';
      return finish(errorResponse(502, 'upstream_unreachable', 'The assistant is unreachable right now.'), cors.headers);
    }
  }

  return { fetch: handle };
}
