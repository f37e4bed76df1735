/**
 * Owns one conversation's lifecycle on behalf of the element: sending, streaming
 * a reply into state, restoring history, feedback. One run at a time: a new send,
 * a reset or the element leaving the page aborts the run in flight, and results
 * of a stale run are ignored by run id.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, type ApiClient } from '../api/client.js';
import type { FeedbackValue, Identity, TotebotStreamEvent } from '../protocol/events.js';
import {
  applyStreamEvent,
  assistantDraft,
  fromHistory,
  markFailed,
  markInterrupted,
  userMessage,
  type ChatMessage,
} from '../state/conversation.js';
import { FrameScheduler } from './frame-scheduler.js';

export interface ConversationCallbacks {
  onConversationId(conversationId: string | undefined): void;
  onStreamEvent(event: TotebotStreamEvent): void;
  onReply(message: ChatMessage): void;
  onError(error: ApiError): void;
}

export class ConversationController implements ReactiveController {
  messages: readonly ChatMessage[] = [];
  conversationId: string | undefined;
  /** True while a reply streams. */
  busy = false;

  private run = 0;
  private abortController: AbortController | undefined;
  private readonly frames: FrameScheduler;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => ApiClient,
    private readonly callbacks: ConversationCallbacks,
  ) {
    host.addController(this);
    this.frames = new FrameScheduler(() => host.requestUpdate());
  }

  hostDisconnected(): void {
    this.abort();
    this.frames.cancel();
  }

  /** Stops the reply in flight, if any. */
  abort(): void {
    this.run += 1;
    this.abortController?.abort();
    this.abortController = undefined;
    if (this.busy) {
      this.busy = false;
      this.updateLast(markInterrupted);
    }
  }

  /** Forgets the conversation: the next message starts a new one. */
  reset(): void {
    this.abort();
    this.messages = [];
    this.setConversationId(undefined);
    this.host.requestUpdate();
  }

  /** Loads a conversation's history from the proxy; a conversation upstream no longer knows is dropped. */
  async restore(conversationId: string): Promise<void> {
    const run = ++this.run;
    this.conversationId = conversationId;
    try {
      const history = await this.client().getHistory(conversationId);
      if (run !== this.run) return;
      this.messages = history.map(fromHistory);
    } catch (error) {
      if (run !== this.run) return;
      const apiError = error instanceof ApiError ? error : new ApiError(0, 'unreachable', String(error));
      if (apiError.status === 404) this.setConversationId(undefined);
      else this.callbacks.onError(apiError);
    }
    this.host.requestUpdate();
  }

  async send(text: string, identity: Identity | undefined): Promise<void> {
    this.abort();
    const run = this.run;
    const abortController = (this.abortController = new AbortController());
    this.messages = [...this.messages, userMessage(text), assistantDraft()];
    this.busy = true;
    this.host.requestUpdate();

    const request = {
      message: text,
      ...(this.conversationId && { conversationId: this.conversationId }),
      ...(identity && Object.keys(identity).length > 0 && { identity }),
    };
    try {
      const outcome = await this.client().streamChat(
        request,
        (event) => {
          if (run !== this.run) return;
          if (!this.conversationId && event.conversationId) this.setConversationId(event.conversationId);
          this.updateLast((message) => applyStreamEvent(message, event));
          this.callbacks.onStreamEvent(event);
          if (event.type === 'completed' || event.type === 'error') this.frames.flush();
          else this.frames.schedule();
        },
        abortController.signal,
      );
      if (run !== this.run) return;
      if (outcome === 'interrupted') this.updateLast(markInterrupted);
    } catch (error) {
      if (run !== this.run) return;
      const apiError = error instanceof ApiError ? error : new ApiError(0, 'unreachable', String(error));
      this.updateLast((message) =>
        markFailed(message, {
          code: apiError.code,
          message: apiError.message,
          status: apiError.status,
          ...(apiError.retryAfterSeconds !== undefined && { retryAfterSeconds: apiError.retryAfterSeconds }),
        }),
      );
      this.callbacks.onError(apiError);
    }
    this.busy = false;
    this.abortController = undefined;
    this.frames.cancel();
    this.host.requestUpdate();
    const reply = this.messages[this.messages.length - 1];
    if (reply?.status === 'complete') this.callbacks.onReply(reply);
  }

  /** Optimistic: shows the choice at once, reverts it with a notice if the proxy refuses. */
  async setFeedback(key: string, value: FeedbackValue): Promise<boolean> {
    const target = this.messages.find((message) => message.key === key);
    if (!target?.id || !this.conversationId) return false;
    const previous = target.feedback;
    this.replace(key, (message) => ({ ...message, feedback: value, feedbackFailed: false }));
    try {
      await this.client().sendFeedback(this.conversationId, target.id, value);
      return true;
    } catch {
      this.replace(key, (message) => ({ ...message, feedback: previous, feedbackFailed: true }));
      return false;
    }
  }

  private setConversationId(conversationId: string | undefined): void {
    this.conversationId = conversationId;
    this.callbacks.onConversationId(conversationId);
  }

  private replace(key: string, change: (message: ChatMessage) => ChatMessage): void {
    this.messages = this.messages.map((message) => (message.key === key ? change(message) : message));
    this.host.requestUpdate();
  }

  /** The streaming reply is always last; changing it copies only the list's spine. */
  private updateLast(change: (message: ChatMessage) => ChatMessage): void {
    const last = this.messages[this.messages.length - 1];
    if (!last || last.role !== 'assistant') return;
    const next = this.messages.slice();
    next[next.length - 1] = change(last);
    this.messages = next;
  }
}
