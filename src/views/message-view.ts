/** Template functions for one message and its parts; no state of their own. */
export type { MessageViewContext } from './message-context.js';
import { html, nothing, type TemplateResult } from 'lit';
import type { FeedbackValue } from '../protocol/events.js';
import type { ChatMessage, MessageError, StatusChip } from '../state/conversation.js';
import { format, humanize, type TotebotStrings } from '../strings.js';
import { checkIcon, failIcon, stopIcon, thumbDownIcon, thumbUpIcon } from './panel-icons.js';
import { markdown } from './markdown-directive.js';
import type { MessageViewContext } from './message-context.js';
import { renderCart, renderProducts, renderQuickReplies } from './product-view.js';

/**
 * A chip's text. An action that names its product says it, in the widget's language rather than the
 * agent's label (which is in whatever language the agent wrote it).
 */
export function chipLabel(chip: StatusChip, strings: TotebotStrings): string {
  const { product, label } = chip;
  // A label that already names the product is not given it twice.
  const name = product && !label?.includes(product) ? `${label ?? humanize(chip.name)}: ${product}` : (label ?? humanize(chip.name));
  if (chip.state === 'stopped') return chip.name === 'add_to_cart' ? strings.addToCartStopped : format(strings.chipStopped, { name });
  if (chip.kind === 'tool') {
    if (chip.name === 'search_products') return chip.state === 'running' ? strings.searchProductsRunning : strings.searchProductsDone;
    return format(chip.state === 'running' ? strings.toolRunning : strings.toolDone, { name: humanize(chip.name) });
  }
  if (chip.name === 'add_to_cart') {
    if (product) {
      return format({ running: strings.addToCartRunningNamed, done: strings.addToCartDoneNamed, failed: strings.addToCartFailedNamed }[chip.state], { product });
    }
    if (chip.state === 'running') return label ? `${label}…` : strings.addToCartRunning;
    return chip.state === 'done' ? strings.addToCartDone : strings.addToCartFailed;
  }
  const template = { running: strings.actionRunning, done: strings.actionDone, failed: strings.actionFailed }[chip.state];
  return format(template, { name });
}

/** What the shopper reads when a reply failed: our wording, never upstream's. */
export function errorText(error: MessageError, strings: TotebotStrings, now = Date.now()): string {
  if (error.status === 429) {
    return format(strings.errorRateLimited, { seconds: Math.max(0, Math.ceil(((error.retryAt ?? now) - now) / 1000)) });
  }
  if (error.status === 0) return strings.errorUnreachable;
  if (error.status === 502 || error.status === 503 || error.code === 'agent_unavailable') return strings.errorUnavailable;
  if (error.code === 'invalid_message') return strings.errorTooLong;
  return strings.errorGeneric;
}

function renderChip(chip: StatusChip, strings: TotebotStrings): TemplateResult {
  return html`<li part="chip chip-${chip.state}" class="chip ${chip.state}">
    ${chip.state === 'running' ? html`<span class="spinner" aria-hidden="true"></span>` : { done: checkIcon, failed: failIcon, stopped: stopIcon }[chip.state]}
    <span>${chipLabel(chip, strings)}</span>
  </li>`;
}

function renderFeedback(message: ChatMessage, context: MessageViewContext): TemplateResult {
  const { strings } = context;
  const button = (value: FeedbackValue, label: string, icon: TemplateResult) => html`<button
    type="button"
    part="feedback-button"
    class="icon-button"
    aria-label=${label}
    title=${label}
    aria-pressed=${message.feedback === value ? 'true' : 'false'}
    @click=${() => context.onFeedback(message, value)}
  >
    ${icon}
  </button>`;
  // The status line is there, empty, before it says anything: a live region announces what is added to it.
  return html`<div part="feedback" class="feedback">
      ${button('POSITIVE', strings.helpful, thumbUpIcon)} ${button('NEGATIVE', strings.notHelpful, thumbDownIcon)}
      <span class="thanks" role="status">${context.thanked === message.key ? strings.feedbackThanks : ''}</span>
    </div>
    ${message.feedbackFailed ? html`<p class="notice" role="alert">${strings.feedbackFailed}</p>` : nothing}`;
}

/** `last`: the log's last message, the only one that offers the agent's quick replies. */
export function renderMessage(message: ChatMessage, context: MessageViewContext, last: boolean): TemplateResult {
  const { strings } = context;
  const assistant = message.role === 'assistant';
  const streaming = message.status === 'streaming';
  const waiting = streaming && message.content === '' && message.chips.every((chip) => chip.state !== 'running');
  return html`${message.restarted ? html`<p part="notice" class="notice">${strings.conversationRestarted}</p>` : nothing}<article
    part="message message-${message.role}"
    class="message ${message.role} ${message.status} ${context.entering.has(message.key) ? 'enter' : ''}"
    aria-busy=${streaming ? 'true' : 'false'}
  >
    ${message.chips.length > 0 ? html`<ul part="chips" class="chips">${message.chips.map((chip) => renderChip(chip, strings))}</ul>` : nothing}
    ${message.content || !assistant
      ? // No whitespace inside the bubble: the shopper's text is shown with pre-wrap.
        // The speaker's name has a dir of its own, so the bubble's dir="auto" passes over it: the bubble's
        // direction comes from the message's own text, not from the label in the widget's language.
        html`<div part="bubble" class="bubble" dir="auto"><span class="sr-only" dir="auto">${assistant ? context.agentName : strings.you}: </span>${assistant ? markdown(message.content, !streaming, context.markdownOptions) : message.content}</div>`
      : nothing}
    ${message.products ? renderProducts(message, context) : nothing}
    ${message.cart ? renderCart(message.cart, context) : nothing}
    ${waiting
      ? html`<div part="typing" class="typing"><span class="dots" aria-hidden="true"><i></i><i></i><i></i></span
          ><span class="sr-only">${format(strings.typing, { agent: context.agentName })}</span></div>`
      : nothing}
    ${message.status === 'error' && message.error ? html`<p part="error" class="notice error">${failIcon}<span>${errorText(message.error, strings)}</span></p>` : nothing}
    ${message.status === 'interrupted' || message.status === 'stopped' ? html`<p part="error" class="notice">${strings[message.status]}</p>` : nothing}
    ${context.retryKey === message.key
      ? html`<button type="button" part="retry-button" class="retry" @click=${context.onRetry}>${strings.retry}</button>`
      : nothing}
    ${assistant && message.status === 'complete' && message.id ? renderFeedback(message, context) : nothing}
    ${last && message.suggestions && message.status === 'complete' ? renderQuickReplies(message.suggestions, context) : nothing}
  </article>`;
}
