/**
 * The element's DOM events: every name has the `totebot-` prefix, bubbles and
 * crosses shadow roots, and is typed in `HTMLElementEventMap`.
 */
import type { FeedbackValue, Product } from './protocol/events.js';
import type { ChatMessage } from './state/conversation.js';

/** Detail of `totebot-add-to-cart`: the shopper pressed "Add to cart" on a product card. */
export interface AddToCartDetail {
  /** A copy of the card's product. */
  product: Product;
  quantity: number;
  /**
   * Called while the event is dispatched (as `FetchEvent.respondWith`), with the page's own add-to-cart:
   * the card shows "Added to cart" when the promise fulfils, "Could not add to cart" when it rejects.
   * Calling it takes the event over, as `preventDefault()` does.
   */
  respondWith(outcome: Promise<unknown>): void;
}

export interface TotebotEventDetails {
  'totebot-open': Record<string, never>;
  'totebot-close': Record<string, never>;
  'totebot-send': { text: string; conversationId: string | undefined };
  'totebot-reply': { message: ChatMessage; conversationId: string | undefined };
  'totebot-tool-call': { id: string; name: string; arguments: unknown };
  'totebot-action':
    | { phase: 'started'; id: string; action: string; data: unknown }
    | { phase: 'completed'; id: string; action: string; success: boolean; result: unknown };
  /** `value` is `null` when the shopper withdrew the rating (on this device only: the API cannot clear one). */
  'totebot-feedback': { messageId: string; value: FeedbackValue | null };
  'totebot-error': { code: string; message: string; status?: number };
  /** Cancelable: unless the page cancels it (or calls `respondWith`), the widget asks the agent to add the product. */
  'totebot-add-to-cart': AddToCartDetail;
}

export type TotebotEventName = keyof TotebotEventDetails;

export type TotebotEvent<Name extends TotebotEventName> = CustomEvent<TotebotEventDetails[Name]>;

/** Dispatches a bubbling, composed `totebot-*` event from `target`. */
export function emit<Name extends TotebotEventName>(
  target: EventTarget,
  name: Name,
  detail: TotebotEventDetails[Name],
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

/** Every `totebot-*` event by name, for typed listeners on the element, the document or the window. */
export type TotebotEventMap = { [Name in TotebotEventName]: TotebotEvent<Name> };

declare global {
  // Events bubble and are composed, so the page can listen anywhere up the tree.
  interface HTMLElementEventMap extends TotebotEventMap {}
  interface DocumentEventMap extends TotebotEventMap {}
  interface WindowEventMap extends TotebotEventMap {}
}
