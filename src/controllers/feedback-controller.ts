/**
 * The shopper's ratings of replies: a thumb rates a reply, the thumb already pressed withdraws the rating
 * (on this device only: see state/feedback.ts). A rating the proxy took is thanked for a few seconds, in the
 * reply's own status line, so a screen reader says it once. One change per reply at a time: a second press
 * while the proxy has not answered the first is ignored rather than raced against it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { emit } from '../events.js';
import type { FeedbackValue } from '../protocol/events.js';
import type { ChatMessage } from '../state/conversation.js';

/** How long "Thanks" shows. */
export const THANKS_MS = 4_000;

/** Sets the rating of the message `key` (`null` withdraws it); resolves with whether it stands. */
export type SetFeedback = (key: string, value: FeedbackValue | null) => Promise<boolean>;

export class FeedbackController implements ReactiveController {
  /** The reply whose rating was just taken: it says thanks. */
  thanked: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #pending = new Set<string>();
  readonly #host: ReactiveControllerHost & EventTarget;
  readonly #setFeedback: SetFeedback;

  constructor(host: ReactiveControllerHost & EventTarget, setFeedback: SetFeedback) {
    this.#host = host;
    this.#setFeedback = setFeedback;
    host.addController(this);
  }

  /** A thumb was pressed: rates `message`, or withdraws its rating when that thumb was already pressed. */
  readonly press = (message: ChatMessage, value: FeedbackValue): void => {
    const { id: messageId, key } = message;
    if (!messageId || this.#pending.has(key)) return;
    const next = message.feedback === value ? null : value;
    this.#pending.add(key);
    this.#thank(undefined);
    void this.#setFeedback(key, next).then((stands) => {
      this.#pending.delete(key);
      if (!stands) return;
      emit(this.#host, 'totebot-feedback', { messageId, value: next });
      if (next) this.#thank(key);
    });
  };

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.thanked = undefined;
  }

  #thank(key: string | undefined): void {
    clearTimeout(this.#timer);
    if (key) this.#timer = setTimeout(() => this.#thank(undefined), THANKS_MS);
    if (this.thanked === key) return;
    this.thanked = key;
    this.#host.requestUpdate();
  }
}
