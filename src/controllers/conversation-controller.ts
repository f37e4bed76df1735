/**
 * Owns one conversation's lifecycle on behalf of the panel: sending, streaming a reply into state
 * (one ReplyRun for the request, one TextPacer for what shows), restoring history, feedback. One run at
 * a time: the panel queues a message sent while a reply streams behind it (TabSync.exclusive), and Stop,
 * a reset or the element leaving aborts the run in flight; results of a stale run are ignored by run id.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { chatRequest, failureOf, isForgotten } from '../api/chat-turn.js';
import { ApiError, type ApiClient, type HistoryRequest } from '../api/client.js';
import type { HistoryMessage, Identity, TotebotStreamEvent } from '../protocol/events.js';
import {
  applyStreamEvent,
  assistantDraft,
  markFailed,
  isUnfinished,
  markInterrupted,
  userMessage,
  withLastReply,
  withMessage,
  type ChatMessage,
} from '../state/conversation.js';
import { keepShown, mergeHistory } from '../state/merge-history.js';
import { DueTimer } from './due-timer.js';
import { ReplyRun } from './reply-run.js';
import { TextPacer } from './text-pacer.js';

/**
 * A reply cut off because the page went away is looked for in the proxy's history this often, this many
 * times (the agent may still be writing it): about half a minute, then it stays interrupted, with Retry.
 */
const RESUME_POLL_MS = 3_000;
const RESUME_POLLS = 10;

export interface ConversationCallbacks {
  /** The conversation (and the proxy's token for it) changed: persist it. */
  onConversation(conversationId: string | undefined, conversationToken: string | undefined): void;
  onStreamEvent(event: TotebotStreamEvent): void;
  onReply(message: ChatMessage): void;
  onError(error: ApiError): void;
  /** A busy proxy's wait is over: ask again the way the shopper's Retry does (tab lock, tab news, announcement). */
  onRetryDue(): void;
}

export interface ConversationSnapshot {
  messages: readonly ChatMessage[];
  conversationId: string | undefined;
  conversationToken: string | undefined;
}

export class ConversationController implements ReactiveController {
  messages: readonly ChatMessage[] = [];
  conversationId: string | undefined;
  conversationToken: string | undefined;
  /** True while a reply streams. */
  busy = false;

  #run = 0;
  #reply: ReplyRun | undefined;
  /** The automatic retry after a busy proxy's wait, counting down on screen. */
  readonly #retryDue = new DueTimer();
  /** The next look for a cut-off reply in the proxy's history. */
  readonly #resumeDue = new DueTimer();
  /** The proxy's history as last read, for the device's copy when it is read after it. */
  #history: readonly HistoryMessage[] | undefined;
  /** A stream silent this long is ended and marked interrupted: the widget never stays "typing" forever. */
  idleTimeoutMs = 90_000;
  /** Shows the reply in flight frame by frame; the last message is what it shows. */
  readonly #pacer = new TextPacer((shown) => {
    this.messages = withLastReply(this.messages, () => shown);
    this.#host.requestUpdate();
  });

  readonly #host: ReactiveControllerHost;
  readonly #client: () => ApiClient;
  readonly #callbacks: ConversationCallbacks;

  constructor(
    host: ReactiveControllerHost,
    client: () => ApiClient,
    callbacks: ConversationCallbacks,
  ) {
    this.#host = host;
    this.#client = client;
    this.#callbacks = callbacks;
    host.addController(this);
  }

  hostDisconnected(): void {
    const streaming = this.busy;
    this.abort();
    // Cut off by leaving, not by a fault: the next page takes the reply from the proxy's history.
    if (streaming) this.messages = withLastReply(this.messages, (message) => (message.status === 'interrupted' ? { ...message, resumable: true } : message));
  }

  /** Stops the reply in flight, if any, and any pending automatic retry. What shows of it stays; the rest is dropped. */
  abort(status: 'interrupted' | 'stopped' = 'interrupted'): void {
    this.#run += 1;
    this.#retryDue.cancel();
    this.#resumeDue.cancel();
    this.#reply?.abort();
    this.#reply = undefined;
    this.#pacer.cancel();
    if (this.busy) {
      this.busy = false;
      this.messages = withLastReply(this.messages, (message) => markInterrupted(message, status));
      this.#host.requestUpdate();
    }
  }

  /** The shopper stopped the reply: what arrived stays, marked as stopped (the proxy then aborts upstream). */
  stop(): void {
    this.abort('stopped');
  }

  /** Forgets the conversation: the next message starts a new one. */
  reset(): void {
    this.leave();
    this.#setConversation(undefined, undefined);
  }

  /** Brings back a conversation the shopper cleared a moment ago (Undo): on screen, stored, and the one replies continue. */
  resume(snapshot: ConversationSnapshot): void {
    this.abort();
    this.messages = snapshot.messages;
    this.#setConversation(snapshot.conversationId, snapshot.conversationToken);
    this.#host.requestUpdate();
  }

  /** What `resume` takes back. */
  get snapshot(): ConversationSnapshot {
    return { messages: this.messages, conversationId: this.conversationId, conversationToken: this.conversationToken };
  }

  /**
   * The widget moved to another proxy: what shows belongs to the old one, which keeps it stored, so it
   * goes from the screen without being forgotten there.
   */
  leave(): void {
    this.abort();
    this.messages = [];
    this.#history = undefined;
    this.conversationId = this.conversationToken = undefined;
    this.#host.requestUpdate();
  }

  /** Shows messages cached on the device at once, before the proxy's history arrives. */
  showCached(messages: readonly ChatMessage[]): void {
    if (this.messages.length > 0 || messages.length === 0) return;
    this.messages = messages;
    this.#host.requestUpdate();
  }

  /**
   * The device's copy, read after the proxy's history was shown: merged in the same way, so what only the
   * device knows (failed replies, cards) comes back, and messages that read the same keep their DOM.
   */
  mergeCached(cached: readonly ChatMessage[]): void {
    if (this.busy || cached.length === 0) return;
    const history = this.#history;
    if (!history || !this.conversationId) return this.showCached(cached);
    this.messages = keepShown(this.messages, mergeHistory(cached, history));
    this.#resumeIfCut({ conversationId: this.conversationId, conversationToken: this.conversationToken }, RESUME_POLLS);
    this.#host.requestUpdate();
  }

  /**
   * Loads a conversation's history from the proxy (with the request already on its way, when the launcher
   * sent it); a conversation upstream no longer knows is dropped.
   */
  async restore(access: HistoryRequest, polls = RESUME_POLLS): Promise<void> {
    this.#resumeDue.cancel();
    const run = ++this.#run;
    if (access.conversationId !== this.conversationId || access.conversationToken !== this.conversationToken) this.#setConversation(access.conversationId, access.conversationToken);
    try {
      const history = await this.#client().getHistory(access);
      if (run !== this.#run) return;
      this.#history = history;
      this.messages = mergeHistory(this.messages, history);
      this.#resumeIfCut(access, polls);
    } catch (error) {
      if (run !== this.#run) return;
      const apiError = error instanceof ApiError ? error : new ApiError(0, 'unreachable', String(error));
      // Gone upstream, or not this visitor's (an old or foreign token): start afresh.
      if (apiError.status === 404 || apiError.status === 403) {
        this.messages = [];
        this.#setConversation(undefined, undefined);
      } else {
        // Offline or the proxy is down: the cached messages stay on screen.
        this.#callbacks.onError(apiError);
      }
    }
    this.#host.requestUpdate();
  }

  /** A reply cut off by leaving the page, not in the proxy's history yet: asked again a little later; after the last time it is simply interrupted. */
  #resumeIfCut(access: HistoryRequest, polls: number): void {
    if (!this.messages[this.messages.length - 1]?.resumable) return;
    const again = { conversationId: access.conversationId, conversationToken: access.conversationToken };
    if (polls > 0) this.#resumeDue.schedule(RESUME_POLL_MS, () => void this.restore(again, polls - 1));
    else this.messages = withLastReply(this.messages, ({ resumable, ...message }) => message);
  }

  /** Sends the shopper's message and streams the reply (a pending automatic retry or history poll is dropped). */
  async send(text: string, identity: Identity | undefined, identitySignature?: string): Promise<void> {
    this.abort();
    this.messages = [...this.messages, userMessage(text)];
    await this.#streamReply(text, identity, identitySignature);
  }

  /** True when the last reply failed or was cut off, so `retry()` can ask again. */
  get canRetry(): boolean {
    return !this.busy && isUnfinished(this.messages[this.messages.length - 1]);
  }

  /** Asks again for the last reply, without a second copy of the shopper's message. */
  async retry(identity: Identity | undefined, identitySignature?: string): Promise<void> {
    if (!this.canRetry) return;
    const question = this.messages[this.messages.length - 2];
    if (question?.role !== 'user') return;
    this.abort();
    this.messages = this.messages.slice(0, -1);
    await this.#streamReply(question.content, identity, identitySignature);
  }

  async #streamReply(text: string, identity: Identity | undefined, identitySignature: string | undefined, restarted = false): Promise<void> {
    const run = this.#run;
    const draft = assistantDraft();
    this.#pacer.start(draft);
    this.messages = [...this.messages, draft];
    this.busy = true;
    this.#host.requestUpdate();

    const request = chatRequest(text, this.conversationId, identity, identitySignature);
    const reply = (this.#reply = new ReplyRun(this.#client(), request, this.conversationToken, this.idleTimeoutMs, (event) => {
      const received = this.#pacer.reply;
      if (run !== this.#run || !received) return;
      if (event.type === 'conversation_token') {
        if (!this.conversationId || this.conversationId === event.conversationId) this.#setConversation(event.conversationId, event.token);
        return;
      }
      if (!this.conversationId && event.conversationId) this.#setConversation(event.conversationId, undefined);
      // Only the reply as received changes here; what shows follows on a coming frame.
      this.#pacer.update(applyStreamEvent(received, event));
      this.#callbacks.onStreamEvent(event);
    }));
    try {
      const outcome = await reply.outcome;
      if (run !== this.#run) return;
      const received = this.#pacer.reply;
      if ((outcome === 'interrupted' || outcome === 'idle') && received) this.#pacer.update(markInterrupted(received));
    } catch (error) {
      if (run !== this.#run) return;
      const apiError = error as ApiError;
      if (!restarted && this.conversationId && isForgotten(apiError)) {
        this.#startAfresh(text);
        return this.#streamReply(text, identity, identitySignature, true);
      }
      const failure = failureOf(apiError, Date.now());
      const received = this.#pacer.reply;
      if (received) this.#pacer.update(markFailed(received, failure));
      // Busy (429): count down where the shopper can see it, then ask again the way Retry does.
      const { retryAt } = failure;
      if (retryAt !== undefined) this.#retryDue.schedule(retryAt - Date.now(), () => this.#callbacks.onRetryDue(), () => this.#host.requestUpdate());
      this.#callbacks.onError(apiError);
    }
    // The stream is over, but the last of a burst may still wait for its frames: the reply ends once it all shows.
    await this.#pacer.finish();
    if (run !== this.#run) return;
    this.#pacer.cancel();
    this.#reply = undefined;
    this.busy = false;
    this.#host.requestUpdate();
    const last = this.messages[this.messages.length - 1];
    if (last?.status === 'complete') this.#callbacks.onReply(last);
  }

  /**
   * The agent no longer has the conversation (expired, or an upstream that restarted): what was on screen
   * belongs to it, so the log starts again from the shopper's message, marked with why. Asked once, in a new
   * conversation: the message is sent once more, never twice into the new one.
   */
  #startAfresh(text: string): void {
    this.#setConversation(undefined, undefined);
    this.#pacer.cancel();
    this.messages = [{ ...userMessage(text), restarted: true }];
  }

  /** Changes one message the shopper acted on (a card's add-to-cart outcome), the reply still streaming included. */
  change(key: string, change: (message: ChatMessage) => ChatMessage): void {
    const received = this.#pacer.reply;
    if (received?.key === key) this.#pacer.update(change(received));
    this.messages = withMessage(this.messages, key, change);
    this.#host.requestUpdate();
  }

  #setConversation(conversationId: string | undefined, conversationToken: string | undefined): void {
    this.conversationId = conversationId;
    this.conversationToken = conversationToken;
    this.#callbacks.onConversation(conversationId, conversationToken);
  }
}
