/**
 * A reply's rating as the shopper sees it. The API takes `POSITIVE` or `NEGATIVE` and has no value that
 * clears a rating (shared/totebot-api.md, PATCH …/feedback), so withdrawing one is this device's alone: the
 * reply shows no rating, and remembers the one the agent still holds (`withdrawnFeedback`), so the proxy's
 * history does not bring it back. Sending the opposite rating instead would record an opinion the shopper
 * never gave. Pure.
 */
import type { FeedbackValue } from '../protocol/events.js';

interface Rated {
  feedback: FeedbackValue | null;
  /** The agent's rating of a reply whose rating the shopper withdrew here. */
  withdrawnFeedback?: FeedbackValue;
  feedbackFailed?: boolean;
}

/** `message` rated `value`, or with its rating withdrawn (`null`). */
export function rate<Message extends Rated>(message: Message, value: FeedbackValue | null): Message {
  const { withdrawnFeedback, ...rest } = message;
  const withdrawn = value ? undefined : (message.feedback ?? withdrawnFeedback);
  return { ...rest, feedback: value, feedbackFailed: false, ...(withdrawn && { withdrawnFeedback: withdrawn }) } as Message;
}

/** `message` with the rating it had `before`, after the proxy refused the new one. */
export function revertRating<Message extends Rated>(message: Message, before: Rated): Message {
  const { withdrawnFeedback: _, ...rest } = message;
  return { ...rest, feedback: before.feedback, feedbackFailed: true, ...(before.withdrawnFeedback && { withdrawnFeedback: before.withdrawnFeedback }) } as Message;
}

/**
 * `message` with the rating the proxy's history gives it. One the shopper withdrew here stays withdrawn while
 * the agent holds that same rating; a different one (rated in another tab or on another device) is taken.
 */
export function withHistoryRating<Message extends Rated>(message: Message, value: FeedbackValue | null): Message {
  if ((message.withdrawnFeedback ?? message.feedback) === value) return message;
  const { withdrawnFeedback: _, ...rest } = message;
  return { ...rest, feedback: value } as Message;
}
