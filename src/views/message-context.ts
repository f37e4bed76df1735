/** What a message's templates read and call: given by the panel, so views know no element. */
import type { MarkdownOptions } from '../markdown/markdown-stream.js';
import type { FeedbackValue } from '../protocol/events.js';
import type { CardOutcome } from '../state/card-outcomes.js';
import type { ChatMessage } from '../state/conversation.js';
import type { TotebotStrings } from '../strings.js';

export interface MessageViewContext {
  strings: TotebotStrings;
  agentName: string;
  markdownOptions: MarkdownOptions;
  /** The failed reply that may be asked again, if any. */
  retryKey: string | undefined;
  onRetry(): void;
  onFeedback(message: ChatMessage, value: FeedbackValue): void;
  /** The reply whose rating was just taken: it says thanks. */
  thanked: string | undefined;
  /** Keys of the messages that enter with motion. */
  entering: ReadonlySet<string>;
  /** The widget's language, for prices. */
  lang: string;
  /** The element's `cart-url` and `checkout-url`, for the cart confirmation. */
  cartUrl: string | null;
  checkoutUrl: string | null;
  /** Sends a message as the shopper (a quick reply, or asking the agent to add a product). */
  send(text: string): void;
  /** What became of a card's Add to cart that the page carried out: kept with the message `key`. */
  onCardOutcome(key: string, productId: string, outcome: CardOutcome): void;
}
