/**
 * Keeps the device's copy of the conversation (state/cached-messages.ts) in step with what shows:
 * written whenever the conversation settles (a reply finished, history arrived, feedback changed),
 * once the stored session is read, after the frame that shows it (copying 200 messages into
 * IndexedDB in the same task would hold a restored history's first paint back). A reply still streaming
 * is written cut off as the element leaves or the page is hidden, so the next page can complete it.
 * Leaving is the last write: an answer that arrives after it (history, the stored session) is not stored,
 * since the page may have cleared the device meanwhile (a logout), and a removed widget must not bring it back.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toCached } from '../state/cached-messages.js';
import type { ChatMessage } from '../state/conversation.js';
import type { DeviceStore } from '../storage/device-store.js';
import { CACHED_MESSAGE_LIMIT } from '../storage/session-store.js';
import type { ConversationController } from './conversation-controller.js';
import { FrameScheduler } from './frame-scheduler.js';

export class CacheController implements ReactiveController {
  /** The list last written. */
  #written: readonly ChatMessage[] = [];
  /** The settled list a scheduled write is for: a newer one replaces it. */
  #pending: readonly ChatMessage[] = [];
  readonly #write = new FrameScheduler(() => this.#writeNow(this.#pending), true);
  readonly #conversation: ConversationController;
  readonly #device: DeviceStore;
  #connected = false;

  constructor(host: ReactiveControllerHost, conversation: ConversationController, device: DeviceStore) {
    this.#conversation = conversation;
    this.#device = device;
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    addEventListener('pagehide', this.#onPageHide);
  }

  hostUpdated(): void {
    const { messages, busy } = this.#conversation;
    if (!this.#connected || busy || messages === this.#written || !this.#device.loaded) return;
    this.#pending = messages;
    this.#write.schedule();
  }

  hostDisconnected(): void {
    this.#connected = false;
    removeEventListener('pagehide', this.#onPageHide);
    // A reply that settled, or was cut off, just before the element left the page is written now, not after it has gone.
    this.#write.cancel();
    this.#writeNow(this.#conversation.messages);
  }

  /** The shopper leaves while a reply streams: what shows of it is kept, to be completed from the proxy's history on the next page. */
  readonly #onPageHide = (): void => {
    if (this.#conversation.busy) this.#writeNow(this.#conversation.messages);
  };

  /** A failed first question is kept too, with no conversation yet; an empty list (a new conversation) writes nothing. */
  #writeNow(messages: readonly ChatMessage[]): void {
    if (messages === this.#written || !this.#device.loaded) return;
    this.#written = messages;
    if (messages.length > 0) this.#device.save({ messages: toCached(messages, CACHED_MESSAGE_LIMIT) });
  }
}
