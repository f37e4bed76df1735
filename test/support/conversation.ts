/**
 * Conversations through a proxy: every chat stream carries a `conversation_token`
 * frame, and continuing, reading or rating that conversation needs the token back
 * in the `x-totebot-conversation-token` header.
 */
import assert from 'node:assert/strict';
import { CONVERSATION_TOKEN_HEADER, type ConversationTokenEvent } from '../../src/protocol/events.js';
import { postChat, type JsonRequestInit } from './http.js';
import { readSseEvents } from './sse.js';

export interface StartedConversation {
  conversationId: string;
  /** The token the proxy issued for `conversationId`. */
  token: string;
  /** The id of the assistant's reply. */
  messageId: string;
}

/** Starts a conversation through the proxy at `server.url`, reads the whole stream and returns its ids and token. */
export async function startConversation(server: { url: string }, message = 'hello', init?: JsonRequestInit): Promise<StartedConversation> {
  const response = await postChat(server.url, { message }, init);
  assert.equal(response.status, 200, 'the chat stream started');
  const { events } = await readSseEvents(response);
  const token = events.find((event): event is ConversationTokenEvent => event.type === 'conversation_token');
  const completed = events.find((event) => event.type === 'completed');
  assert.ok(token, 'the stream carries a conversation token');
  assert.ok(completed?.messageId, 'the stream completes with a message id');
  return { conversationId: token.conversationId, token: token.token, messageId: completed.messageId };
}

/** The header that proves the holder may use a conversation. */
export const tokenHeader = (token: string): Record<string, string> => ({ [CONVERSATION_TOKEN_HEADER]: token });
