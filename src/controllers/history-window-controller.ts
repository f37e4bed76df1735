/**
 * Which of the conversation's messages are rendered yet: a restored history starts with its newest
 * messages (see state/reveal-window.ts), and the older ones follow a step at a time, each step a
 * task of its own after the browser has painted the ones before. The callback runs before that
 * frame's paint and the task it posts after it, so the newest messages are on screen first. The
 * task has background priority where the browser has `scheduler.postTask`: the page's own tasks
 * and the shopper's input go first.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatMessage } from '../state/conversation.js';
import { firstRevealCount, hiddenAfterChange, revealStep } from '../state/reveal-window.js';
import { FrameScheduler } from './frame-scheduler.js';

/** The Prioritized Task Scheduling API, where the browser has it (not in every TypeScript DOM library yet). */
declare const scheduler:
  | { postTask(callback: () => void, options: { priority: 'background'; signal: AbortSignal }): Promise<void> }
  | undefined;

export class HistoryWindowController implements ReactiveController {
  /** How many of the oldest messages are not rendered yet, out of `#from`. */
  #hidden = 0;
  #from: readonly ChatMessage[] = [];
  #task: AbortController | undefined;
  readonly #frames = new FrameScheduler(() => this.#postStep());
  readonly #host: ReactiveControllerHost;
  readonly #messages: () => readonly ChatMessage[];

  constructor(host: ReactiveControllerHost, messages: () => readonly ChatMessage[]) {
    this.#host = host;
    this.#messages = messages;
    host.addController(this);
  }

  /** The messages to render now: the newest ones of a history still being revealed, else all. */
  get rendered(): readonly ChatMessage[] {
    const messages = this.#messages();
    return this.#hidden > 0 ? messages.slice(this.#hidden) : messages;
  }

  hostUpdate(): void {
    const messages = this.#messages();
    if (messages === this.#from) return;
    // A list fully rendered stays so (a sent message, a streamed frame): nothing to count on that path.
    if (this.#hidden > 0 || this.#from.length === 0) {
      this.#hidden = hiddenAfterChange(this.#hidden, this.#from.length, messages.length, firstRevealCount(messages));
    }
    this.#from = messages;
  }

  hostUpdated(): void {
    if (this.#hidden > 0 && this.#task === undefined) this.#frames.schedule();
  }

  hostDisconnected(): void {
    this.#frames.cancel();
    this.#task?.abort();
    this.#task = undefined;
    // Whatever is still hidden renders with the next update.
    this.#hidden = 0;
  }

  #postStep(): void {
    const run = () => {
      this.#task = undefined;
      this.#hidden = revealStep(this.#hidden);
      this.#host.requestUpdate();
    };
    const controller = new AbortController();
    this.#task = controller;
    if (typeof scheduler === 'object' && typeof scheduler.postTask === 'function') {
      scheduler.postTask(run, { priority: 'background', signal: controller.signal }).catch(() => {
        // Aborted: the panel left the page.
      });
    } else {
      const timer = setTimeout(run);
      controller.signal.addEventListener('abort', () => clearTimeout(timer));
    }
  }
}
