/**
 * Which messages enter with motion (the `enter` class; the motion is CSS, and none where the reader asks
 * for reduced motion): those a turn adds while the shopper watches, i.e. messages appended while a reply
 * is on its way (state/entering.ts). A history restored on load, older messages revealed above, another
 * tab's news and Undo appear as they are: none of them comes with a reply in flight.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatMessage } from '../state/conversation.js';
import { appendedKeys } from '../state/entering.js';

export class EnterMotionController implements ReactiveController {
  /** Keys of the messages that entered with motion: a message keeps its class for as long as it shows. */
  readonly entering = new Set<string>();
  #previous: readonly ChatMessage[] = [];
  readonly #messages: () => readonly ChatMessage[];
  readonly #live: () => boolean;

  /** `live`: a reply is on its way (the conversation is busy). */
  constructor(host: ReactiveControllerHost, messages: () => readonly ChatMessage[], live: () => boolean) {
    this.#messages = messages;
    this.#live = live;
    host.addController(this);
  }

  hostUpdate(): void {
    const messages = this.#messages();
    if (messages === this.#previous) return;
    if (messages.length === 0) this.entering.clear();
    else if (this.#live()) for (const key of appendedKeys(this.#previous, messages)) this.entering.add(key);
    this.#previous = messages;
  }
}
