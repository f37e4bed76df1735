/**
 * The conversation as data: messages and how stream events change them.
 * Pure and immutable: every change returns a new message object, so finished
 * messages keep their identity and views can skip them.
 */
import { MAX_PRODUCTS } from '../protocol/adapter.js';
import type { FeedbackValue, HistoryMessage, MessageRole, Product, TotebotStreamEvent } from '../protocol/events.js';
import type { CardOutcomes } from './card-outcomes.js';

/** `interrupted`: the stream ended early; `stopped`: the shopper stopped it. Both keep what arrived. */
export type MessageStatus = 'streaming' | 'complete' | 'error' | 'interrupted' | 'stopped';

/** A tool call or an agent action shown as a live chip inside a reply. */
export interface StatusChip {
  id: string;
  kind: 'tool' | 'action';
  name: string;
  /** The agent's own wording for an action, when it sent one. */
  label?: string;
  /** The name of the product an action is about, when its data or result named one. */
  product?: string;
  /** `stopped`: still running when the reply was stopped or cut off, so its outcome is unknown. */
  state: 'running' | 'done' | 'failed' | 'stopped';
  /** An add-to-cart's product and quantity as it started, for the confirmation once it completes. */
  line?: Partial<CartLine>;
}

/** What a completed add-to-cart put in the cart. */
export interface CartLine {
  product: Product;
  quantity: number;
}

/** Why a reply failed: `status` 0 is a network failure; none means an `error` event. */
export interface MessageError {
  code: string;
  message: string;
  status?: number;
  /** When the proxy was busy (429): the time (ms since epoch) the widget asks again by itself. */
  retryAt?: number;
}

export interface ChatMessage {
  /** Stable local key for rendering. */
  key: string;
  /** Totebot's message id, known once a reply completes (needed for feedback). */
  id?: string;
  role: MessageRole;
  /** Markdown for assistant messages, plain text for the shopper's. */
  content: string;
  status: MessageStatus;
  chips: readonly StatusChip[];
  feedback: FeedbackValue | null;
  /** The agent's rating of a reply whose rating the shopper withdrew on this device (see state/feedback.ts). */
  withdrawnFeedback?: FeedbackValue;
  /** Set when the last feedback could not be sent and was reverted. */
  feedbackFailed?: boolean;
  error?: MessageError;
  /** On the shopper's message that began a new conversation because the agent no longer had the earlier one. */
  restarted?: true;
  /** An interrupted reply cut off because the page went away: the proxy's history may have it whole. */
  resumable?: true;
  createdAt: string;
  /** The products the reply shows as cards. */
  products?: readonly Product[];
  /** Quick replies the agent offered with the reply. */
  suggestions?: readonly string[];
  /** What the reply's add-to-cart actions put in the cart. */
  cart?: readonly CartLine[];
  /** What became of its cards' Add to cart where the page carried it out. */
  cardOutcomes?: CardOutcomes;
}

let keySequence = 0;
export const nextMessageKey = (): string => `m${(++keySequence).toString(36)}`;

export function userMessage(text: string, createdAt = new Date().toISOString()): ChatMessage {
  return { key: nextMessageKey(), role: 'user', content: text, status: 'complete', chips: [], feedback: null, createdAt };
}

export function assistantDraft(createdAt = new Date().toISOString()): ChatMessage {
  return { key: nextMessageKey(), role: 'assistant', content: '', status: 'streaming', chips: [], feedback: null, createdAt };
}

const extras = (entry: HistoryMessage) => ({
  ...(entry.products && { products: entry.products }),
  ...(entry.suggestions && { suggestions: entry.suggestions }),
});

export function fromHistory(entry: HistoryMessage): ChatMessage {
  return {
    key: nextMessageKey(),
    ...(entry.id && { id: entry.id }),
    role: entry.role,
    content: entry.content,
    status: 'complete',
    chips: [],
    feedback: entry.feedback,
    createdAt: entry.createdAt ?? '',
    ...extras(entry),
  };
}

/** The reply's cards with `products` added, each id once. */
function withProducts(message: ChatMessage, products: readonly Product[] | undefined): ChatMessage {
  const all = [...(message.products ?? []), ...(products ?? [])];
  return products
    ? { ...message, products: all.filter((product, index) => all.findIndex((other) => other.id === product.id) === index).slice(0, MAX_PRODUCTS) }
    : message;
}

const ADD_TO_CART = 'add_to_cart';

function settleChips(chips: readonly StatusChip[], kind: StatusChip['kind'] | 'all', state: StatusChip['state']): readonly StatusChip[] {
  return chips.some((chip) => chip.state === 'running' && (kind === 'all' || chip.kind === kind))
    ? chips.map((chip) => (chip.state === 'running' && (kind === 'all' || chip.kind === kind) ? { ...chip, state } : chip))
    : chips;
}

/**
 * Applies one stream event to the reply being streamed. A tool call has no end
 * event of its own: it counts as done once the agent moves on. The reply's id
 * may come on any event (the first one seen is kept): feedback needs it.
 */
export function applyStreamEvent(reply: ChatMessage, event: TotebotStreamEvent): ChatMessage {
  const message = !reply.id && event.messageId ? { ...reply, id: event.messageId } : reply;
  switch (event.type) {
    case 'chunk':
      return { ...message, content: message.content + event.content, chips: settleChips(message.chips, 'tool', 'done') };
    case 'tool_call':
      return withProducts(
        { ...message, chips: [...settleChips(message.chips, 'tool', 'done'), { id: event.id, kind: 'tool', name: event.name, state: 'running' }] },
        event.products,
      );
    case 'action_started': {
      // An add-to-cart's products are the line it adds, not cards to offer.
      const adding = event.action === ADD_TO_CART;
      const line = event.products && { product: event.products[0], quantity: event.quantity };
      return withProducts(
        {
          ...message,
          chips: [
            ...settleChips(message.chips, 'tool', 'done'),
            {
              id: event.id,
              kind: 'action',
              name: event.action,
              ...(event.label && { label: event.label }),
              ...(event.productName && { product: event.productName }),
              state: 'running',
              ...(adding && line && { line }),
            },
          ],
        },
        adding ? undefined : event.products,
      );
    }
    case 'action_completed': {
      const state: StatusChip['state'] = event.success ? 'done' : 'failed';
      const index = message.chips.findIndex(
        (chip) => chip.kind === 'action' && chip.state === 'running' && (event.id ? chip.id === event.id : chip.name === event.action),
      );
      const named = event.products?.[0]?.name;
      const chips =
        index === -1
          ? [...message.chips, { id: event.id, kind: 'action' as const, name: event.action, ...(named && { product: named }), state }]
          : message.chips.map((chip, at) => (at === index ? { ...chip, ...(!chip.product && named && { product: named }), state } : chip));
      const settled = { ...message, chips: settleChips(chips, 'tool', 'done') };
      if (event.action !== ADD_TO_CART) return withProducts(settled, event.products);
      const started = message.chips[index]?.line;
      const product = event.products?.[0] ?? started?.product;
      return event.success && product
        ? { ...settled, cart: [...(message.cart ?? []), { product, quantity: event.quantity ?? started?.quantity ?? 1 }] }
        : settled;
    }
    case 'completed':
      return {
        ...withProducts(message, event.products),
        ...(event.suggestions && { suggestions: event.suggestions }),
        // Chunks are the reply; the final text only stands in when none arrived.
        content: message.content || event.content || '',
        status: 'complete',
        chips: settleChips(message.chips, 'all', 'done'),
      };
    case 'error':
      return {
        ...message,
        status: 'error',
        error: { code: event.code, message: event.message },
        chips: settleChips(message.chips, 'all', 'failed'),
      };
  }
}

/**
 * A stream that closed with neither `completed` nor `error` (or was stopped): keep what arrived.
 * A chip still running may have done its work upstream (a cart may have changed): it is marked
 * stopped, outcome unknown, never failed.
 */
export function markInterrupted(message: ChatMessage, status: 'interrupted' | 'stopped' = 'interrupted'): ChatMessage {
  return message.status === 'streaming' ? { ...message, status, chips: settleChips(message.chips, 'all', 'stopped') } : message;
}

/** Whether a reply ended without being whole, so it may be asked for again. */
export const isUnfinished = (message: ChatMessage | undefined): boolean =>
  message?.role === 'assistant' && (message.status === 'error' || message.status === 'interrupted' || message.status === 'stopped');

export function markFailed(message: ChatMessage, error: MessageError): ChatMessage {
  return { ...message, status: 'error', error, chips: settleChips(message.chips, 'all', 'failed') };
}

export const isTerminal = (event: TotebotStreamEvent): boolean => event.type === 'completed' || event.type === 'error';

/** The log with its last message changed, if it is the agent's: the streaming reply is always last, and only the list's spine is copied. */
export function withLastReply(messages: readonly ChatMessage[], change: (message: ChatMessage) => ChatMessage): readonly ChatMessage[] {
  const last = messages[messages.length - 1];
  if (last?.role !== 'assistant') return messages;
  const next = messages.slice();
  next[next.length - 1] = change(last);
  return next;
}

/** The log with the message `key` changed (one the shopper acted on). */
export const withMessage = (messages: readonly ChatMessage[], key: string, change: (message: ChatMessage) => ChatMessage): readonly ChatMessage[] =>
  messages.map((message) => (message.key === key ? change(message) : message));
