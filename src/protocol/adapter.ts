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
  ProxyStreamEvent,
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
/** A quick reply is a short answer, sent as the shopper's message: a longer one is dropped, never cut. */
const MAX_SUGGESTION_LENGTH = 80;
/** Only resolves relative URLs for the check: a relative product URL stays relative to the page. */
const CHECK_BASE = 'https://base.invalid/';

/** An allowed URL that `pattern` accepts (a relative one reads as a path from `/`), or `undefined`. */
function checkedUrl(value: unknown, pattern: RegExp): string | undefined {
  const url = typeof value === 'string' && value.trim() ? safeUrl(value.trim(), CHECK_BASE)?.replace(CHECK_BASE, '/') : undefined;
  return url && pattern.test(url) ? url : undefined;
}

/**
 * One product in any tolerated shape, every field checked; `undefined` for one that cannot be shown
 * (no name, no http(s) link, a draft or archived product).
 */
function adaptProduct(value: unknown): Product | undefined {
  if (!isObject(value) || /^(archived|draft)$/i.test(pickString(value, 'status') ?? '')) return undefined;
  const name = pickString(value, 'name', 'title')?.trim().slice(0, 200);
  const url = checkedUrl(value.url, /^(https?:|\/)/);
  if (!name || !url) return undefined;
  const { amount, currency } = isObject(value.price) ? value.price : { amount: value.price, currency: value.currency };
  const [first] = Array.isArray(value.images) ? value.images : [value.image];
  // Absolute only: the image's host is what image-hosts allows.
  const image = checkedUrl(isObject(first) ? first.url : first, /^https:/);
  const availability = pickDefined(value, 'availability', 'inStock');
  return {
    id: String(value.id ?? url).slice(0, 128),
    name,
    url,
    // NaN and Infinity fail the comparisons; an unknown currency means no price at all.
    ...(typeof amount === 'number' && amount >= 0 && amount < Infinity && typeof currency === 'string' && /^[a-z]{3}$/i.test(currency) && {
      price: { amount, currency: currency.toUpperCase() },
    }),
    ...(image && { image }),
    ...(typeof availability === 'boolean' && { availability }),
  };
}

/** Products under `products` or `items` of `source`, malformed ones dropped, at most MAX_PRODUCTS. */
export function adaptProducts(source: unknown): Product[] {
  const list = isObject(source) ? pickDefined(source, 'products', 'items') : undefined;
  return (Array.isArray(list) ? list.map(adaptProduct).filter((product) => product !== undefined) : []).slice(0, MAX_PRODUCTS);
}

/** A quantity of a product: a whole number from 1 to 999, else `undefined`. */
export function adaptQuantity(value: unknown): number | undefined {
  return Number.isInteger(value) && (value as number) > 0 && (value as number) < 1000 ? (value as number) : undefined;
}

/** `{products, quantity}` of an event's data or result; nothing for one without products. */
function productFields(source: unknown): ProductFields {
  const products = adaptProducts(source);
  const quantity = adaptQuantity((source as Json | undefined)?.quantity);
  return products.length > 0 ? { products, ...(quantity && { quantity }) } : {};
}

/**
 * The product an action's data names: its first product's, else a name of its own (`productName`,
 * `name` or `title`, as a product's name may be), so a chip can say what is being added.
 */
function actionProductName(data: unknown, products: ProductFields['products']): string | undefined {
  const name = products?.[0]?.name ?? (isObject(data) ? pickString(data, 'productName', 'name', 'title')?.trim().slice(0, 200) : undefined);
  return name || undefined;
}

/** Quick replies as `suggestions` or `quickReplies`, each a string or `{label}` / `{text}`; short, at most five, each once. */
export function adaptSuggestions(source: Json): string[] {
  const list = pickDefined(source, 'suggestions', 'quickReplies');
  const texts = (Array.isArray(list) ? list : []).map((entry: unknown) =>
    (typeof entry === 'string' ? entry : isObject(entry) ? pickString(entry, 'label', 'text') : undefined)?.trim(),
  );
  return [...new Set(texts)].filter((text): text is string => !!text && text.length <= MAX_SUGGESTION_LENGTH).slice(0, 5);
}

/** A reply's product cards and quick replies, each only where there is one. */
function replyParts(source: Json): Pick<HistoryMessage, 'products' | 'suggestions'> {
  const products = adaptProducts(source);
  const suggestions = adaptSuggestions(source);
  return { ...(products.length > 0 && { products }), ...(suggestions.length > 0 && { suggestions }) };
}

/**
 * Turns one raw SSE message into a canonical event, or `null` for anything the
 * widget should ignore (unknown types, empty keep-alive frames).
 */
export function adaptStreamEvent(raw: RawSseMessage): ProxyStreamEvent | null {
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
      const fields = productFields(payload.data);
      const productName = actionProductName(payload.data, fields.products);
      return {
        type,
        id: pickString(payload, 'id', 'actionId', 'toolCallId') ?? '',
        action: pickString(payload, 'action', 'name') ?? 'action',
        ...(label !== undefined && { label }),
        ...(payload.data !== undefined && { data: payload.data }),
        ...fields,
        ...(productName && { productName }),
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
      return { type, ...(content !== undefined && { content }), ...replyParts(payload), ...ids };
    }
    case 'conversation_token': {
      const token = pickString(payload, 'token');
      return ids.conversationId && token ? { type, conversationId: ids.conversationId, token } : null;
    }
    case 'error': {
      // An error frame is nested as an error body is.
      const { code = 'stream_error', message = '' } = adaptErrorBody(payload);
      return { type, code, message, ...ids };
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
    messages.push({
      id: pickString(entry, 'id', 'messageId', 'message_id') ?? '',
      role,
      content,
      ...(createdAt !== undefined && { createdAt }),
      feedback: normalizeFeedback(entry.feedback),
      // The widget's own cache keeps a reply's cards and quick replies; read back as untrusted as a stream.
      ...replyParts(entry),
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
