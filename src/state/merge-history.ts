/**
 * The proxy's history merged with what the shopper saw. The proxy is the authority for what the
 * agent and the shopper said; the device's copy adds what only this device knows: a reply that
 * failed, was stopped or was cut off, and a question that never reached the agent. Pure.
 *
 * - Messages the proxy confirms keep their objects (and so their keys and DOM): same id, or, for
 *   the shopper's messages sent from this page (which have no id), the same text in order.
 * - A question asked again (Retry) is in the proxy's history twice in a row: it shows once.
 * - A failed, stopped or interrupted reply stays as it was seen, after its question; the proxy's
 *   reply to that question, if it has one, does not show beside it.
 * - A reply cut off because the page went away (`resumable`) gives way to the proxy's.
 * - A finished message the proxy no longer has goes.
 */
import type { HistoryMessage } from '../protocol/events.js';
import { fromHistory, isUnfinished, type ChatMessage } from './conversation.js';
import { withHistoryRating } from './feedback.js';

/** Drops a question that the next message repeats: the agent got it twice because it was asked again. */
function withoutRetriedQuestions(history: readonly HistoryMessage[]): HistoryMessage[] {
  return history.filter((entry, index) => {
    const next = history[index + 1];
    return !(entry.role === 'user' && next?.role === 'user' && next.content === entry.content);
  });
}

export function mergeHistory(shown: readonly ChatMessage[], history: readonly HistoryMessage[]): ChatMessage[] {
  const byId = new Map(shown.filter((message) => message.id).map((message) => [message.id, message]));
  /** Where each kept message of `shown` is in the result. */
  const placed = new Map<ChatMessage, number>();
  /** The result's entries that come from the proxy and match nothing shown. */
  const unmatched = new Set<number>();
  const result: ChatMessage[] = [];
  let cursor = 0;
  for (const entry of withoutRetriedQuestions(history)) {
    let known = entry.id ? byId.get(entry.id) : undefined;
    if (!known && entry.role === 'user') {
      // The shopper's messages sent from this page have no id: the next one with the same text is it.
      for (let at = cursor; at < shown.length; at += 1) {
        const candidate = shown[at]!;
        if (candidate.role === 'user' && !candidate.id && candidate.content === entry.content && !placed.has(candidate)) {
          known = candidate;
          break;
        }
      }
    }
    if (known && known.role === entry.role && !placed.has(known)) {
      cursor = Math.max(cursor, shown.indexOf(known) + 1);
      placed.set(known, result.length);
      result.push(kept(known, entry));
    } else {
      unmatched.add(result.length);
      result.push(fromHistory(entry));
    }
  }
  // What only this device knows goes in after the message shown before it (or first, if none was kept).
  const after = new Map<number, ChatMessage[]>();
  let anchor = -1;
  /** The message last kept from the proxy's history is a question, with nothing of this device's after it yet. */
  let afterQuestion = false;
  for (const message of shown) {
    const at = placed.get(message);
    if (at !== undefined) {
      anchor = at;
      afterQuestion = message.role === 'user';
      continue;
    }
    if (!isLocal(message)) continue;
    const answer = anchor + 1;
    // The proxy's own reply to that question, where the shopper saw this one instead.
    if (afterQuestion && message.role === 'assistant' && unmatched.has(answer) && result[answer]!.role === 'assistant') {
      if (message.resumable) continue;
      unmatched.delete(answer);
      result[answer] = SUPERSEDED;
    }
    afterQuestion = false;
    after.set(anchor, [...(after.get(anchor) ?? []), message]);
  }
  const merged: ChatMessage[] = [...(after.get(-1) ?? [])];
  result.forEach((message, index) => {
    if (message !== SUPERSEDED) merged.push(message);
    merged.push(...(after.get(index) ?? []));
  });
  return merged;
}

const SUPERSEDED = {} as ChatMessage;

/** Only this device knows it: an unfinished reply, or a question the agent never got. */
const isLocal = (message: ChatMessage): boolean => isUnfinished(message) || (message.role === 'user' && !message.id);

/** The message on screen, as the proxy now has it: the same object where nothing the shopper sees changed. */
function kept(known: ChatMessage, entry: HistoryMessage): ChatMessage {
  // A stopped or failed reply stays as it was seen; a cut-off one takes the proxy's whole text.
  if (isUnfinished(known) && !known.resumable) return known;
  if (known.status !== 'complete' || known.content !== entry.content) return fromHistory(entry);
  const withId = known.id || !entry.id ? known : { ...known, id: entry.id };
  return withHistoryRating(withId, entry.feedback);
}

/**
 * `merged`, with each message that reads exactly as one already on screen replaced by that one, so its
 * key and DOM stay: for the device's copy merged in after the proxy's history was shown.
 */
export function keepShown(shown: readonly ChatMessage[], merged: readonly ChatMessage[]): ChatMessage[] {
  const byId = new Map(shown.filter((message) => message.id).map((message) => [message.id, message]));
  return merged.map((message) => {
    const same = message.id ? byId.get(message.id) : undefined;
    return same && readsAs(same, message) ? same : message;
  });
}

/** Nothing the shopper would see differs: the same text, state and rating, and nothing only the device kept. */
const readsAs = (shown: ChatMessage, message: ChatMessage): boolean =>
  shown.role === message.role &&
  shown.content === message.content &&
  shown.status === message.status &&
  shown.feedback === message.feedback &&
  !message.withdrawnFeedback &&
  message.chips.length === 0 &&
  !message.products &&
  !message.suggestions &&
  !message.cart &&
  !message.restarted;
