/**
 * The element's public settings (attributes and properties, their defaults and documentation) and the
 * documentation of its events, slots, parts and custom properties: what a store's developer reads in the
 * custom-elements manifest. Behaviour lives in the element, `TotebotChat`, which extends this class.
 */
import { LitElement, type PropertyDeclarations } from 'lit';
import type { Identity } from './protocol/events.js';
import type { TotebotStrings } from './strings.js';

/**
 * @fires totebot-open - The panel opened.
 * @fires totebot-close - The panel closed.
 * @fires totebot-send - The shopper sent a message. Detail: `{ text, conversationId }`.
 * @fires totebot-reply - A reply finished. Detail: `{ message, conversationId }`.
 * @fires totebot-tool-call - The agent called a tool. Detail: `{ id, name, arguments }`.
 * @fires totebot-action - An agent action started or completed, e.g. add-to-cart. Detail: `{ phase, id, action, data | success, result }`.
 * @fires totebot-feedback - The shopper rated a reply, or withdrew the rating (`value` null, on this device only). Detail: `{ messageId, value }`.
 * @fires totebot-error - A request or a reply failed. Detail: `{ code, message, status? }`.
 * @fires totebot-add-to-cart - The shopper pressed "Add to cart" on a product card; cancelable. Detail: `{ product, quantity, respondWith(promise) }`.
 *
 * @attr cart-url - The store's cart page, linked from the confirmation of an add-to-cart (read as the confirmation renders).
 * @attr checkout-url - The store's checkout page, linked beside it.
 * @attr teaser - A short text shown beside the launcher once per browser tab, e.g. "Questions about this tote?"; a click on it opens the chat. Read when the element connects; its code loads only then.
 * @attr teaser-delay - Milliseconds after the element connects before the teaser shows (default 3000).
 *
 * @slot welcome - Replaces the welcome message shown before the first message.
 * @slot suggestions - Replaces the suggested questions (call `send()` from your own buttons).
 *
 * @csspart launcher - The round button that opens and closes the panel.
 * @csspart badge - The unread count on the launcher.
 * @csspart teaser - The teaser beside the launcher (`teaser` attribute).
 * @csspart teaser-message - The teaser's text, a button that opens the chat.
 * @csspart teaser-close - The button that dismisses the teaser.
 * @csspart avatar - The agent's picture or initial in the header.
 * @csspart panel - The chat panel (a dialog in launcher mode).
 * @csspart header - The panel's title bar.
 * @csspart title - The agent's name in the title bar.
 * @csspart messages - The scrolling message log.
 * @csspart jump-button - "Jump to latest", over the foot of the log while newer text is out of view below.
 * @csspart message - Every message; also `message-user` or `message-assistant`.
 * @csspart bubble - A message's text.
 * @csspart chips - The list of tool and action chips of a reply.
 * @csspart chip - One chip; also `chip-running`, `chip-done`, `chip-failed` or `chip-stopped` (outcome unknown).
 * @csspart typing - The typing indicator.
 * @csspart feedback - The helpful / not helpful buttons of a reply.
 * @csspart feedback-button - One feedback button.
 * @csspart error - A failed or interrupted reply's notice.
 * @csspart notice - The line saying a new conversation began because the earlier one had expired.
 * @csspart suggestions - The list of suggested questions, and of the quick replies under the last reply.
 * @csspart suggestion - One suggested question or quick reply.
 * @csspart products - A reply's product cards (a row that scrolls sideways).
 * @csspart product - One product card.
 * @csspart product-image - A card's image, or its placeholder when the image's host is not in `image-hosts`.
 * @csspart product-link - A card's "View" link.
 * @csspart add-to-cart - A card's "Add to cart" button.
 * @csspart cart - The confirmation of a completed add-to-cart.
 * @csspart cart-link - Its link to `cart-url`.
 * @csspart checkout-link - Its link to `checkout-url`.
 * @csspart retry-button - Asks again for a failed, interrupted or stopped reply.
 * @csspart offline - The notice shown while the device is offline.
 * @csspart composer - The message form.
 * @csspart input - The message text box.
 * @csspart send-button - The send button.
 * @csspart stop-button - Stops the reply that is streaming (in place of the send button).
 *
 * @cssprop [--totebot-accent=#1d4ed8] - Brand colour: launcher, header, the shopper's bubbles (default #2563eb in the dark theme, 3:1 against its panel).
 * @cssprop [--totebot-on-accent] - Text on the brand colour; by default black or white, whichever contrasts more.
 * @cssprop [--totebot-background=#ffffff] - Panel background.
 * @cssprop [--totebot-surface=#f2f4f7] - The agent's bubbles.
 * @cssprop [--totebot-text=#1f2328] - Text colour.
 * @cssprop [--totebot-muted=#555f6b] - Secondary text.
 * @cssprop [--totebot-border=#d0d7de] - Borders of bubbles, code and tables.
 * @cssprop [--totebot-control-border=#7d8590] - Outlines of the message box and buttons, and scrollbar thumbs (keep at least 3:1 against the background).
 * @cssprop [--totebot-focus-ring] - The keyboard focus ring; by default the brand colour (light) or the link colour (dark).
 * @cssprop [--totebot-link=#1a4bc4] - Links in replies.
 * @cssprop [--totebot-danger=#b42318] - Error text.
 * @cssprop [--totebot-radius=16px] - Corner radius of panel and bubbles.
 * @cssprop [--totebot-font=system-ui] - Font family (no font is downloaded).
 * @cssprop [--totebot-offset=20px] - Launcher distance from the viewport edges.
 * @cssprop [--totebot-z-index=2147483000] - Stacking order of the launcher and panel.
 * @cssprop [--totebot-panel-width=380px] - Panel width.
 * @cssprop [--totebot-panel-height=620px] - Panel height.
 * @cssprop [--totebot-inline-height=560px] - Height in inline mode.
 * @cssprop [--totebot-badge=#c62828] - The unread badge's colour (its text is white).
 * @cssprop [--totebot-card-width=164px] - Width of a product card.
 */
export class TotebotChatSettings extends LitElement {
  // Declared here rather than with decorators: the same reactive properties, in fewer bytes
  // of the script every store page loads. JSDoc stays on the fields below.
  static override properties: PropertyDeclarations = {
    endpoint: {},
    mode: { reflect: true },
    opened: { type: Boolean, reflect: true, attribute: 'open' },
    agentName: { attribute: 'agent-name' },
    welcomeMessage: { attribute: 'welcome-message' },
    lang: { reflect: true },
    theme: { reflect: true },
    position: { reflect: true },
    identity: { attribute: false },
    identitySignature: { attribute: false },
    imageHosts: { attribute: 'image-hosts' },
    suggestions: {
      converter: {
        fromAttribute: (value: string | null) => (value ?? '').split('|').map((entry) => entry.trim()).filter(Boolean),
        toAttribute: (value: string[]) => value.join('|'),
      },
    },
    avatar: {},
    idleTimeout: { type: Number, attribute: 'idle-timeout' },
    persist: { converter: { fromAttribute: (value: string | null) => value !== 'false' && value !== 'off' } },
    retentionDays: { type: Number, attribute: 'retention-days' },
    strings: { attribute: false },
  };

  /** Base URL of the Totebot proxy; empty means this page's origin. */
  endpoint = '';

  /** `launcher`: a button in the corner that opens a panel. `inline`: the chat fills the element. */
  mode: 'launcher' | 'inline' = 'launcher';

  /** Whether the panel is open (launcher mode). Use `open()`, `close()` or `toggle()` to change it. */
  opened = false;

  /** The agent's display name; by default the name the proxy reports. */
  agentName = '';

  /** The greeting shown before the first message. */
  welcomeMessage = '';

  /**
   * Language of the widget's texts (German, French, Spanish, Italian, Dutch, Portuguese,
   * Arabic and English are built in); by default the page's. Arabic and Hebrew lay out right to left.
   */
  override lang = '';

  /** `light`, `dark`, or `auto` (follows the system). */
  theme: 'light' | 'dark' | 'auto' = 'light';

  /** Corner of the launcher: `right` or `left`. */
  position: 'right' | 'left' = 'right';

  /** The signed-in visitor, sent with each message for the agent's user tracking. */
  identity: Identity | undefined;

  /**
   * The store server's HMAC of `identity` (see README, Security). Required by a
   * proxy with TOTEBOT_IDENTITY_SECRET, which otherwise drops the identity.
   */
  identitySignature: string | undefined;

  /**
   * Hosts (space- or comma-separated) whose https images may load in replies. Empty:
   * no image loads; each shows as a link, so a reply cannot make the page fetch anything.
   */
  imageHosts = '';

  /** Questions offered as buttons before the first message. The attribute takes them separated by `|`. */
  suggestions: string[] = [];

  /** URL of the agent's picture for the header; by default a circle with the name's initial. */
  avatar = '';

  /** Milliseconds a reply may stay silent before the widget ends it as interrupted. */
  idleTimeout = 90_000;

  /**
   * Whether the conversation may be stored on the device (IndexedDB). Set it to false until the
   * store's consent banner allows it (attribute `persist="false"`); turning it off deletes what is stored.
   */
  persist = true;

  /** Days a stored conversation is kept after its last change. */
  retentionDays = 30;

  /** Overrides for any of the widget's texts. */
  strings: Partial<TotebotStrings> = {};
}
