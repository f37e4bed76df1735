/** The panel's templates: header, welcome, message log and composer. No state of their own. */
import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { isUnfinished, type ChatMessage } from '../state/conversation.js';
import { format, type TotebotStrings } from '../strings.js';
import { closeIcon } from '../views/icons.js';
import { newConversationIcon, sendIcon, stopIcon } from '../views/panel-icons.js';
import { renderJumpToLatest } from '../views/jump-to-latest.js';
import { renderMessage, type MessageViewContext } from '../views/message-view.js';

export interface HeaderView {
  text: TotebotStrings;
  agent: string;
  avatar: string;
  /** Launcher mode: the panel has a close button. */
  closable: boolean;
  onNewConversation(): void;
  onClose(): void;
}

export function renderHeader(view: HeaderView): TemplateResult {
  const { text, agent } = view;
  return html`<div part="header" class="header">
    ${view.avatar
      ? html`<img part="avatar" class="avatar" src=${view.avatar} alt="" />`
      : html`<span part="avatar" class="avatar" aria-hidden="true">${agent.trim().charAt(0).toUpperCase()}</span>`}
    <div class="heading">
      <h2 part="title" class="title">${agent}</h2>
      <p part="disclosure" class="disclosure">${text.aiDisclosure}</p>
    </div>
    <button type="button" class="icon-button" aria-label=${text.newConversation} title=${text.newConversation} @click=${view.onNewConversation}>
      ${newConversationIcon}
    </button>
    ${view.closable
      ? html`<button type="button" class="icon-button" aria-label=${text.closeChat} title=${text.closeChat} @click=${view.onClose}>
          ${closeIcon}
        </button>`
      : nothing}
  </div>`;
}

export function renderWelcome(text: TotebotStrings, welcomeMessage: string, suggestions: readonly string[], onSuggestion: (text: string) => void): TemplateResult {
  return html`<article part="message message-assistant" class="message assistant welcome">
      <div part="bubble" class="bubble" dir="auto"><slot name="welcome">${welcomeMessage || text.welcome}</slot></div>
    </article>
    <slot name="suggestions">
      ${suggestions.length > 0
        ? html`<ul part="suggestions" class="suggestions" aria-label=${text.suggestionsLabel}>
            ${suggestions.map(
              (suggestion) =>
                html`<li><button type="button" part="suggestion" class="suggestion" dir="auto" @click=${() => onSuggestion(suggestion)}>
                  ${suggestion}
                </button></li>`,
            )}
          </ul>`
        : nothing}
    </slot>`;
}

/** After the header's new-conversation button: the old one can come back. */
export function renderUndo(text: TotebotStrings, onUndo: () => void): TemplateResult {
  return html`<p part="notice" class="notice undo">${text.conversationCleared} <button type="button" part="undo-button" class="retry" @click=${onUndo}>${text.undo}</button></p>`;
}

export interface LogView {
  text: TotebotStrings;
  agent: string;
  /** The messages rendered now (a restored history's newest first). */
  rendered: readonly ChatMessage[];
  /** Shown before the first message; `nothing` while a history is on its way. */
  welcome: TemplateResult | typeof nothing | (TemplateResult | typeof nothing)[];
  context: MessageViewContext;
  onScroll(): void;
  /** Newer text is out of view below: "Jump to latest" shows. */
  behind: boolean;
  onJump(focused: boolean): void;
}

export function renderLog(view: LogView): TemplateResult {
  const { text, agent, context } = view;
  const lastKey = view.rendered.at(-1)?.key;
  return html`<div
    part="messages"
    class="messages"
    role="log"
    aria-live="off"
    aria-label=${format(text.panelLabel, { agent })}
    tabindex="0"
    @scroll=${view.onScroll}
  >
    ${view.welcome}
    ${repeat(
      view.rendered,
      (message) => message.key,
      (message) =>
        // A failed reply re-renders every time: its countdown and Retry button change without the message changing.
        isUnfinished(message)
          ? renderMessage(message, context, message.key === lastKey)
          : guard([message, text, agent, context.markdownOptions, context.thanked === message.key, message.key === lastKey], () =>
              renderMessage(message, context, message.key === lastKey),
            ),
    )}
  </div>${view.behind ? renderJumpToLatest(text.jumpToLatest, view.onJump) : nothing}`;
}

/** The proxy's limit on a message; the box counts down over its last tenth. */
const MESSAGE_LIMIT = 4_000;
const COUNT_FROM = 3_600;

export interface ComposerView {
  text: TotebotStrings;
  draft: string;
  online: boolean;
  busy: boolean;
  onDraft(draft: string): void;
  onSubmit(event: Event): void;
  onStop(): void;
}

export function renderComposer(view: ComposerView): TemplateResult {
  const { text, draft } = view;
  const onKeydown = (event: KeyboardEvent): void => {
    // Enter sends, Shift+Enter breaks the line; never while an input method is composing.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) view.onSubmit(event);
  };
  // The message box follows what is typed; empty, the widget's direction (dir="auto" would put an
  // empty box's placeholder and caret at the left in a right-to-left widget).
  const counting = draft.length >= COUNT_FROM;
  return html`${view.online ? nothing : html`<p part="offline" class="offline" role="status">${text.offline}</p>`}
    ${counting
      ? html`<p part="counter" class="counter" id="counter">${format(text.charactersLeft, { count: MESSAGE_LIMIT - draft.length })}</p>`
      : nothing}
    <form part="composer" class="composer" @submit=${view.onSubmit}>
      <textarea
        part="input"
        rows="1"
        dir=${draft ? 'auto' : nothing}
        aria-label=${text.messageLabel}
        placeholder=${text.messagePlaceholder}
        maxlength=${MESSAGE_LIMIT}
        aria-describedby=${counting ? 'counter' : nothing}
        enterkeyhint="send"
        .value=${draft}
        @input=${(event: InputEvent) => view.onDraft((event.target as HTMLTextAreaElement).value)}
        @keydown=${onKeydown}
      ></textarea>
      ${view.busy
        ? html`<button part="stop-button" class="send stop" type="button" aria-label=${text.stop} title=${text.stop} @click=${view.onStop}>
            ${stopIcon}
          </button>`
        : html`<button part="send-button" class="send" type="submit" aria-label=${text.send} title=${text.send} ?disabled=${!draft.trim() || !view.online}>
            ${sendIcon}
          </button>`}
    </form>`;
}
