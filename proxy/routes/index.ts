/**
 * The proxy's allow-list: the four routes the widget needs, matched exactly.
 * Anything else is answered locally and never reaches Totebot.
 */
import { agentRoute } from './agent.js';
import { chatRoute } from './chat.js';
import { feedbackRoute } from './feedback.js';
import { messagesRoute } from './messages.js';
import type { Route, RouteMatch, RouteName } from './route.js';

export { ID_PATTERN, ID_SOURCE, type Route, type RouteContext, type RouteMatch, type RouteName, type RouteServices } from './route.js';

export const ROUTES: Readonly<Record<RouteName, Route>> = {
  chat: chatRoute,
  agent: agentRoute,
  messages: messagesRoute,
  feedback: feedbackRoute,
};

export type RouteResult =
  | { ok: true; route: RouteMatch }
  | { ok: false; status: 404 }
  | { ok: false; status: 405; name: RouteName; allow: string };

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
  for (const route of Object.values(ROUTES)) {
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
export const upstreamPath = (match: RouteMatch): string => ROUTES[match.name].upstreamPath(match);
