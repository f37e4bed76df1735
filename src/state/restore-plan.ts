/**
 * How a conversation comes back when the panel loads, decided in two steps, both pure:
 *
 * 1. `takeEarlyHistory`: the launcher read the session's synchronous hint and sent the history
 *    request as the panel chunk began to load. The panel takes that request only for the same
 *    proxy, before anything else is known or shown, and only if it is this visitor's.
 * 2. `planFromStored`: once the stored session is read (IndexedDB, the authority), what to show:
 *    the device's copy while the proxy's history is on its way, a history still to ask for, or
 *    nothing of a conversation the record no longer holds for this person.
 */
import { isVisitors, sameIdentity, type Identity } from '../protocol/events.js';

/** What the panel shows now. */
export interface OnScreen {
  conversationId: string | undefined;
  messageCount: number;
}

export interface EarlyHistoryFacts {
  /** The proxy the launcher asked (its storage scope). */
  scope: string;
  /** `identity.id` of the visitor the hinted conversation belongs to. */
  identityId: string | undefined;
}

export function takeEarlyHistory(
  early: EarlyHistoryFacts | undefined,
  now: { scope: string; identity: Identity | undefined; storedRead: boolean; screen: OnScreen },
): boolean {
  if (!early || early.scope !== now.scope || now.storedRead) return false;
  if (now.screen.conversationId || now.screen.messageCount > 0) return false;
  // Asked again: the page may have said who the visitor is since the request left.
  return isVisitors(early.identityId, now.identity);
}

export interface StoredFacts {
  conversationId?: string | undefined;
  identity?: Identity | undefined;
}

/**
 * - `keep`: what is on screen stays (nothing stored, or the shopper already moved on).
 * - `show-cache`: the stored conversation's history is already on its way: the device's copy shows until it arrives.
 * - `merge-cache`: the stored conversation's history came in before the device's copy was read: what only the
 *   device knows (a stopped, failed or cut-off reply, a question the agent never got) is merged into it.
 * - `show-cache-and-fetch`: the device's copy shows, and the stored conversation's history is asked for.
 * - `show-cache-only`: what the device keeps of a conversation the agent never began (its first question failed).
 * - `drop`: the hinted conversation is not the one stored for this person (expired, forgotten, someone else's).
 */
export type RestoreStep = 'keep' | 'show-cache' | 'merge-cache' | 'show-cache-and-fetch' | 'show-cache-only' | 'drop';

export interface RestorePlan {
  step: RestoreStep;
  /** The stored conversation is another person's: it is forgotten on this device. */
  forgetStoredConversation: boolean;
}

export function planFromStored(input: {
  stored: StoredFacts;
  /** The visitor as the page says. */
  identity: Identity | undefined;
  /** The conversation taken from the hint, if any. */
  hinted: string | undefined;
  screen: OnScreen;
  /** Messages the device keeps with the stored session. */
  cachedMessages?: number;
}): RestorePlan {
  const { stored, identity, hinted, screen } = input;
  // A page that already says who the visitor is wins over what was stored; another person's chat is not restored.
  const samePerson = !identity || sameIdentity(identity, stored.identity);
  const plan = (step: RestoreStep): RestorePlan => ({ step, forgetStoredConversation: !samePerson });
  const showsHinted = hinted !== undefined && screen.conversationId === hinted;
  const nothingShown = !screen.conversationId && screen.messageCount === 0;
  if (!samePerson) return plan(showsHinted ? 'drop' : 'keep');
  if (!stored.conversationId) return plan(showsHinted ? 'drop' : nothingShown && (input.cachedMessages ?? 0) > 0 ? 'show-cache-only' : 'keep');
  if (hinted === stored.conversationId) {
    if (!showsHinted) return plan('keep');
    return plan(screen.messageCount === 0 ? 'show-cache' : (input.cachedMessages ?? 0) > 0 ? 'merge-cache' : 'keep');
  }
  return plan(showsHinted || nothingShown ? 'show-cache-and-fetch' : 'keep');
}
