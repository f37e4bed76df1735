/**
 * The conversation as the device keeps it between pages: what the shopper saw, failed, stopped and
 * interrupted replies included, with their chips in their final states. Written by this widget but
 * read back as untrusted as the proxy's history (any script on the page can write IndexedDB):
 * through the history adapter, then every extra field checked against what it may be.
 */
import { adaptHistory, adaptProducts, adaptQuantity } from '../protocol/adapter.js';
import type { FeedbackValue, HistoryMessage } from '../protocol/events.js';
import { readCardOutcomes, type CardOutcomes } from './card-outcomes.js';
import { fromHistory, markInterrupted, type CartLine, type ChatMessage, type MessageError, type MessageStatus, type StatusChip } from './conversation.js';

/** A message as stored: the history's shape, and how it ended when that was not whole. */
export interface CachedMessage extends HistoryMessage {
  status?: Exclude<MessageStatus, 'complete' | 'streaming'>;
  chips?: StatusChip[];
  error?: MessageError;
  restarted?: true;
  resumable?: true;
  withdrawnFeedback?: FeedbackValue;
  cart?: CartLine[];
  cardOutcomes?: CardOutcomes;
}

const UNFINISHED: readonly string[] = ['error', 'interrupted', 'stopped'];
const CHIP_STATES: readonly string[] = ['done', 'failed', 'stopped'];
const isString = (value: unknown): value is string => typeof value === 'string';
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The last `limit` messages as stored. A reply still streaming is stored cut off, to be resumed from the proxy's history. */
export function toCached(messages: readonly ChatMessage[], limit: number): CachedMessage[] {
  return messages.slice(-limit).map((shown) => {
    const cut = shown.status === 'streaming';
    // Stored as the page would have left it: interrupted, its running chips stopped (outcome unknown).
    const message = markInterrupted(shown);
    const { status, chips } = message;
    return {
      id: message.id ?? '',
      role: message.role,
      content: message.content,
      feedback: message.feedback,
      createdAt: message.createdAt,
      ...(status !== 'complete' && { status: status as CachedMessage['status'] }),
      ...(chips.length > 0 && { chips: [...chips] }),
      // A wait for a busy proxy is over by the next page: the reply is simply failed, with Retry.
      ...(message.error && { error: { code: message.error.code, message: message.error.message, ...(message.error.status !== undefined && { status: message.error.status }) } }),
      ...(message.restarted && { restarted: true as const }),
      ...((cut || message.resumable) && { resumable: true as const }),
      // Read back through the history adapter, which checks every product field again.
      ...(message.products && { products: [...message.products] }),
      ...(message.suggestions && { suggestions: [...message.suggestions] }),
      ...(message.withdrawnFeedback && { withdrawnFeedback: message.withdrawnFeedback }),
      ...(message.cart && { cart: message.cart.map(({ product, quantity }) => ({ product, quantity })) }),
      // Read back without one still pending: its outcome is unknown on the next page.
      ...(message.cardOutcomes && { cardOutcomes: { ...message.cardOutcomes } }),
    };
  });
}

/** Stored messages back as messages on screen; anything malformed is left out. */
export function fromCached(stored: readonly unknown[]): ChatMessage[] {
  return stored.flatMap((raw) => {
    const [entry] = adaptHistory([raw]);
    if (!entry || !isRecord(raw)) return [];
    const status = raw.status;
    const error = status === 'error' ? readError(raw.error) : undefined;
    // A failed reply is only kept with the reason it failed: its notice says it.
    const unfinished = entry.role === 'assistant' && isString(status) && UNFINISHED.includes(status) && (status !== 'error' || error !== undefined);
    const chips = Array.isArray(raw.chips) ? raw.chips.flatMap(readChip) : [];
    const assistant = entry.role === 'assistant';
    const cart = assistant && Array.isArray(raw.cart) ? raw.cart.flatMap(readCartLine) : [];
    const outcomes = assistant ? readCardOutcomes(raw.cardOutcomes, entry.products?.map((product) => product.id) ?? []) : undefined;
    return [
      {
        ...fromHistory(entry),
        ...(unfinished && { status: status as MessageStatus }),
        chips,
        ...(unfinished && error && { error }),
        ...(raw.restarted === true && entry.role === 'user' && { restarted: true as const }),
        ...(raw.resumable === true && unfinished && { resumable: true as const }),
        ...(assistant && entry.feedback === null && (raw.withdrawnFeedback === 'POSITIVE' || raw.withdrawnFeedback === 'NEGATIVE') && {
          withdrawnFeedback: raw.withdrawnFeedback,
        }),
        ...(cart.length > 0 && { cart }),
        ...(outcomes && { cardOutcomes: outcomes }),
      },
    ];
  });
}

/** A line of a cart confirmation: a product as checked as one from the stream, and a whole quantity under 1000. */
function readCartLine(value: unknown): CartLine[] {
  if (!isRecord(value)) return [];
  const quantity = adaptQuantity(value.quantity);
  const [product] = adaptProducts({ products: [value.product] });
  return product && quantity ? [{ product, quantity }] : [];
}

function readChip(value: unknown): StatusChip[] {
  if (!isRecord(value) || !isString(value.id) || !isString(value.name) || !isString(value.state) || !CHIP_STATES.includes(value.state)) return [];
  if (value.kind !== 'tool' && value.kind !== 'action') return [];
  return [
    {
      id: value.id,
      kind: value.kind,
      name: value.name,
      ...(isString(value.label) && { label: value.label }),
      ...(isString(value.product) && value.product && { product: value.product.slice(0, 200) }),
      state: value.state as StatusChip['state'],
    },
  ];
}

function readError(value: unknown): MessageError | undefined {
  if (!isRecord(value) || !isString(value.code) || !isString(value.message)) return undefined;
  return { code: value.code, message: value.message, ...(typeof value.status === 'number' && { status: value.status }) };
}
