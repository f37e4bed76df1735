import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { ChatPanel } from './chat-panel.js';
import type { TeaserController } from './controllers/teaser-controller.js';
import { requestEarlyHistory, visitorsHint } from './early-history.js';
import { emit } from './events.js';
import { sameIdentity, type Identity } from './protocol/events.js';
import type { ChatMessage } from './state/conversation.js';
import { readOpenFlag, writeOpenFlag } from './storage/open-flag.js';
import { format, LAUNCHER_ENGLISH } from './launcher-strings.js';
import type { TotebotStrings } from './strings.js';
import { isRightToLeft, loadStrings, stringsFor, withTexts } from './i18n/locales.js';
import type { OpenOptions } from './panel/open-options.js';
import { launcherStyles } from './totebot-chat.styles.js';
import { chatIcon, closeIcon } from './views/icons.js';
import { whenPageIdle, type IdleTask } from './launcher/page-idle.js';
import { PendingChunks } from './launcher/pending-chunks.js';

/** Internal reactive state: rendering follows it, but it has no attribute (kept out of the manifest too). */
const INTERNAL_STATE: PropertyDeclarations = {
  panel: { state: true },
  translationsLoaded: { state: true },
};

/**
 * Totebot's AI shopping assistant as a chat launcher and panel (or an inline chat).
 *
 * @tagname totebot-chat
 * @summary Chat with the store's Totebot agent, streamed through the store's proxy.
 *
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
 * @cssprop [--totebot-accent=#1d4ed8] - Brand colour: launcher, header, the shopper's bubbles.
 * @cssprop [--totebot-on-accent] - Text on the brand colour; by default black or white, whichever contrasts more.
 * @cssprop [--totebot-background=#ffffff] - Panel background.
 * @cssprop [--totebot-surface=#f2f4f7] - The agent's bubbles.
 * @cssprop [--totebot-text=#1f2328] - Text colour.
 * @cssprop [--totebot-muted=#555f6b] - Secondary text.
 * @cssprop [--totebot-border=#d0d7de] - Borders of bubbles, code and tables.
 * @cssprop [--totebot-control-border=#7d8590] - Outlines of the message box and buttons (keep at least 3:1 against the background).
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
export class TotebotChat extends LitElement {
  static override styles = launcherStyles;

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
    ...INTERNAL_STATE,
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

  /** The panel chunk, once loaded (see chat-panel.ts): it owns the conversation, the draft and what is announced. */
  private panel: ChatPanel | undefined;
  /** The teaser, once its chunk has loaded: only with a `teaser` attribute. */
  private teaser: TeaserController | undefined;
  /** Bumped when a translation arrives, so the strings are merged again. */
  private translationsLoaded = 0;

  /** @internal The merged strings table; rebuilt only when its inputs change, so views can compare it by identity. */
  text = LAUNCHER_ENGLISH as TotebotStrings;
  /** @internal The language the texts are in (the element's, else the page's). */
  resolvedLang = '';
  private panelLoading: Promise<ChatPanel> | undefined;
  /** Whether the history asked for on the way to the panel is shown (not to a panel loaded only to forget). */
  private showEarlyHistory = true;

  /** The current conversation's id, once the agent has assigned one. */
  get conversationId(): string | undefined {
    return this.panel?.conversationId;
  }

  /** The conversation so far, oldest first. */
  get messages(): readonly ChatMessage[] {
    return this.panel?.messages ?? [];
  }

  /**
   * Loads the panel chunk (once). Called on the shopper's first sign of interest, when the panel
   * opens, on the first send, or, for a returning visitor with a conversation, when the browser is idle.
   */
  private loadPanel(): Promise<ChatPanel> {
    if (!this.panelLoading) {
      // A returning visitor's history leaves now, beside the chunk, not after it (see early-history.ts).
      const early = requestEarlyHistory(this);
      this.panelLoading = this.chunks.track(
        // Not to a panel loaded to forget, nor after the element left (it restores from the stored session when back).
        import('./chat-panel.js').then(({ ChatPanel }) => (this.panel = new ChatPanel(this, this.showEarlyHistory && this.isConnected ? early : undefined))),
      );
    }
    return this.panelLoading;
  }

  private readonly chunks = new PendingChunks();

  /** `updateComplete` also waits for a chunk in flight (the panel, a translation): what it renders is part of the update. */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.chunks.settle(() => super.getUpdateComplete());
  }

  /** @internal Stored sessions are kept apart per proxy, so two stores on one domain never mix. */
  get storageScope(): string {
    return new URL(this.endpoint || '/', document.baseURI).href.replace(/\/+$/, '');
  }

  /**
   * Opens the panel and moves focus to the message box. `message` is put in the box, e.g. from a
   * "Questions about this product?" button; with `send: true` it is sent as the shopper once the
   * panel is ready.
   * @param options - `{ message?, send? }`: text for the message box, and whether to send it instead.
   */
  open(options?: OpenOptions): void {
    this.setOpen(true);
    if (options) void this.loadPanel().then((panel) => panel.compose(options));
  }

  /** Closes the panel. */
  close(): void {
    this.setOpen(false);
  }

  /** Opens a closed panel, closes an open one. */
  toggle(): void {
    this.setOpen(!this.opened);
  }

  /** Sends `text` as the shopper; resolves when the reply has finished. */
  async send(text: string): Promise<void> {
    const message = text.trim();
    if (message) await (await this.loadPanel()).send(message);
  }

  /** Stops the reply that is streaming; what arrived stays, marked as stopped. */
  stop(): void {
    this.panel?.stop();
  }

  /** Asks again for the last reply if it failed or was cut off, without repeating the shopper's message. */
  async retry(): Promise<void> {
    await this.panel?.retry();
  }

  /** Starts a new conversation; the stored one is forgotten. Call it when the shopper logs out. */
  reset(): void {
    // Before the panel has loaded, the stored conversation is still on the device: load it to forget it.
    if (this.panel) this.panel.reset();
    else void this.panelToForget().then((panel) => panel.reset());
  }

  /** Deletes everything the widget stored on this device and starts a new conversation. */
  async forget(): Promise<void> {
    await (await this.panelToForget()).forget();
  }

  /** The panel, loaded to forget the stored conversation: the history asked for on the way is not shown. */
  private panelToForget(): Promise<ChatPanel> {
    if (!this.panel) this.showEarlyHistory = false;
    return this.loadPanel();
  }

  /**
   * Sets who the visitor is, with the store server's signature of it when the
   * proxy verifies identities. A different signed-in user starts a new conversation.
   */
  identify(identity: Identity | undefined, options: { signature?: string } = {}): void {
    // The stored visitor counts too, while the page had said nothing.
    const current = this.panel?.identity ?? this.identity;
    const changedUser = Boolean(current?.id) && !sameIdentity(current, identity);
    this.identity = identity;
    this.identitySignature = options.signature;
    this.panel?.identify(identity);
    if (changedUser) this.reset();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.onKeydown);
    if (this.persist && this.mode !== 'inline' && readOpenFlag(this.storageScope)) this.opened = true;
    // Most shoppers never open the chat: a first visit loads the panel only on intent.
    if (!this.panelLoading && visitorsHint(this)) this.idleLoad = whenPageIdle(() => void this.loadPanel());
    // Its own chunk: a page without a teaser never loads it.
    if (this.hasAttribute('teaser')) void import('./controllers/teaser-controller.js').then(({ TeaserController }) => (this.teaser ??= new TeaserController(this)));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onKeydown);
    this.idleLoad?.cancel();
  }

  protected override willUpdate(changed: PropertyValues): void {
    // Each proxy has its own conversation, stored session and tabs.
    if (changed.has('endpoint') && this.hasUpdated) this.panel?.rescope();
    if (changed.has('persist') && this.hasUpdated) {
      this.panel?.setPersist(this.persist);
      // Consent given: an open panel is remembered. Withdrawn: nothing stays.
      if (!this.persist) writeOpenFlag(this.storageScope);
      else if (this.opened) writeOpenFlag(this.storageScope, true);
    }
    // Not per streamed frame: only when the inputs can have changed (the page's lang is read on connect).
    if (changed.has('strings') || changed.has('lang') || changed.has('translationsLoaded') || changed.has('panel') || !this.hasUpdated) {
      // `lang` on the element wins; else the page's language around it (BCP 47; only the primary subtag picks a table).
      // From the parent: the element reflects its own (possibly empty) lang attribute.
      this.resolvedLang = this.lang || this.parentElement?.closest<HTMLElement>('[lang]')?.lang || document.documentElement.lang || 'en';
      const table = stringsFor(this.resolvedLang);
      // Until a translation's chunk arrives the previous table serves (the launcher's label, for a moment).
      // Only the panel reads texts beyond the launcher's, and it loads with the whole English table.
      if (table !== undefined) {
        const english = this.panel?.english ?? LAUNCHER_ENGLISH;
        this.text = { ...english, ...withTexts(english, table), ...this.strings } as TotebotStrings;
      } else void this.chunks.track(loadStrings(this.resolvedLang)).then(() => (this.translationsLoaded += 1));
    }
    if ((this.opened || this.mode === 'inline') && !this.panel) void this.loadPanel();
  }

  /** A returning visitor's panel chunk, fetched when the page is idle. */
  private idleLoad: IdleTask | undefined;

  /**
   * The shopper shows interest: fetch the panel now. `pointerenter` comes with a mouse's hover and
   * also as a finger or pen touches down (before `pointerdown`), so it serves for both; then focus and click.
   */
  private readonly onIntent = (): void => {
    void this.loadPanel();
  };

  private setOpen(open: boolean): void {
    if (this.opened === open) return;
    this.opened = open;
    if (open) this.panel?.markRead();
    if (this.persist) writeOpenFlag(this.storageScope, open);
    emit(this, open ? 'totebot-open' : 'totebot-close', {});
    if (open) void this.loadPanel().then((panel) => panel.focusInput());
    // Focus returns to the launcher only if it was inside the panel, never stolen from the page.
    else void this.updateComplete.then(() => this.shadowRoot?.activeElement && this.renderRoot.querySelector<HTMLElement>('.launcher')?.focus());
  }

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.mode !== 'inline' && this.opened) {
      event.stopPropagation();
      this.close();
    }
  };

  protected override render() {
    const launcher = this.mode !== 'inline';
    const agent = this.panel?.displayName ?? (this.agentName || this.text.defaultAgentName);
    return html`
      ${launcher ? this.renderLauncher() : nothing}
      <section
        id="panel"
        part="panel"
        class="panel"
        lang=${this.resolvedLang}
        dir=${this.dir || (isRightToLeft(this.resolvedLang) ? 'rtl' : 'ltr')}
        role=${launcher ? 'dialog' : 'region'}
        aria-label=${format(this.text.panelLabel, { agent })}
        aria-busy=${this.panel ? 'false' : 'true'}
        ?hidden=${launcher && !this.opened}
      >
        ${this.panel?.render() ?? nothing}
      </section>
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.panel?.announcement}</div>
    `;
  }

  private renderLauncher() {
    const text = this.text;
    const unread = this.panel?.unread ?? 0;
    return html`<button
      part="launcher"
      class="launcher"
      type="button"
      aria-label=${this.opened ? text.closeChat : unread > 0 ? format(text.openChatUnread, { count: unread }) : text.openChat}
      aria-expanded=${this.opened ? 'true' : 'false'}
      aria-controls="panel"
      @click=${() => this.toggle()}
      @pointerenter=${this.onIntent}
      @focus=${this.onIntent}
    >
      ${chatIcon}${closeIcon}
    </button>
    ${unread > 0 && !this.opened
      ? // Beside the button, not in it: the button's name already says the count.
        html`<span part="badge" class="badge" aria-hidden="true">${unread > 9 ? '9+' : unread}</span>`
      : nothing}
    ${this.teaser?.render()}`;
  }
}
