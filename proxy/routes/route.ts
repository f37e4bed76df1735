/**
 * What a route of the proxy is: its method and path, what it checks and sends
 * upstream, and how it shapes upstream's answer. Each of the four routes the
 * widget needs is one module in this folder; nothing else is ever forwarded.
 */
import { CONVERSATION_TOKEN_HEADER } from '../../src/protocol/events.js';
import type { ProxyLogEntry } from '../log-entry.js';
import { ProxyError } from '../proxy-error.js';
import type { ConversationTokens, HmacKeyring } from '../signing.js';

export type RouteName = 'chat' | 'messages' | 'feedback' | 'agent';

/** A matched request: the route and the ids its path carried (validated by the pattern). */
export interface RouteMatch {
  name: RouteName;
  method: 'GET' | 'POST' | 'PATCH';
  conversationId?: string;
  messageId?: string;
}

/** A Totebot id as a regular-expression fragment; anything else (dots, slashes, percent signs) is refused. */
export const ID_SOURCE = '[A-Za-z0-9_-]{1,128}';
export const ID_PATTERN = new RegExp(`^${ID_SOURCE}$`);

/** What one proxy instance lends its routes. */
export interface RouteServices {
  tokens: Promise<ConversationTokens>;
  /** Set when identity must carry the store's signature to be forwarded. */
  identityKeyring: HmacKeyring | undefined;
  /** The agent's public display info, kept for a while: every visitor shares the upstream budget. */
  agentCache: { body: unknown; until: number } | undefined;
  heartbeatMs: number;
  idleTimeoutMs: number;
  now(): number;
  /** A chat stream opened; the returned function is called once when it ends, however it ends. */
  streamOpened(): () => void;
}

export interface RouteContext {
  request: Request;
  match: RouteMatch;
  services: RouteServices;
  /** The request's log line, for notes such as `identity_dropped`. */
  entry: ProxyLogEntry;
  /** The first byte of a streamed body leaves for the browser. */
  firstByte(): void;
}

/** What goes upstream; `respond` is the local answer when none needs to (a cached agent). */
export type Prepared = { body?: string; respond?: undefined } | { respond: Response };

export interface Route {
  name: RouteName;
  method: RouteMatch['method'];
  /** The whole path; capture groups are the conversation id, then the message id. */
  pattern: RegExp;
  /** What upstream answers in: the chat is a stream, the rest JSON. */
  accept: 'text/event-stream' | 'application/json';
  /** The upstream path, built from validated parts only, never from the client's path. */
  upstreamPath(match: RouteMatch): string;
  /** Validates everything the request carries and builds the body to forward; throws ProxyError. */
  prepare(context: RouteContext): Promise<Prepared>;
  /** Shapes upstream's 2xx answer for the browser. */
  respond(upstream: Response, context: RouteContext): Promise<Response>;
}

/** A conversation is continued, read or rated only by whoever holds its token. */
export async function requireConversationToken({ request, services }: RouteContext, conversationId: string): Promise<void> {
  if (!(await (await services.tokens).check(conversationId, request.headers.get(CONVERSATION_TOKEN_HEADER)))) {
    throw new ProxyError(403, 'conversation_forbidden', 'This conversation belongs to another visitor.');
  }
}

/** Upstream's JSON, or 502: a 200 that is not JSON (a maintenance page, say) is upstream's fault, not the network's. */
export async function upstreamJson(upstream: Response): Promise<unknown> {
  const json: unknown = await upstream.json().catch(() => undefined);
  if (json === undefined) throw new ProxyError(502, 'upstream_error', 'The assistant is unavailable right now.');
  return json;
}
