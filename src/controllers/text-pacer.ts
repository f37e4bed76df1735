/**
 * Shows a streaming reply frame by frame: at most one frame every REVEAL_INTERVAL_MS, each with a
 * bounded amount of new text (state/reveal.ts), so the cost of a frame stays bounded however much
 * arrives at once. A hidden tab gets no frames to spread the text over, so there all of it shows at once.
 */
import type { ChatMessage } from '../state/conversation.js';
import { nextRevealLength, REVEAL_INTERVAL_MS, revealed } from '../state/reveal.js';
import { FrameScheduler } from './frame-scheduler.js';

export class TextPacer {
  /** The reply as received. */
  #reply: ChatMessage | undefined;
  /** Characters of its text on screen. */
  #shown = 0;
  /** When a frame last showed more (none yet: the first words show at once). */
  #shownAt = -Infinity;
  #caughtUp: (() => void) | undefined;
  readonly #frames = new FrameScheduler(() => this.#frame());
  readonly #show: (reply: ChatMessage) => void;

  /** `show`: puts the reply, as far as it shows, on screen. */
  constructor(show: (reply: ChatMessage) => void) {
    this.#show = show;
  }

  /** A new reply begins. */
  start(reply: ChatMessage): void {
    this.cancel();
    this.#reply = reply;
    this.#shown = 0;
    this.#shownAt = -Infinity;
  }

  /** The reply as received so far: what is new shows on a coming frame. */
  update(reply: ChatMessage): void {
    this.#reply = reply;
    this.#frames.schedule();
  }

  /** The reply as received so far (undefined once finished or cancelled). */
  get reply(): ChatMessage | undefined {
    return this.#reply;
  }

  /** Resolves once all of the reply shows, its final state included (at once when cancelled meanwhile). */
  finish(): Promise<void> {
    const reply = this.#reply;
    if (!reply) return Promise.resolve();
    if (document.hidden || this.#shown >= reply.content.length) {
      // Nothing left to spread over frames: the final state shows now, not a frame later.
      this.#frames.cancel();
      this.#shown = reply.content.length;
      this.#show(reply);
      return Promise.resolve();
    }
    this.#frames.schedule();
    return new Promise((resolve) => (this.#caughtUp = resolve));
  }

  /** Stops showing more; a pending `finish()` resolves. */
  cancel(): void {
    this.#reply = undefined;
    this.#frames.cancel();
    this.#endWait();
  }

  #frame(): void {
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
    this.#show(revealed(reply, this.#shown));
    if (this.#shown < reply.content.length) this.#frames.schedule();
    else this.#endWait();
  }

  #endWait(): void {
    const caughtUp = this.#caughtUp;
    this.#caughtUp = undefined;
    caughtUp?.();
  }
}
