/**
 * Which messages of a long conversation are rendered yet. A restored history
 * (200 messages, each with its Markdown) is too much for one task:
 * the newest messages, the ones the shopper sees at the bottom of the log, are
 * rendered first, and the older ones a step at a time after that, each step in
 * a task of its own. Pure: the panel keeps the count and schedules the steps.
 */

/** The most messages rendered first when a conversation appears all at once. */
export const FIRST_REVEAL = 10;
/**
 * Characters of text that fill more than a log's height (about 45 characters a line in a 420 px
 * panel, 22 px lines: 1,000 characters of Markdown laid out about 900 px, twice a 430 px log and
 * more than a launcher panel's): the first render stops once the newest messages hold this much.
 * Each message rendered first is Markdown to parse and text to lay out before the first paint, so
 * no more than a screenful is (each further message costs that paint several milliseconds).
 */
export const FIRST_REVEAL_CHARS = 1_000;
/** Messages rendered first however long they are: a question and its answer. */
const FIRST_REVEAL_LEAST = 2;
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

/**
 * How many of the newest `messages` to render first: enough of them to hold `chars` characters
 * (a log's height or more), between 2 and `most`.
 */
export function firstRevealCount(messages: readonly { content: string }[], chars = FIRST_REVEAL_CHARS, most = FIRST_REVEAL): number {
  let count = 0;
  for (let index = messages.length - 1, total = 0; index >= 0 && count < most && (total < chars || count < FIRST_REVEAL_LEAST); index--) {
    total += messages[index]!.content.length;
    count += 1;
  }
  return count;
}

/** The count after one more step of older messages is rendered. */
export const revealStep = (hidden: number, step = REVEAL_STEP): number => Math.max(0, hidden - step);
