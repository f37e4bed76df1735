/**
 * Which messages enter the log with motion: the ones a turn adds after everything already shown (the
 * shopper's question, the reply to it). Older messages put above (a history revealed newest first) and
 * a list that replaces the log are not "added after": what is shown decides, not how new a key is. Pure.
 */

/** Keys of `next` after the last message it keeps from `previous`, and not in `previous`. */
export function appendedKeys(previous: readonly { key: string }[], next: readonly { key: string }[]): string[] {
  const before = new Set(previous.map((message) => message.key));
  let last = -1;
  next.forEach((message, index) => {
    if (before.has(message.key)) last = index;
  });
  return next.slice(last + 1).map((message) => message.key);
}
