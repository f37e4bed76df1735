/**
 * The proxy's allow-list: the four routes the widget needs, matched exactly.
 * Anything else is answered locally and never reaches Totebot.
 */
export type RouteName = 'chat' | 'messages' | 'feedback' | 'agent';

export interface RouteMatch {
  name: RouteName;
  method: 'GET' | 'POST' | 'PATCH';
  conversationId?: string;
  messageId?: string;
}

export type RouteResult =
  | { ok: true; route: RouteMatch }
  | { ok: false; status: 404 }
  | { ok: false; status: 405; name: RouteName; allow: string };

/** A Totebot id as a regular-expression fragment; anything else (dots, slashes, percent signs) is refused. */
export const ID_SOURCE = '[A-Za-z0-9_-]{1,128}';
export const ID_PATTERN = new RegExp(`^${ID_SOURCE}$`);

const ROUTES: { name: RouteName; method: RouteMatch['method']; pattern: RegExp }[] = [
  { name: 'chat', method: 'POST', pattern: /^\/v1\/chat$/ },
  { name: 'agent', method: 'GET', pattern: /^\/v1\/agent$/ },
  { name: 'messages', method: 'GET', pattern: new RegExp(`^/v1/conversations/(${ID_SOURCE})/messages$`) },
  {
    name: 'feedback',
    method: 'PATCH',
    pattern: new RegExp(`^/v1/conversations/(${ID_SOURCE})/messages/(${ID_SOURCE})/feedback$`),
  },
];

/**
 * A path the URL parser left as the client sent it: no percent-encoding (ids
 * never need it, and `%2F` would smuggle a separator), no empty or dot segments,
 * no backslashes.
 */
export function isCanonicalPath(path: string): boolean {
  return path.startsWith('/') && !/[%\\]|\/\/|(^|\/)\.{1,2}(\/|$)/.test(path);
}

/** Matches a request path; `method` OPTIONS matches any allowed route (CORS preflight). */
export function matchRoute(method: string, path: string): RouteResult {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (method !== route.method && method !== 'OPTIONS') return { ok: false, status: 405, name: route.name, allow: route.method };
    return {
      ok: true,
      route: {
        name: route.name,
        method: route.method,
        ...(match[1] !== undefined && { conversationId: match[1] }),
        ...(match[2] !== undefined && { messageId: match[2] }),
      },
    };
  }
  return { ok: false, status: 404 };
}

/** The upstream path, built from validated parts only, never from the client's path. */
export function upstreamPath(route: RouteMatch): string {
  switch (route.name) {
    case 'chat':
      return '/v1/chat';
    case 'agent':
      return '/v1/agent';
    case 'messages':
      return `/v1/conversations/${route.conversationId}/messages`;
    case 'feedback':
      return `/v1/conversations/${route.conversationId}/messages/${route.messageId}/feedback`;
  }
}
