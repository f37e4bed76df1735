/**
 * The history request on its own, small enough for the launcher, which sends it from the
 * session's hint while the panel chunk is still on its way; the panel's client
 * sends the same request for every later history.
 */
import { CONVERSATION_TOKEN_HEADER } from '../protocol/events.js';

/** Proof, issued by the proxy, that this visitor may use a conversation. */
export interface ConversationAccess {
  conversationId: string;
  conversationToken: string | undefined;
}

export const tokenHeader = (token: string | undefined): Record<string, string> => (token ? { [CONVERSATION_TOKEN_HEADER]: token } : {});

export const conversationUrl = (endpoint: string, conversationId: string) =>
  `${endpoint.replace(/\/+$/, '')}/v1/conversations/${encodeURIComponent(conversationId)}`;

/** GET …/messages for the conversation; the caller reads (and checks) the response. */
export function requestHistory(endpoint: string, access: ConversationAccess): Promise<Response> {
  return fetch(`${conversationUrl(endpoint, access.conversationId)}/messages`, {
    headers: { accept: 'application/json', ...tokenHeader(access.conversationToken) },
  });
}
