/**
 * The same page loaded again, for browser tests of what survives a reload: once the device keeps what
 * `stored` looks for (by default the whole conversation), the element goes, `open` builds a new one, and
 * it is returned once it has restored the conversation, merged the proxy's history (every message has
 * its id) and read the device's copy (which the launcher's early request for the history may come before).
 */
import { waitUntil } from '@open-wc/testing';
import { loadSession } from '../../src/storage/session-store.js';
import { storeRequestsAnswered } from './held-session-store.js';
import type { TotebotChat } from '../../src/totebot-chat.js';

export async function reloadChat(
  element: TotebotChat,
  open: () => Promise<TotebotChat>,
  stored = (messages: readonly unknown[]) => messages.length === element.messages.length,
): Promise<TotebotChat> {
  const { conversationId } = element;
  element.remove();
  await waitUntil(async () => stored((await loadSession(location.origin))?.messages ?? []), 'the device keeps it');
  const next = await open();
  await waitUntil(() => next.conversationId === conversationId && next.messages.length === element.messages.length, 'restored');
  await waitUntil(() => next.messages.every((message) => message.id), "the proxy's history is in");
  await storeRequestsAnswered();
  await next.updateComplete;
  return next;
}
