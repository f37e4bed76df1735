/**
 * The proxy: a Web-standard `fetch(Request) → Response` handler that holds the
 * Totebot key and forwards only the four routes the widget needs. It binds each
 * conversation to the visitor who started it (a signed token), shares the one
 * upstream budget fairly, never echoes upstream internals, and never puts the
 * key in anything it returns or logs.
 */
import { adaptAgent, adaptErrorBody } from '../src/protocol/adapter.js';
import { CONVERSATION_TOKEN_HEADER, type Identity } from '../src/protocol/events.js';
import { encodeSseFrame } from '../src/protocol/sse.js';
import { corsPolicy, parseOriginList, preflightHeaders } from './cors.js';
import { errorResponse, jsonResponse, SSE_HEADERS } from './http.js';
import { isCanonicalPath, matchRoute, upstreamPath, type RouteMatch } from './routes.js';
import {
  checkIdentitySignature,
  createConversationTokens,
  createKeyring,
  deriveSecret,
  type ConversationTokens,
  type HmacKeyring,
} from './signing.js';
import { relaySse } from './stream-relay.js';
import { clampRetryAfter, createTrafficGuard, visitorAddress, type TrafficGuard } from './traffic-guard.js';
import type { RateLimitRule, RateLimitStore } from './rate-limit.js';
import { readJsonBody, validateChatRequest, validateFeedbackRequest, ValidationError } from './validate.js';

export const DEFAULT_API_URL = 'https://api.totebot.ai';

/** One log line per request; never holds a secret, a token or a message text. */
export interface ProxyLogEntry {
  time: string;
  id: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  upstreamStatus?: number;
  error?: string;
  /** Something the operator should know that did not fail the request, e.g. `identity_dropped`. */
  note?: string;
}

export interface ProxyOptions {
  /** The Totebot key; on Workers it may come from the `TOTEBOT_API_KEY` binding instead. */
  apiKey: string;
  /** Base URL of the Totebot API. */
  apiUrl?: string;
  /** Cross-origin pages allowed to call the proxy; same-origin is always allowed. */
  allowedOrigins?: readonly string[];
  /**
   * Signs conversation tokens. The first secret signs; all verify (put the old one
   * second while rotating). Unset: derived from the API key.
   */
  proxySecrets?: readonly string[];
  /** When set, identity is forwarded only with a valid signature from the store's server. */
  identitySecrets?: readonly string[];
  /** How many proxies of the operator's stand in front and append to X-Forwarded-For. */
  trustedProxyHops?: number;
  /** Per-visitor and global limits; `false` switches the proxy's own limits off. */
  rateLimits?: { visitor?: RateLimitRule | false; global?: RateLimitRule | false } | false;
  rateLimitStore?: RateLimitStore;
  heartbeatMs?: number;
  idleTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** How to reach upstream; the Web-standard `fetch` unless a test or the simulator plugs in. */
  upstreamFetch?: (request: Request) => Promise<Response>;
  log?: (entry: ProxyLogEntry) => void;
  now?: () => number;
}

/** What a runtime adapter knows about the connection; Workers pass their ExecutionContext here. */
export interface ProxyRequestContext {
  clientAddress?: string;
}

export interface TotebotProxy {
  fetch(request: Request, env?: unknown, context?: ProxyRequestContext): Promise<Response>;
  /** From now on `/healthz` answers 503, so load balancers stop sending visitors here before shutdown. */
  drain(): void;
}

const CODE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
const AGENT_CACHE_MS = 5 * 60_000;
const METHOD_OVERRIDE_HEADERS = ['x-http-method-override', 'x-http-method', 'x-method-override'];

class Refusal extends Error {
  constructor(readonly response: Response) {
    super('refused');
  }
}

const unavailable = (code: string) => errorResponse(502, code, 'The assistant is unavailable right now.');

function buildProxy(options: ProxyOptions): TotebotProxy {
  const apiUrl = (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, '');
  const allowedOrigins = options.allowedOrigins ?? [];
  const upstreamFetch = options.upstreamFetch ?? ((request: Request) => fetch(request));
  const log = options.log ?? ((entry: ProxyLogEntry) => console.log(JSON.stringify(entry)));
  const now = options.now ?? Date.now;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 20_000;
  const trustedProxyHops = options.trustedProxyHops ?? 0;
  const guard: TrafficGuard | undefined =
    options.rateLimits === false
      ? undefined
      : createTrafficGuard({ ...options.rateLimits, ...(options.rateLimitStore && { store: options.rateLimitStore }), now });
  const tokens: Promise<ConversationTokens> = (async () =>
    createConversationTokens(
      createKeyring(options.proxySecrets?.length ? options.proxySecrets : [await deriveSecret(options.apiKey, 'conversation-tokens')]),
    ))();
  const identityKeyring: HmacKeyring | undefined = options.identitySecrets?.length ? createKeyring(options.identitySecrets) : undefined;
  let agentCache: { body: unknown; until: number } | undefined;
  let draining = false;
  let sequence = 0;

  async function requireConversationToken(request: Request, conversationId: string): Promise<void> {
    if (!(await (await tokens).check(conversationId, request.headers.get(CONVERSATION_TOKEN_HEADER)))) {
      throw new Refusal(errorResponse(403, 'conversation_forbidden', 'This conversation belongs to another visitor.'));
    }
  }

  /** The identity to forward: as given without an identity secret, else only if the store signed it. */
  async function identityToForward(identity: Identity | undefined, signature: string | undefined, entry: ProxyLogEntry) {
    if (!identity || !identityKeyring) return identity;
    if (await checkIdentitySignature(identityKeyring, { ...identity }, signature)) return identity;
    entry.note = 'identity_dropped';
    return undefined;
  }

  async function relayUpstreamError(upstream: Response): Promise<Response> {
    const { code } = adaptErrorBody(await upstream.json().catch(() => undefined));
    const safeCode = code && CODE_PATTERN.test(code) ? code : undefined;
    switch (upstream.status) {
      case 429: {
        const retryAfter = upstream.headers.get('retry-after');
        const seconds = guard ? guard.upstreamLimited(retryAfter) : clampRetryAfter(retryAfter);
        return errorResponse(429, 'rate_limited', 'The assistant is busy. Please try again shortly.', { 'retry-after': String(seconds) });
      }
      case 400:
      case 404:
      case 409:
      case 422:
        return errorResponse(upstream.status, safeCode ?? 'upstream_rejected', 'The assistant could not handle this request.');
      default:
        // 401/403 mean the proxy's key is wrong: the shopper cannot fix that, the operator's log says it.
        return unavailable(upstream.status === 401 || upstream.status === 403 ? 'upstream_auth' : 'upstream_error');
    }
  }

  async function callUpstream(route: RouteMatch, request: Request, body: string | undefined): Promise<Response> {
    const upstreamAbort = new AbortController();
    const abortUpstream = () => upstreamAbort.abort();
    // The browser going away aborts the upstream request too, for the whole stream.
    request.signal.addEventListener('abort', abortUpstream, { once: true });
    const connectTimer = setTimeout(abortUpstream, connectTimeoutMs);
    try {
      return await upstreamFetch(
        new Request(apiUrl + upstreamPath(route), {
          method: route.method,
          headers: {
            authorization: `Bearer ${options.apiKey}`,
            accept: route.name === 'chat' ? 'text/event-stream' : 'application/json',
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(body !== undefined && { body }),
          signal: upstreamAbort.signal,
        }),
      );
    } catch (error) {
      if (upstreamAbort.signal.aborted && !request.signal.aborted) {
        throw new Refusal(errorResponse(504, 'upstream_timeout', 'The assistant took too long to answer.'));
      }
      throw error;
    } finally {
      clearTimeout(connectTimer);
    }
  }

  async function forward(route: RouteMatch, request: Request, visitor: string, entry: ProxyLogEntry): Promise<Response> {
    let body: string | undefined;
    if (route.name === 'chat') {
      const { identitySignature, ...chat } = validateChatRequest(await readJsonBody(request));
      if (chat.conversationId) await requireConversationToken(request, chat.conversationId);
      const identity = await identityToForward(chat.identity, identitySignature, entry);
      body = JSON.stringify({ message: chat.message, ...(chat.conversationId && { conversationId: chat.conversationId }), ...(identity && { identity }) });
    } else if (route.name === 'feedback') {
      body = JSON.stringify(validateFeedbackRequest(await readJsonBody(request)));
    }
    if (route.conversationId) await requireConversationToken(request, route.conversationId);

    if (route.name === 'agent' && agentCache && agentCache.until > now()) return jsonResponse(200, agentCache.body);
    if (guard) {
      const admission = await guard.admit(visitor);
      if (!admission.allowed) {
        entry.note = `rate_limited_${admission.scope}`;
        return errorResponse(429, 'rate_limited', 'The assistant is busy. Please try again shortly.', {
          'retry-after': String(admission.retryAfterSeconds),
        });
      }
    }

    const upstream = await callUpstream(route, request, body);
    entry.upstreamStatus = upstream.status;
    if (!upstream.ok) return relayUpstreamError(upstream);

    if (route.name === 'chat') {
      if (!upstream.body || !(upstream.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        await upstream.body?.cancel();
        return unavailable('upstream_error');
      }
      const issued = await tokens;
      const stream = relaySse(upstream.body, {
        heartbeatMs,
        idleTimeoutMs,
        onConversationId: async (conversationId) =>
          encodeSseFrame({ type: 'conversation_token', conversationId, token: await issued.issue(conversationId) }),
      });
      return new Response(stream, { status: 200, headers: SSE_HEADERS });
    }
    const json: unknown = await upstream.json().catch(() => undefined);
    // A 200 that is not JSON (say, a maintenance page) is upstream's fault, not the network's.
    if (json === undefined) return unavailable('upstream_error');
    if (route.name === 'agent') {
      // Public display information only; cached, because every visitor shares the upstream budget.
      agentCache = { body: adaptAgent(json), until: now() + AGENT_CACHE_MS };
      return jsonResponse(200, agentCache.body);
    }
    return jsonResponse(200, json);
  }

  async function handle(request: Request, _env?: unknown, context?: ProxyRequestContext): Promise<Response> {
    const started = now();
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
      entry.durationMs = now() - started;
      log(entry);
      return response;
    };

    if (path === '/healthz' && (method === 'GET' || method === 'HEAD')) {
      // For load balancers: answered here, never forwarded, never rate limited, never logged.
      return draining
        ? errorResponse(503, 'draining', 'The proxy is shutting down.')
        : jsonResponse(200, { status: 'ok' });
    }
    const cors = corsPolicy(request, allowedOrigins);
    if (!isCanonicalPath(path)) return finish(errorResponse(400, 'invalid_path', 'The request path is not valid.'), cors.headers);
    if (METHOD_OVERRIDE_HEADERS.some((name) => request.headers.has(name))) {
      return finish(errorResponse(400, 'method_override_refused', 'Method override headers are not accepted.'), cors.headers);
    }
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
      const visitor = visitorAddress(request, context?.clientAddress, trustedProxyHops);
      return finish(await forward(route, request, visitor, entry), cors.headers);
    } catch (error) {
      if (error instanceof ValidationError) return finish(errorResponse(error.status, error.code, error.message), cors.headers);
      if (error instanceof Refusal) return finish(error.response, cors.headers);
      entry.error = request.signal.aborted ? 'client_aborted' : 'upstream_unreachable';
      return finish(errorResponse(502, 'upstream_unreachable', 'The assistant is unreachable right now.'), cors.headers);
    }
  }

  return {
    fetch: handle,
    drain: () => {
      draining = true;
    },
  };
}

/** Options where the runtime's bindings (Cloudflare Workers' `env`) may supply the key, URL and origins. */
export type ProxyOptionsWithBindings = Omit<ProxyOptions, 'apiKey'> & { apiKey?: string };

/** String bindings a runtime passes as `env`; anything else in it is ignored. */
function bindingsOf(env: unknown): Partial<Record<'TOTEBOT_API_KEY' | 'TOTEBOT_API_URL' | 'ALLOWED_ORIGINS', string>> {
  if (typeof env !== 'object' || env === null) return {};
  const source = env as Record<string, unknown>;
  const pick = (name: string) => (typeof source[name] === 'string' && source[name] ? (source[name] as string) : undefined);
  return {
    ...(pick('TOTEBOT_API_KEY') && { TOTEBOT_API_KEY: pick('TOTEBOT_API_KEY') }),
    ...(pick('TOTEBOT_API_URL') && { TOTEBOT_API_URL: pick('TOTEBOT_API_URL') }),
    ...(pick('ALLOWED_ORIGINS') && { ALLOWED_ORIGINS: pick('ALLOWED_ORIGINS') }),
  };
}

/**
 * The proxy. Options win; where `apiKey`, `apiUrl` or `allowedOrigins` is absent,
 * the `TOTEBOT_API_KEY`, `TOTEBOT_API_URL` and `ALLOWED_ORIGINS` bindings of the
 * `env` passed to `fetch` fill in, so `export default createProxy({})` is a
 * complete Cloudflare Worker. It is built on the first request and kept.
 */
export function createProxy(options: ProxyOptionsWithBindings): TotebotProxy {
  let built: TotebotProxy | undefined;
  let draining = false;
  const build = (env: unknown): TotebotProxy => {
    if (built) return built;
    const bindings = bindingsOf(env);
    const apiKey = options.apiKey ?? bindings.TOTEBOT_API_KEY;
    if (!apiKey) throw new Error('No Totebot API key: pass apiKey or bind TOTEBOT_API_KEY.');
    const apiUrl = options.apiUrl ?? bindings.TOTEBOT_API_URL;
    const allowedOrigins = options.allowedOrigins ?? (bindings.ALLOWED_ORIGINS ? parseOriginList(bindings.ALLOWED_ORIGINS) : undefined);
    built = buildProxy({ ...options, apiKey, ...(apiUrl && { apiUrl }), ...(allowedOrigins && { allowedOrigins }) });
    if (draining) built.drain();
    return built;
  };
  return {
    async fetch(request, env, context) {
      let proxy: TotebotProxy;
      try {
        proxy = build(env);
      } catch (error) {
        // A missing key is the operator's to fix: said in the operator's log, not to the visitor.
        console.error(`totebot-proxy: ${(error as Error).message}`);
        return errorResponse(503, 'not_configured', 'The assistant is not available.');
      }
      return proxy.fetch(request, env, context);
    },
    drain() {
      draining = true;
      built?.drain();
    },
  };
}
