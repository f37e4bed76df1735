/**
 * Owns one conversation's lifecycle on behalf of the element: sending, streaming
 * a reply into state, restoring history, feedback. One run at a time: a new send,
 * a reset or the element leaving the page aborts the run in flight, and results
 * of a stale run are ignored by run id.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, type ApiClient, type HistoryRequest } from '../api/client.js';
import type { FeedbackValue, Identity, TotebotStreamEvent } from '../protocol/events.js';
import {
  applyStreamEvent,
  assistantDraft,
  markFailed,
  isUnfinished,
  markInterrupted,
  userMessage,
  type ChatMessage,
} from '../state/conversation.js';
import { mergeHistory } from '../state/merge-history.js';
import { nextRevealLength, REVEAL_INTERVAL_MS, revealed } from '../state/reveal.js';
import { FrameScheduler } from './frame-scheduler.js';

/** How long to wait after a 429 that names no Retry-After. */
const DEFAULT_RETRY_SECONDS = 10;
/**
 * A reply cut off because the page went away is looked for in the proxy's history this often, this many
 * times (the agent may still be writing it): about half a minute, then it stays interrupted, with Retry.
 */
const RESUME_POLL_MS = 3_000;
const RESUME_POLLS = 10;

/** The chat was refused because the agent does not know the conversation, or the proxy no longer vouches for it. */
const isForgotten = (error: ApiError): boolean => error.status === 404 || (error.status === 403 && error.code === 'conversation_forbidden');

export interface ConversationCallbacks {
  /** The conversation (and the proxy's token for it) changed: persist it. */
  onConversation(conversationId: string | undefined, token: string | undefined): void;
  onStreamEvent(event: TotebotStreamEvent): void;
  onReply(message: ChatMessage): void;
  onError(error: ApiError): void;
  /** A busy proxy's wait is over: ask again the way the shopper's Retry does (tab lock, tab news, announcement). */
  onRetryDue(): void;
}

export class ConversationController implements ReactiveController {
  messages: readonly ChatMessage[] = [];
  conversationId: string | undefined;
  conversationToken: string | undefined;
  /** True while a reply streams. */
  busy = false;

  #run = 0;
  #abortController: AbortController | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #resumeTimer: ReturnType<typeof setTimeout> | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** A stream silent this long is ended and marked interrupted: the widget never stays "typing" forever. */
  idleTimeoutMs = 90_000;
  #countdown: ReturnType<typeof setInterval> | undefined;
  readonly #frames: FrameScheduler;
  /**
   * The reply in flight as received. The last message shows it frame by frame,
   * a bounded amount of new text per frame (see state/reveal.ts).
   */
  #reply: ChatMessage | undefined;
  /** Characters of `reply`'s text on screen. */
  #shown = 0;
  /** When a frame last showed more of `reply` (none yet: the first words show at once). */
  #shownAt = -Infinity;
  /** Ends the wait, after the stream, for the screen to catch up with the reply. */
  #caughtUp: (() => void) | undefined;

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
    this.#frames = new FrameScheduler(() => this.#showFrame());
  }

  hostDisconnected(): void {
    const streaming = this.busy;
    this.abort();
    this.#frames.cancel();
    // Cut off by leaving, not by a fault: the next page takes the reply from the proxy's history.
    if (streaming) this.#updateLast((message) => (message.status === 'interrupted' ? { ...message, resumable: true } : message));
  }

  /** Stops the reply in flight, if any, and any pending automatic retry. What shows of it stays; the rest is dropped. */
  abort(status: 'interrupted' | 'stopped' = 'interrupted'): void {
    this.#run += 1;
    this.#cancelRetryTimers();
    clearTimeout(this.#resumeTimer);
    clearTimeout(this.#idleTimer);
    this.#abortController?.abort();
    this.#abortController = undefined;
    this.#reply = undefined;
    this.#frames.cancel();
    this.#endReveal();
    if (this.busy) {
      this.busy = false;
      this.#updateLast((message) => markInterrupted(message, status));
      this.#host.requestUpdate();
    }
  }

  /** The shopper stopped the reply: what arrived stays, marked as stopped (the proxy then aborts upstream). */
  stop(): void {
    this.abort('stopped');
  }

  /** Forgets the conversation: the next message starts a new one. */
  reset(): void {
    this.abort();
    this.messages = [];
    this.#setConversation(undefined, undefined);
    this.#host.requestUpdate();
  }

  /** Shows messages cached on the device at once, before the proxy's history arrives. */
  showCached(messages: readonly ChatMessage[]): void {
    if (this.messages.length > 0 || messages.length === 0) return;
    this.messages = messages;
    this.#host.requestUpdate();
  }

  /**
   * Loads a conversation's history from the proxy (with the request already on its way, when the launcher
   * sent it); a conversation upstream no longer knows is dropped.
   */
  async restore(access: HistoryRequest, polls = RESUME_POLLS): Promise<void> {
    clearTimeout(this.#resumeTimer);
    const run = ++this.#run;
    if (access.conversationId !== this.conversationId || access.token !== this.conversationToken) this.#setConversation(access.conversationId, access.token);
    try {
      const history = await this.#client().getHistory(access);
      if (run !== this.#run) return;
      this.messages = mergeHistory(this.messages, history);
      const last = this.messages[this.messages.length - 1];
      if (last?.resumable) {
        // Not in the proxy's history yet: asked again a little later, and after the last time it is simply interrupted.
        if (polls > 0) this.#resumeTimer = setTimeout(() => void this.restore({ conversationId: access.conversationId, token: access.token }, polls - 1), RESUME_POLL_MS);
        else this.#updateLast(({ resumable, ...message }) => message);
      }
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

  /** Sends the shopper's message and streams the reply. */
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
    const abortController = (this.#abortController = new AbortController());
    const draft = assistantDraft();
    this.#reply = draft;
    this.#shown = 0;
    this.#shownAt = -Infinity;
    this.messages = [...this.messages, draft];
    this.busy = true;
    this.#host.requestUpdate();

    const request = {
      message: text,
      ...(this.conversationId && { conversationId: this.conversationId }),
      ...(identity && Object.keys(identity).length > 0 && { identity, ...(identitySignature && { identitySignature }) }),
    };
    // One timer that checks the time of the last event, not a timer re-armed for every token.
    let lastEventAt = performance.now();
    const watchIdle = (): void => {
      this.#idleTimer = setTimeout(
        () => {
          if (run !== this.#run) return;
          if (performance.now() - lastEventAt >= this.idleTimeoutMs) this.abort('interrupted');
          else watchIdle();
        },
        Math.max(0, this.idleTimeoutMs - (performance.now() - lastEventAt)),
      );
    };
    watchIdle();
    try {
      const outcome = await this.#client().streamChat(
        request,
        this.conversationToken,
        (event) => {
          if (run !== this.#run || !this.#reply) return;
          lastEventAt = performance.now();
          if (event.type === 'conversation_token') {
            if (!this.conversationId || this.conversationId === event.conversationId) {
              this.#setConversation(event.conversationId, event.token);
            }
            return;
          }
          if (!this.conversationId && event.conversationId) this.#setConversation(event.conversationId, undefined);
          // Only the reply as received changes here; what shows follows on the next frame.
          this.#reply = applyStreamEvent(this.#reply, event);
          this.#callbacks.onStreamEvent(event);
          this.#frames.schedule();
        },
        abortController.signal,
      );
      if (run !== this.#run) return;
      if (outcome === 'interrupted' && this.#reply) this.#reply = markInterrupted(this.#reply);
    } catch (error) {
      if (run !== this.#run) return;
      const apiError = error instanceof ApiError ? error : new ApiError(0, 'unreachable', String(error));
      if (!restarted && this.conversationId && isForgotten(apiError)) {
        clearTimeout(this.#idleTimer);
        this.#startAfresh(text);
        return this.#streamReply(text, identity, identitySignature, true);
      }
      const retryAt = apiError.status === 429 ? Date.now() + (apiError.retryAfterSeconds ?? DEFAULT_RETRY_SECONDS) * 1000 : undefined;
      if (this.#reply) {
        this.#reply = markFailed(this.#reply, {
          code: apiError.code,
          message: apiError.message,
          status: apiError.status,
          ...(retryAt !== undefined && { retryAt }),
        });
      }
      if (retryAt !== undefined) this.#retryWhenAllowed(retryAt);
      this.#callbacks.onError(apiError);
    }
    clearTimeout(this.#idleTimer);
    // The stream is over, but the last of a burst may still wait for its frames: the reply ends once it all shows.
    await this.#revealRest();
    if (run !== this.#run) return;
    this.#reply = undefined;
    this.busy = false;
    this.#abortController = undefined;
    this.#frames.cancel();
    this.#host.requestUpdate();
    const reply = this.messages[this.messages.length - 1];
    if (reply?.status === 'complete') this.#callbacks.onReply(reply);
  }

  /**
   * The agent no longer has the conversation (expired, or an upstream that restarted): what was on screen
   * belongs to it, so the log starts again from the shopper's message, marked with why. Asked once, in a new
   * conversation: the message is sent once more, never twice into the new one.
   */
  #startAfresh(text: string): void {
    this.#setConversation(undefined, undefined);
    this.#reply = undefined;
    this.#frames.cancel();
    this.messages = [{ ...userMessage(text), restarted: true }];
  }

  /** One frame: shows the next part of the reply's text (all of it in a hidden tab, which gets no frames to spread it over). */
  #showFrame(): void {
    const reply = this.#reply;
    if (!reply) return;
    const now = performance.now();
    if (!document.hidden && now - this.#shownAt < REVEAL_INTERVAL_MS) {
      // Too soon after the last: this frame shows nothing new (and so costs no layout or paint).
      this.#frames.schedule();
      return;
    }
    this.#shownAt = now;
    this.#shown = document.hidden ? reply.content.length : nextRevealLength(reply.content, this.#shown);
    this.#updateLast(() => revealed(reply, this.#shown));
    this.#host.requestUpdate();
    if (this.#shown < reply.content.length) this.#frames.schedule();
    else this.#endReveal();
  }

  /** Resolves once all of the reply shows, its final state included, or at once when the run is aborted meanwhile. */
  #revealRest(): Promise<void> {
    const reply = this.#reply;
    if (!reply) return Promise.resolve();
    if (document.hidden || this.#shown >= reply.content.length) {
      // Nothing left to spread over frames: the final state shows now, not a frame later.
      this.#frames.cancel();
      this.#shown = reply.content.length;
      this.#updateLast(() => reply);
      return Promise.resolve();
    }
    this.#frames.schedule();
    return new Promise((resolve) => (this.#caughtUp = resolve));
  }

  #endReveal(): void {
    const caughtUp = this.#caughtUp;
    this.#caughtUp = undefined;
    caughtUp?.();
  }

  /** Busy (429): count down where the shopper can see it, then ask again by itself. */
  #retryWhenAllowed(retryAt: number): void {
    this.#cancelRetryTimers();
    this.#countdown = setInterval(() => this.#host.requestUpdate(), 1000);
    this.#retryTimer = setTimeout(() => {
      this.#cancelRetryTimers();
      this.#callbacks.onRetryDue();
    }, Math.max(0, retryAt - Date.now()));
  }

  #cancelRetryTimers(): void {
    clearTimeout(this.#retryTimer);
    clearInterval(this.#countdown);
    this.#retryTimer = undefined;
    this.#countdown = undefined;
  }

  /** Optimistic: shows the choice at once, reverts it with a notice if the proxy refuses. */
  async setFeedback(key: string, value: FeedbackValue): Promise<boolean> {
    const target = this.messages.find((message) => message.key === key);
    if (!target?.id || !this.conversationId) return false;
    const previous = target.feedback;
    this.#replace(key, (message) => ({ ...message, feedback: value, feedbackFailed: false }));
    try {
      await this.#client().sendFeedback({ conversationId: this.conversationId, token: this.conversationToken }, target.id, value);
      return true;
    } catch {
      this.#replace(key, (message) => ({ ...message, feedback: previous, feedbackFailed: true }));
      return false;
    }
  }

  #setConversation(conversationId: string | undefined, token: string | undefined): void {
    this.conversationId = conversationId;
    this.conversationToken = token;
    this.#callbacks.onConversation(conversationId, token);
  }

  #replace(key: string, change: (message: ChatMessage) => ChatMessage): void {
    this.messages = this.messages.map((message) => (message.key === key ? change(message) : message));
    this.#host.requestUpdate();
  }

  /** The streaming reply is always last; changing it copies only the list's spine. */
  #updateLast(change: (message: ChatMessage) => ChatMessage): void {
    const last = this.messages[this.messages.length - 1];
    if (!last || last.role !== 'assistant') return;
    const next = this.messages.slice();
    next[next.length - 1] = change(last);
    this.messages = next;
  }
}
