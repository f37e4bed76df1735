/**
 * Which messages of a long conversation are rendered yet. A restored history
 * (200 messages, each with its Markdown) is too much for one task (issue #4):
 * the newest messages, the ones the shopper sees at the bottom of the log, are
 * rendered first, and the older ones a step at a time after that, each step in
 * a task of its own. Pure: the panel keeps the count and schedules the steps.
 */

/** Messages rendered first when a conversation appears all at once: more than a log's height of them. */
export const FIRST_REVEAL = 10;
/** Older messages added by each later step. */
export const REVEAL_STEP = 20;

/**
 * How many of the oldest messages stay unrendered once the list has `length`
 * messages, `hidden` having been unrendered out of `previousLength` before.
 * A list that appears where none was rendered shows its newest `first`; a list
 * that was already rendering keeps its progress (a new message goes at the end,
 * a reconciled history keeps its old messages), and never hides its newest ones.
 */
export function hiddenAfterChange(hidden: number, previousLength: number, length: number, first = FIRST_REVEAL): number {
  const mostHidden = Math.max(0, length - first);
  return previousLength - hidden <= 0 ? mostHidden : Math.min(hidden, mostHidden);
}

/** The count after one more step of older messages is rendered. */
export const revealStep = (hidden: number, step = REVEAL_STEP): number => Math.max(0, hidden - step);
