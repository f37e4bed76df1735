/**
 * What one chat turn sends and what its failure means, pure: the request body the proxy accepts, the
 * failure a reply shows, and whether the agent has forgotten the conversation.
 */
import type { Identity, ProxyChatRequest } from '../protocol/events.js';
import type { MessageError } from '../state/conversation.js';
import type { ApiError } from './client.js';

/** How long to wait after a 429 that names no Retry-After. */
const DEFAULT_RETRY_SECONDS = 10;

/** The body of POST /v1/chat: no empty conversation id, and a signature only with an identity it signs. */
export function chatRequest(
  message: string,
  conversationId: string | undefined,
  identity: Identity | undefined,
  identitySignature: string | undefined,
): ProxyChatRequest {
  return {
    message,
    ...(conversationId && { conversationId }),
    ...(identity && Object.keys(identity).length > 0 && { identity, ...(identitySignature && { identitySignature }) }),
  };
}

/** The failure a reply shows; a busy proxy's (429) says when the widget asks again by itself. */
export function failureOf(error: ApiError, now: number): MessageError {
  const retryAt = error.status === 429 ? now + (error.retryAfterSeconds ?? DEFAULT_RETRY_SECONDS) * 1000 : undefined;
  return { code: error.code, message: error.message, status: error.status, ...(retryAt !== undefined && { retryAt }) };
}

/** The chat was refused because the agent does not know the conversation, or the proxy no longer vouches for it. */
export const isForgotten = (error: ApiError): boolean =>
  error.status === 404 || (error.status === 403 && error.code === 'conversation_forbidden');
