/**
 * Carries out the restore plan (state/restore-plan.ts): takes the launcher's early history
 * request, waits for the stored session, and shows the device's copy or the proxy's history.
 * `phase` is the one thing rendering reads: while `restoring`, the log shows neither the welcome
 * nor an empty panel that the history would replace a moment later.
 */
import type { EarlyHistory } from '../early-history.js';
import type { PanelHost } from '../panel/panel-host.js';
import { fromCached } from '../state/cached-messages.js';
import { planFromStored, takeEarlyHistory } from '../state/restore-plan.js';
import { CACHED_MESSAGE_LIMIT, type StoredSession } from '../storage/session-store.js';
import type { ConversationController } from './conversation-controller.js';
import type { DeviceStore } from '../storage/device-store.js';

export type RestorePhase = 'restoring' | 'settled';

export class RestoreController {
  phase: RestorePhase = 'settled';
  /** The conversation taken from the launcher's hint, until the stored session is read. */
  #hinted: string | undefined;
  readonly #host: PanelHost;
  readonly #conversation: ConversationController;
  readonly #device: DeviceStore;

  constructor(host: PanelHost, conversation: ConversationController, session: DeviceStore) {
    this.#host = host;
    this.#conversation = conversation;
    this.#device = session;
  }

  /**
   * Shows the stored conversation's history without waiting for IndexedDB, from the request the
   * launcher sent as this chunk began to load.
   */
  begin(early: EarlyHistory | undefined): void {
    const host = this.#host;
    const conversation = this.#conversation;
    const screen = { conversationId: conversation.conversationId, messageCount: conversation.messages.length };
    if (!early || !takeEarlyHistory(early, { scope: host.storageScope, identity: host.identity, storedRead: this.#device.loaded, screen })) return;
    this.#hinted = early.conversationId;
    this.phase = 'restoring';
    // Until both have answered: a proxy that fails fast must not flash the welcome before the cached messages.
    void Promise.allSettled([conversation.restore(early), this.#device.ready]).then(() => {
      this.phase = 'settled';
      host.requestUpdate();
    });
  }

  /** The stored session as read from the device. */
  stored(stored: StoredSession): void {
    const host = this.#host;
    const conversation = this.#conversation;
    const hinted = this.#hinted;
    this.#hinted = undefined;
    const plan = planFromStored({
      stored,
      identity: host.identity,
      hinted,
      screen: { conversationId: conversation.conversationId, messageCount: conversation.messages.length },
      cachedMessages: stored.messages?.length ?? 0,
    });
    if (plan.forgetStoredConversation) {
      this.#device.save({ conversationId: undefined, conversationToken: undefined, messages: undefined, identity: host.identity });
    } else if (host.identity) {
      this.#device.save({ identity: host.identity });
    }
    // Read only when shown (not at all once the history is in: 200 messages of work before the first paint).
    const cached = () => fromCached((stored.messages ?? []).slice(-CACHED_MESSAGE_LIMIT));
    switch (plan.step) {
      case 'show-cache':
      case 'show-cache-only':
        conversation.showCached(cached());
        break;
      case 'merge-cache':
        conversation.mergeCached(cached());
        break;
      case 'show-cache-and-fetch':
        conversation.showCached(cached());
        void conversation.restore({ conversationId: stored.conversationId!, token: stored.conversationToken });
        break;
      case 'drop':
        conversation.reset();
        break;
    }
    host.requestUpdate();
  }
}
