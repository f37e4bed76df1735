/**
 * The package entry: registers `<totebot-chat>` once and exports its types.
 * Safe to import during server-side rendering: it registers only where
 * `customElements` exists.
 */
import { TotebotChat } from './totebot-chat.js';

export { TotebotChat };
export type { TotebotEventDetails, TotebotEventName, TotebotEvent } from './events.js';
export type { ChatMessage, StatusChip, MessageStatus } from './state/conversation.js';
export type { Identity, FeedbackValue } from './protocol/events.js';
export type { TotebotStrings } from './strings.js';
export type { OpenOptions } from './panel/open-options.js';
export { ENGLISH as englishStrings } from './strings.js';

export const TAG_NAME = 'totebot-chat';

if (typeof customElements !== 'undefined') {
  if (customElements.get(TAG_NAME)) {
    // Two copies on one page (say, the script tag and a bundle): keep the first, never throw.
    console.warn(`<${TAG_NAME}> is already defined`);
  } else {
    customElements.define(TAG_NAME, TotebotChat);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'totebot-chat': TotebotChat;
  }
}
