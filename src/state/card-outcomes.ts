/**
 * What became of a product card's Add to cart when the page carried it out (`totebot-add-to-cart` with
 * `respondWith`): kept with the reply, by product id, so the card says it again after a reload. Pure.
 */

/** `adding` while the page's promise is pending; only `added` and `failed` outlive the page. */
export type CardOutcome = 'adding' | 'added' | 'failed';

export type CardOutcomes = Readonly<Record<string, CardOutcome>>;

interface WithOutcomes {
  cardOutcomes?: CardOutcomes;
}

/** The outcome of the card for `productId`, if any (own keys only: a product id may be "constructor"). */
export const cardOutcome = (message: WithOutcomes, productId: string): CardOutcome | undefined =>
  message.cardOutcomes && Object.hasOwn(message.cardOutcomes, productId) ? message.cardOutcomes[productId] : undefined;

export function withCardOutcome<Message extends WithOutcomes>(message: Message, productId: string, outcome: CardOutcome): Message {
  return { ...message, cardOutcomes: { ...message.cardOutcomes, [productId]: outcome } };
}

/**
 * Stored outcomes read back as untrusted: only `added` or `failed` (one still pending when the page went is
 * unknown on the next), only for the reply's own cards.
 */
export function readCardOutcomes(value: unknown, productIds: readonly string[]): CardOutcomes | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const read = productIds.filter((id) => Object.hasOwn(record, id) && (record[id] === 'added' || record[id] === 'failed'));
  return read.length > 0 ? Object.fromEntries(read.map((id) => [id, record[id] as CardOutcome])) : undefined;
}
