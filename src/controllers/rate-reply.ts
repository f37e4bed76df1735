/**
 * Rating a reply, optimistically: the choice shows at once and is reverted, with a notice, if the proxy
 * refuses it. `null` withdraws the rating on this device only: the API has no value that clears one
 * (see state/feedback.ts).
 */
import type { ApiClient } from '../api/client.js';
import type { FeedbackValue } from '../protocol/events.js';
import type { ChatMessage } from '../state/conversation.js';
import { rate, revertRating } from '../state/feedback.js';

/** What rating needs of the conversation (ConversationController has it). */
export interface RatedConversation {
  readonly messages: readonly ChatMessage[];
  readonly conversationId: string | undefined;
  readonly conversationToken: string | undefined;
  change(key: string, change: (message: ChatMessage) => ChatMessage): void;
}

/** Sets the rating of the message `key`; resolves with whether it stands. */
export async function rateReply(conversation: RatedConversation, client: ApiClient, key: string, value: FeedbackValue | null): Promise<boolean> {
  const target = conversation.messages.find((message) => message.key === key);
  const { conversationId, conversationToken } = conversation;
  if (!target?.id || !conversationId) return false;
  conversation.change(key, (message) => rate(message, value));
  if (!value) return true;
  try {
    await client.sendFeedback({ conversationId, conversationToken }, target.id, value);
    return true;
  } catch {
    conversation.change(key, (message) => revertRating(message, target));
    return false;
  }
}
