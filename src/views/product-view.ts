/**
 * Product cards, the cart confirmation and quick replies: template functions over checked data
 * (see adaptProducts), every text through escaped bindings.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { AddToCartDetail } from '../events.js';
import type { Product } from '../protocol/events.js';
import { cardOutcome } from '../state/card-outcomes.js';
import type { CartLine, ChatMessage } from '../state/conversation.js';
import { isAllowedImage } from '../markdown/render-tokens.js';
import { safeUrl } from '../markdown/safe-url.js';
import { format } from '../strings.js';
import type { MessageViewContext } from './message-context.js';
import { checkIcon } from './panel-icons.js';

/** A link to the store's own pages opens in the same tab; elsewhere in a new one that cannot reach back. */
function link(url: string | null, text: string, part: string, label?: string) {
  const href = url && safeUrl(url, document.baseURI);
  const away = href && new URL(href).origin !== location.origin;
  return href
    ? html`<a part=${part} href=${href} target=${away ? '_blank' : nothing} rel=${away ? 'noopener' : nothing} aria-label=${label ?? nothing}>${text}</a>`
    : nothing;
}

/** The price in the widget's language ("€29.00" in English). */
export function formatPrice({ amount, currency }: NonNullable<Product['price']>, lang: string): string {
  try {
    return amount.toLocaleString(lang, { style: 'currency', currency });
  } catch {
    // A `lang` Intl cannot parse.
    return `${currency} ${amount}`;
  }
}

/**
 * Asks the page to add `product`: a cancelable `totebot-add-to-cart`. A page that takes it over reports the
 * outcome through `respondWith`, and the card says it (kept with the reply); a page that does not gets the agent asked instead.
 */
function addToCart(product: Product, message: ChatMessage, { strings, send, onCardOutcome }: MessageViewContext, button: HTMLButtonElement): void {
  if (cardOutcome(message, product.id) === 'adding') return;
  let outcome: Promise<unknown> | undefined;
  const detail: AddToCartDetail = {
    // A copy: the page cannot change the conversation's own product.
    product: structuredClone(product),
    quantity: 1,
    respondWith: (promise) => void (outcome = Promise.resolve(promise)),
  };
  if (button.dispatchEvent(new CustomEvent('totebot-add-to-cart', { detail, bubbles: true, composed: true, cancelable: true })) && !outcome) {
    send(format(strings.addToCartMessage, { name: product.name }));
  } else if (outcome) {
    onCardOutcome(message.key, product.id, 'adding');
    void outcome.then(
      () => onCardOutcome(message.key, product.id, 'added'),
      () => onCardOutcome(message.key, product.id, 'failed'),
    );
  }
}

/** Arrow keys move focus to the same control of the card beside (the other way round right to left). */
function onCarouselKeydown(event: KeyboardEvent): void {
  const target = event.target as HTMLElement;
  const card = target.closest('li')!;
  const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
  const next = step && (step * (getComputedStyle(card).direction === 'rtl' ? -1 : 1) > 0 ? card.nextElementSibling : card.previousElementSibling);
  if (!next) return;
  event.preventDefault();
  const controls = (element: Element) => [...element.querySelectorAll<HTMLElement>('a,button')];
  (controls(next)[controls(card).indexOf(target)] ?? controls(next)[0])?.focus();
}

/** One card, or a row of them that scrolls sideways: a list either way. */
export function renderProducts(message: ChatMessage, context: MessageViewContext): TemplateResult {
  const { strings, lang } = context;
  const said = { adding: strings.addToCartRunning, added: strings.addToCartDone, failed: strings.addToCartFailed };
  const status = (product: Product) => {
    const outcome = cardOutcome(message, product.id);
    return outcome ? said[outcome] : '';
  };
  return html`<ul part="products" class="products" @keydown=${onCarouselKeydown}>
    ${message.products!.map(
      (product) => html`<li part="product" class="product">
        ${product.image && isAllowedImage(product.image, context.markdownOptions.imageHosts ?? new Set())
          ? html`<img part="product-image" src=${product.image} alt="" loading="lazy" referrerpolicy="no-referrer" />`
          : html`<span part="product-image"></span>`}
        <b><bdi>${product.name}</bdi></b>
        ${product.price ? formatPrice(product.price, lang) : nothing}
        ${product.availability === undefined ? nothing : html`<small>${product.availability ? strings.inStock : strings.outOfStock}</small>`}
        <span class="actions">
          ${link(product.url, strings.view, 'product-link', `${strings.view}: ${product.name}`)}
          ${product.availability === false
            ? nothing
            : html`<button type="button" part="add-to-cart" aria-label="${strings.addToCart}: ${product.name}" aria-busy=${cardOutcome(message, product.id) === 'adding' ? 'true' : nothing} @click=${(event: Event) => addToCart(product, message, context, event.currentTarget as HTMLButtonElement)}>
                  ${strings.addToCart}</button
                ><small role="status">${status(product)}</small>`}
        </span>
      </li>`,
    )}
  </ul>`;
}

/** What a completed add-to-cart put in the cart, with the store's cart and checkout links when it set them. */
export function renderCart(lines: readonly CartLine[], { strings, lang, cartUrl, checkoutUrl }: MessageViewContext): TemplateResult {
  return html`<div part="cart" class="cart">
    <b>${checkIcon}${strings.addToCartDone}</b>
    ${lines.map(
      ({ product, quantity }) => html`<span><bdi>${product.name}</bdi></span>
        <small>${format(strings.quantity, { count: quantity })}${product.price ? ` · ${formatPrice(product.price, lang)}` : ''}</small>`,
    )}
    <span class="actions">${link(cartUrl, strings.viewCart, 'cart-link')}${link(checkoutUrl, strings.checkout, 'checkout-link')}</span>
  </div>`;
}

/** The agent's quick replies: a click sends one as the shopper's message (shown under the last reply only, see the styles). */
export function renderQuickReplies(suggestions: readonly string[], { strings, send }: MessageViewContext): TemplateResult {
  return html`<ul part="suggestions" class="suggestions" aria-label=${strings.suggestionsLabel}>
    ${suggestions.map((text) => html`<li><button type="button" part="suggestion" class="suggestion" dir="auto" @click=${() => send(text)}>${text}</button></li>`)}
  </ul>`;
}
