/**
 * What the live region says and how many replies the shopper has not seen. A reply is said once,
 * when it is whole, never token by token; a failed or cut-off one is said the same way.
 */
import type { ChatMessage } from '../state/conversation.js';
import type { PanelHost } from '../panel/panel-host.js';
import { format } from '../strings.js';
import { errorText } from '../views/message-view.js';

/** Characters of a finished reply read out by the live region. */
const ANNOUNCEMENT_LIMIT = 400;

export class Announcer {
  /** What the live region says now. */
  text = '';
  /** Replies that finished while the panel was closed. */
  unread = 0;
  readonly #host: PanelHost;

  constructor(host: PanelHost) {
    this.#host = host;
  }

  say(text: string): void {
    this.text = text;
    this.#host.requestUpdate();
  }

  /** The shopper opened the panel: everything is seen. */
  markRead(): void {
    this.unread = 0;
  }

  /** A reply finished: counted if the panel is closed, and said by its opening. */
  async reply(message: ChatMessage, agent: string): Promise<void> {
    const host = this.#host;
    if (host.mode !== 'inline' && !host.opened) this.unread += 1;
    await host.updateComplete;
    // textContent, not innerText: no forced layout of a long reply just to announce it.
    const bubble = host.renderRoot.querySelector<HTMLElement>('.message.assistant:last-of-type .markdown');
    const whole = (bubble?.textContent ?? message.content).replace(/\s+/g, ' ').trim();
    // A long reply is announced by its opening; the rest is in the log, where the reader can go on.
    const text = whole.length > ANNOUNCEMENT_LIMIT ? `${whole.slice(0, ANNOUNCEMENT_LIMIT).replace(/\s\S*$/, '')}…` : whole;
    this.say(format(host.text.replyAnnouncement, { agent, text }));
  }

  /** A failed, cut-off or stopped last reply is said once, like a finished one. */
  outcome(last: ChatMessage | undefined): void {
    const text = this.#host.text;
    if (last?.status === 'error' && last.error) this.say(errorText(last.error, text));
    else if (last?.status === 'interrupted') this.say(text.interrupted);
    else if (last?.status === 'stopped') this.say(text.stopped);
  }
}
