/**
 * The simulator's shopping assistant: a deterministic script from a shopper's
 * message to the events of one reply. Pure: the simulator paces and sends them.
 */
import { formatPrice, productUrl, searchProducts, type Product } from './catalogue.js';

/** One step of a reply; the simulator fills in ids and sends it as an SSE frame. */
export type ReplyStep =
  | { kind: 'text'; text: string }
  | { kind: 'tool_call'; name: string; arguments: Record<string, unknown>; result?: Record<string, unknown> }
  | {
      kind: 'action';
      action: string;
      label: string;
      data: Record<string, unknown>;
      /** Carries the action out; its return value joins `result`. */
      apply?: (cart: Map<string, number>) => Record<string, unknown>;
      /** The result as it is (a script sent as JSON cannot carry `apply`). */
      result?: Record<string, unknown>;
      success?: boolean;
    }
  /** Fields added to the reply's `completed` frame: quick replies, products. */
  | { kind: 'completed_fields'; fields: Record<string, unknown> }
  | { kind: 'error'; code: string; message: string }
  /** A frame sent byte for byte, for tests of what a misbehaving upstream could send. */
  | { kind: 'raw'; frame: string }
  /** Silence, as a model thinking or a tool running. */
  | { kind: 'pause'; ms: number }
  /** The stream ends here, with neither `completed` nor `error` (a dropped connection). */
  | { kind: 'close' }
  /**
   * From here on the agent finishes and records the reply even if the reader goes away, as an agent that
   * writes its reply in the background does (without it, a reader that leaves stops the reply where it is).
   */
  | { kind: 'detached' }
  /** Instead of a stream, an HTTP error (only as the first step): 429 with Retry-After, 500, … */
  | { kind: 'http_error'; status: number; retryAfter?: number };

/** What the conversation offered last: a yes adds it. */
export interface ReplyContext {
  offered?: Product;
}

/** A catalogue product in Totebot's catalog shape, as the canonical `tool_call` result carries it. */
export function catalogProduct(product: Product): Record<string, unknown> {
  return {
    id: product.id,
    name: product.name,
    url: productUrl(product),
    status: 'active',
    availability: product.inStock !== false,
    price: { amount: product.price / 100, currency: 'EUR' },
    description: product.description,
    productType: product.category,
  };
}

/**
 * The same product in the contract's tolerated variants (`title`, a number `price` with a sibling
 * `currency`, `images` as strings, `inStock`): what a test scripts to prove the widget reads them.
 */
export function toleratedProduct(product: Product, image?: string): Record<string, unknown> {
  return {
    id: product.id,
    title: product.name,
    url: productUrl(product),
    price: product.price / 100,
    currency: 'EUR',
    ...(image && { images: [image] }),
    inStock: product.inStock !== false,
  };
}

const YES = /^\s*(yes|yeah|yep|sure|ok(ay)?|please do)\b/i;
const NO = /^\s*(no|nope|not now)\b/i;

const GREETING = /^\s*(hi|hello|hey|hallo|bonjour|hola|good (morning|afternoon|evening))\b/i;
const ADD_TO_CART = /\b(add|put)\b.*\b(cart|basket|bag)\b/i;
const LONG_ANSWER = /\b(everything|guide|long answer|in detail)\b/i;
const FAILURE = /\b(fail|break|crash)\b/i;
const HELP = /\b(help|what can you do)\b/i;

const HELP_TEXT =
  'I can help you find products, compare them and add them to your cart. Try:\n\n' +
  '- *Do you have a blue tote?*\n- *Add the blue tote to my cart*\n- *Tell me everything about caring for leather*';

function productLine(product: Product): string {
  return `- [${product.name}](${productUrl(product)}) — **${formatPrice(product.price)}**. ${product.description}`;
}

function searchReply(message: string): ReplyStep[] {
  const results = searchProducts(message);
  const query = { query: message.trim() };
  if (results.length === 0) {
    return [
      { kind: 'tool_call', name: 'search_products', arguments: query, result: { products: [] } },
      { kind: 'text', text: `I couldn't find anything matching that. Here is what I can do:\n\n${HELP_TEXT}` },
    ];
  }
  const [best] = results;
  return [
    { kind: 'tool_call', name: 'search_products', arguments: query, result: { products: results.map(catalogProduct) } },
    {
      kind: 'text',
      text:
        `Yes — here is what I found:\n\n${results.map(productLine).join('\n')}\n\n` +
        `Would you like me to add the **${best!.name}** to your cart?`,
    },
    // The yes/no follow-up: a "yes" adds the product just offered (see planReply).
    { kind: 'completed_fields', fields: { suggestions: ['Yes, add it', 'No, thanks'] } },
  ];
}

function addToCartReply(message: string, offered?: Product): ReplyStep[] {
  const product = offered ?? searchProducts(message, 1)[0];
  if (!product) {
    return [{ kind: 'text', text: 'Which product should I add? Tell me its name or colour, for example *the blue tote*.' }];
  }
  return [
    { kind: 'tool_call', name: 'search_products', arguments: { query: offered ? product.name : message.trim() } },
    {
      kind: 'action',
      action: 'add_to_cart',
      label: `Adding ${product.name} to cart`,
      // The product travels with the action, so the widget can confirm what went into the cart.
      data: { productId: product.id, name: product.name, quantity: 1, price: product.price, products: [catalogProduct(product)] },
      apply: (cart) => {
        cart.set(product.id, (cart.get(product.id) ?? 0) + 1);
        const cartCount = [...cart.values()].reduce((sum, quantity) => sum + quantity, 0);
        return { productId: product.id, quantity: 1, cartCount };
      },
    },
    { kind: 'text', text: `Done — I added the **${product.name}** (${formatPrice(product.price)}) to your cart. Anything else?` },
  ];
}

const LONG_TEXT = `## Caring for your bags

A good bag lasts for years if you treat it well. Here is everything in one place.

### Everyday care

Empty your bag regularly: crumbs and loose coins wear the lining faster than anything else. Store it stuffed with paper so it keeps its shape, and never hang a leather bag by its handles for weeks.

### Cleaning by material

| Material | Cleaning | Avoid |
| --- | --- | --- |
| Canvas | Cold hand wash, air dry | Tumble dryer |
| Linen | Gentle cycle at 30 °C | Bleach |
| Leather | Damp cloth, then conditioner | Soaking |
| Recycled PET | Wipe with soapy water | Heat |

### Leather conditioner

Apply a pea-sized amount every three months:

\`\`\`text
1. Wipe off dust with a dry cloth.
2. Rub conditioner in small circles.
3. Let it rest for 20 minutes.
4. Buff with a clean cloth.
\`\`\`

### Repairs

Every bag from our store has a **two-year warranty**. Loose stitching, broken zips and worn handles are repaired for free; write to [support@example.com](mailto:support@example.com) with a photo.

> Tip: a bag that is used every day ages better than one kept in a cupboard.

That's all — happy carrying!`;

/** The steps of the reply to `message`; a yes or no answers what the conversation offered last. */
export function planReply(message: string, context: ReplyContext = {}): ReplyStep[] {
  if (FAILURE.test(message)) {
    return [
      { kind: 'text', text: 'Let me check that for you… ' },
      { kind: 'error', code: 'agent_unavailable', message: 'The assistant is unavailable.' },
    ];
  }
  if (context.offered && YES.test(message)) return addToCartReply(message, context.offered);
  if (context.offered && NO.test(message)) return [{ kind: 'text', text: 'No problem. Is there anything else I can help you find?' }];
  if (ADD_TO_CART.test(message)) return addToCartReply(message);
  if (LONG_ANSWER.test(message)) return [{ kind: 'text', text: LONG_TEXT }];
  if (HELP.test(message)) return [{ kind: 'text', text: HELP_TEXT }];
  if (GREETING.test(message) && searchProducts(message).length === 0) {
    return [{ kind: 'text', text: `Hello! I'm Tote, this store's shopping assistant. ${HELP_TEXT}` }];
  }
  return searchReply(message);
}

/** Splits text into word-sized deltas, as a model streams tokens. */
export function splitIntoDeltas(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
}
