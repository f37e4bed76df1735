/**
 * Something that can be brought back for a while, such as the conversation the header's
 * new-conversation button cleared: one click must not wipe a conversation for good.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DueTimer } from './due-timer.js';

/** How long a cleared conversation can be brought back. */
export const UNDO_MS = 10_000;

export class UndoWindow<T> implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #ms: number;
  #value: T | undefined;
  readonly #expiry = new DueTimer();

  constructor(host: ReactiveControllerHost, ms = UNDO_MS) {
    this.#host = host;
    this.#ms = ms;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.drop();
  }

  /** Whether there is something to bring back (render shows the Undo bar while there is). */
  get open(): boolean {
    return this.#value !== undefined;
  }

  /** Keeps `value` for the window's length, in place of anything kept before. */
  offer(value: T): void {
    this.#value = value;
    this.#expiry.schedule(this.#ms, () => this.drop());
  }

  /** Hands back what was kept, once, and closes the window. */
  take(): T | undefined {
    const value = this.#value;
    this.drop();
    return value;
  }

  drop(): void {
    this.#expiry.cancel();
    if (this.#value === undefined) return;
    this.#value = undefined;
    this.#host.requestUpdate();
  }
}
