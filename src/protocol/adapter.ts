/**
 * The one place that knows the tolerated variants of the Totebot API
 * (`shared/totebot-api.md`, "Tolerated variants"). Everything else in the widget,
 * the proxy and the simulator speaks the canonical shapes of `events.ts`.
 * Pure: no DOM, no I/O. Unknown types and fields are ignored, never fatal.
 */
import { safeUrl } from '../markdown/safe-url.js';
import type {
  AgentInfo,
  FeedbackValue,
  HistoryMessage,
  MessageRole,
  Product,
  ProductFields,
  StreamEventIds,
  TotebotStreamEvent,
} from './events.js';

/** A raw SSE message as a parser delivers it. */
export interface RawSseMessage {
  event: string;
  data: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first of `keys` whose value is a string. */
function pickString(source: Json, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = source[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function pickDefined(source: Json, ...keys: string[]): unknown {
  for (const key of keys) {
    if (source[key] !== undefined) return source[key];
  }
  return undefined;
}

function parseJsonObject(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function pickIds(source: Json): StreamEventIds {
  const ids: StreamEventIds = {};
  const conversationId = pickString(source, 'conversationId', 'conversation_id');
  const messageId = pickString(source, 'messageId', 'message_id');
  if (conversationId) ids.conversationId = conversationId;
  if (messageId) ids.messageId = messageId;
  return ids;
}

/** Cards a reply shows at most; an agent that sends a whole catalogue shows its first ones. */
export const MAX_PRODUCTS = 10;
export const MAX_SUGGESTIONS = 5;
/** A quick reply is a short answer, sent as the shopper's message: a longer one is dropped, never cut. */
export const MAX_SUGGESTION_LENGTH = 80;
const MAX_NAME_LENGTH = 200;
/** Only resolves relative URLs for the check: a relative product URL stays relative to the page. */
const CHECK_BASE = 'https://base.invalid/';

/** An http(s) URL as given (relative or absolute), or `undefined`; `https` alone for images. */
function productUrl(value: unknown, https?: boolean): string | undefined {
  const url = typeof value === 'string' && value.trim() ? safeUrl(value.trim(), CHECK_BASE) : undefined;
  return url && (https ? /^https:/ : /^https?:/).test(url) ? (url.startsWith(CHECK_BASE) ? url.slice(CHECK_BASE.length - 1) : url) : undefined;
}

const finite = (value: unknown): number | undefined => {
  const number = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : undefined;
};

/**
 * One product in any tolerated shape, every field checked; `undefined` for one that cannot be shown
 * (no name or link, a link that is not http(s), a draft or archived product).
 */
function adaptProduct(value: unknown): Product | undefined {
  if (!isObject(value) || /^(archived|draft)$/i.test(pickString(value, 'status') ?? '')) return undefined;
  const name = pickString(value, 'name', 'title')?.trim().slice(0, MAX_NAME_LENGTH);
  const url = productUrl(value.url);
  if (!name || !url) return undefined;
  const id = value.id;
  const price = isObject(value.price) ? value.price : { amount: value.price, currency: value.currency };
  const amount = finite(price.amount);
  const currency = pickString(price, 'currency')?.trim().toUpperCase();
  const images = Array.isArray(value.images) ? value.images : [];
  const image = productUrl(isObject(images[0]) ? images[0].url : (images[0] ?? value.image), true);
  const availability = pickDefined(value, 'availability', 'inStock');
  return {
    id: typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 128) : url,
    name,
    url,
    ...(amount !== undefined && currency && /^[A-Z]{3}$/.test(currency) && { price: { amount, currency } }),
    ...(image && { image }),
    ...(typeof availability === 'boolean' && { availability }),
  };
}

/** Products under `products` or `items` of any of `sources`, malformed ones dropped, each id once. */
export function adaptProducts(...sources: unknown[]): Product[] {
  const products: Product[] = [];
  for (const source of sources) {
    const list = isObject(source) ? (pickDefined(source, 'products', 'items') as unknown) : undefined;
    for (const entry of Array.isArray(list) ? list : []) {
      const product = adaptProduct(entry);
      if (product && products.length < MAX_PRODUCTS && !products.some((known) => known.id === product.id)) products.push(product);
    }
  }
  return products;
}

/** `{products, quantity}` of an event's containers; nothing for an event without products. */
function productFields(...sources: unknown[]): ProductFields {
  const products = adaptProducts(...sources);
  const quantity = sources
    .flatMap((source) => (isObject(source) ? [source.quantity, ...[source.products, source.items].flat()] : []))
    .map((entry) => (isObject(entry) ? entry.quantity : entry))
    .find((entry) => Number.isInteger(entry) && (entry as number) > 0 && (entry as number) < 1000) as number | undefined;
  return products.length > 0 ? { products, ...(quantity !== undefined && { quantity }) } : {};
}

/** Quick replies as `suggestions` or `quickReplies`, each a string or `{label}` / `{text}`; short, few, each once. */
export function adaptSuggestions(source: Json): string[] {
  const list = pickDefined(source, 'suggestions', 'quickReplies');
  const suggestions: string[] = [];
  for (const entry of Array.isArray(list) ? list : []) {
    const text = (typeof entry === 'string' ? entry : isObject(entry) ? pickString(entry, 'label', 'text') : undefined)?.trim();
    if (text && text.length <= MAX_SUGGESTION_LENGTH && !suggestions.includes(text) && suggestions.length < MAX_SUGGESTIONS) suggestions.push(text);
  }
  return suggestions;
}

/**
 * Turns one raw SSE message into a canonical event, or `null` for anything the
 * widget should ignore (unknown types, empty keep-alive frames).
 */
export function adaptStreamEvent(raw: RawSseMessage): TotebotStreamEvent | null {
  const payload = parseJsonObject(raw.data);
  const namedType = raw.event && raw.event !== 'message' ? raw.event : undefined;
  const type = namedType ?? (payload && pickString(payload, 'type'));

  if (!payload) {
    // A non-JSON `data:` line on a `chunk` event is the text itself.
    return type === 'chunk' && raw.data !== '' ? { type: 'chunk', content: raw.data } : null;
  }
  const ids = pickIds(payload);

  switch (type) {
    case 'chunk': {
      const content = pickString(payload, 'content', 'text', 'delta', 'chunk');
      return content === undefined ? null : { type, content, ...ids };
    }
    case 'tool_call':
      return {
        type,
        id: pickString(payload, 'id', 'toolCallId', 'actionId') ?? '',
        name: pickString(payload, 'name', 'tool') ?? 'tool',
        arguments: pickDefined(payload, 'arguments', 'args', 'input') ?? {},
        ...productFields(payload.result),
        ...ids,
      };
    case 'action_started': {
      const label = pickString(payload, 'label');
      return {
        type,
        id: pickString(payload, 'id', 'actionId', 'toolCallId') ?? '',
        action: pickString(payload, 'action', 'name') ?? 'action',
        ...(label !== undefined && { label }),
        ...(payload.data !== undefined && { data: payload.data }),
        ...productFields(payload.data),
        ...ids,
      };
    }
    case 'action_completed':
      return {
        type,
        id: pickString(payload, 'id', 'actionId', 'toolCallId') ?? '',
        action: pickString(payload, 'action', 'name') ?? 'action',
        success: typeof payload.success === 'boolean' ? payload.success : payload.error === undefined,
        ...(payload.result !== undefined && { result: payload.result }),
        ...productFields(payload.result),
        ...ids,
      };
    case 'completed': {
      const content = pickString(payload, 'content', 'text');
      const products = adaptProducts(payload);
      const suggestions = adaptSuggestions(payload);
      return {
        type,
        ...(content !== undefined && { content }),
        ...(products.length > 0 && { products }),
        ...(suggestions.length > 0 && { suggestions }),
        ...ids,
      };
    }
    case 'conversation_token': {
      const token = pickString(payload, 'token');
      return ids.conversationId && token ? { type, conversationId: ids.conversationId, token } : null;
    }
    case 'error': {
      const nested = isObject(payload.error) ? payload.error : payload;
      return {
        type,
        code: pickString(nested, 'code') ?? 'stream_error',
        message: pickString(nested, 'message') ?? (typeof payload.error === 'string' ? payload.error : ''),
        ...ids,
      };
    }
    default:
      return null;
  }
}

export function normalizeRole(value: unknown): MessageRole | undefined {
  const role = typeof value === 'string' ? value.toLowerCase() : '';
  return role === 'user' || role === 'assistant' ? role : undefined;
}

/** Feedback in any letter case on input; `null` for anything else. */
export function normalizeFeedback(value: unknown): FeedbackValue | null {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  return upper === 'POSITIVE' || upper === 'NEGATIVE' ? upper : null;
}

/**
 * History as a bare array, or under `data` or `messages`. Entries without a known
 * role or without text are dropped rather than shown wrongly.
 */
export function adaptHistory(body: unknown): HistoryMessage[] {
  const list = Array.isArray(body)
    ? body
    : isObject(body)
      ? (Array.isArray(body.data) ? body.data : Array.isArray(body.messages) ? body.messages : [])
      : [];
  const messages: HistoryMessage[] = [];
  for (const entry of list) {
    if (!isObject(entry)) continue;
    const role = normalizeRole(entry.role);
    const content = pickString(entry, 'content', 'text');
    if (!role || content === undefined) continue;
    const createdAt = pickString(entry, 'createdAt', 'created_at');
    // The widget's own cache keeps a reply's cards and quick replies; read back as untrusted as a stream.
    const products = adaptProducts(entry);
    const suggestions = adaptSuggestions(entry);
    messages.push({
      id: pickString(entry, 'id', 'messageId', 'message_id') ?? '',
      role,
      content,
      ...(createdAt !== undefined && { createdAt }),
      feedback: normalizeFeedback(entry.feedback),
      ...(products.length > 0 && { products }),
      ...(suggestions.length > 0 && { suggestions }),
    });
  }
  return messages;
}

export function adaptAgent(body: unknown): AgentInfo {
  const source = isObject(body) && isObject(body.data) ? body.data : body;
  if (!isObject(source)) return {};
  const id = pickString(source, 'id');
  const name = pickString(source, 'name');
  return { ...(id !== undefined && { id }), ...(name !== undefined && { name }) };
}

/** The `{code, message}` of a JSON error body, whichever way it is nested. */
export function adaptErrorBody(body: unknown): { code?: string; message?: string } {
  if (!isObject(body)) return {};
  const source = isObject(body.error) ? body.error : body;
  const code = pickString(source, 'code');
  const message = pickString(source, 'message') ?? (typeof body.error === 'string' ? body.error : undefined);
  return { ...(code !== undefined && { code }), ...(message !== undefined && { message }) };
}
