/**
 * Every text the widget shows or announces, in one typed table with English
 * defaults. A page overrides any subset through the `strings` property.
 * Placeholders in braces (`{agent}`) are filled by `format()`.
 */
import { format, LAUNCHER_ENGLISH } from './launcher-strings.js';

export interface TotebotStrings {
  openChat: string;
  /** The launcher's name while replies wait unread; `{count}` is their number. */
  openChatUnread: string;
  closeChat: string;
  /** The panel's accessible name. */
  panelLabel: string;
  defaultAgentName: string;
  /** The button that hides the teaser beside the launcher (`teaser` attribute). */
  dismissTeaser: string;
  /** Names the shopper's own messages for screen readers. */
  you: string;
  welcome: string;
  /** Names the list of suggested questions shown before the first message. */
  suggestionsLabel: string;
  messageLabel: string;
  messagePlaceholder: string;
  /** Under the message box once it nears the 4,000-character limit. */
  charactersLeft: string;
  /** Under the agent's name: the shopper is told they talk to an AI. */
  aiDisclosure: string;
  send: string;
  /** The button that stops a reply while it streams. */
  stop: string;
  newConversation: string;
  /** After the header's new-conversation button, beside Undo. */
  conversationCleared: string;
  undo: string;
  typing: string;
  helpful: string;
  notHelpful: string;
  feedbackFailed: string;
  /** Said for a few seconds after a rating is taken. */
  feedbackThanks: string;
  /** Said once by screen readers when a reply has finished. */
  replyAnnouncement: string;
  errorGeneric: string;
  errorUnreachable: string;
  errorRateLimited: string;
  errorUnavailable: string;
  /** The proxy refused the message as longer than it accepts. */
  errorTooLong: string;
  interrupted: string;
  /** A reply the shopper stopped. */
  stopped: string;
  retry: string;
  /** Shown while the device has no network. */
  offline: string;
  toolRunning: string;
  toolDone: string;
  actionRunning: string;
  actionDone: string;
  actionFailed: string;
  /** A tool or action still running when its reply was stopped or cut off: its outcome is unknown. */
  chipStopped: string;
  searchProductsRunning: string;
  searchProductsDone: string;
  addToCartRunning: string;
  addToCartDone: string;
  addToCartFailed: string;
  /** An add-to-cart still running when its reply was stopped or cut off: it may well have happened. */
  addToCartStopped: string;
  /** The add-to-cart chip when the action names its product; `{product}` is the product's name. */
  addToCartRunningNamed: string;
  addToCartDoneNamed: string;
  addToCartFailedNamed: string;
  /** The button over the foot of the log while newer text is out of view below. */
  jumpToLatest: string;
  /** Above the shopper's message when the agent no longer had the conversation and a new one began. */
  conversationRestarted: string;
  /** A product card's link to the product's page. */
  view: string;
  addToCart: string;
  /** Sent to the agent when the page does not add the product itself; `{name}` is the product's. */
  addToCartMessage: string;
  inStock: string;
  outOfStock: string;
  /** `{count}` items of a product in the cart confirmation. */
  quantity: string;
  /** The cart confirmation's links, when the page sets `cart-url` and `checkout-url`. */
  viewCart: string;
  checkout: string;
}

export const ENGLISH: TotebotStrings = {
  ...LAUNCHER_ENGLISH,
  // The teaser's chunk has its own copy for the time before this table loads (teaser-controller.ts;
  // a test keeps the two equal): importing either from the other would share a module between chunks.
  dismissTeaser: 'Dismiss',
  you: 'You',
  welcome: 'Hi! How can I help you today?',
  suggestionsLabel: 'Suggested questions',
  messageLabel: 'Message',
  messagePlaceholder: 'Ask a question…',
  charactersLeft: '{count} characters left',
  aiDisclosure: 'AI assistant',
  send: 'Send',
  stop: 'Stop',
  newConversation: 'New conversation',
  conversationCleared: 'Started a new conversation.',
  undo: 'Undo',
  typing: '{agent} is typing…',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  feedbackFailed: 'Your feedback could not be sent. Please try again.',
  feedbackThanks: 'Thanks for your feedback',
  replyAnnouncement: '{agent}: {text}',
  errorGeneric: 'Something went wrong with this reply.',
  errorUnreachable: 'The chat service can’t be reached right now.',
  errorRateLimited: 'The assistant is busy. Trying again in {seconds} s…',
  errorUnavailable: 'The assistant is unavailable right now.',
  errorTooLong: 'This message is too long: the limit is 4,000 characters.',
  interrupted: 'The reply was interrupted.',
  stopped: 'You stopped this reply.',
  retry: 'Retry',
  offline: 'You are offline. Messages can be sent again once you are back online.',
  toolRunning: 'Using {name}…',
  toolDone: 'Used {name}',
  actionRunning: '{name}…',
  actionDone: 'Done: {name}',
  actionFailed: 'Failed: {name}',
  chipStopped: 'Stopped: {name}',
  searchProductsRunning: 'Searching products…',
  searchProductsDone: 'Searched products',
  addToCartRunning: 'Adding to cart…',
  addToCartDone: 'Added to cart',
  addToCartFailed: 'Could not add to cart',
  addToCartStopped: 'Stopped: check your cart',
  addToCartRunningNamed: 'Adding {product} to your cart…',
  addToCartDoneNamed: 'Added {product} to your cart',
  addToCartFailedNamed: 'Could not add {product} to your cart',
  jumpToLatest: 'Jump to latest',
  conversationRestarted: 'The earlier chat had expired: this is a new one.',
  view: 'View',
  addToCart: 'Add to cart',
  addToCartMessage: 'Add the {name} to my cart',
  inStock: 'In stock',
  outOfStock: 'Out of stock',
  quantity: 'Quantity: {count}',
  viewCart: 'View cart',
  checkout: 'Checkout',
};

export { format };

/** "search_products" → "search products": a readable fallback for unknown tools. */
export const humanize = (name: string): string => name.replace(/[_-]+/g, ' ').trim();
