import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
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
import { TotebotChatSettings } from './totebot-chat-settings.js';
import { chatIcon, closeIcon } from './views/icons.js';
import { whenPageIdle, type IdleTask } from './launcher/page-idle.js';
import { PendingChunks } from './launcher/pending-chunks.js';

/** Internal reactive state: rendering follows it, but it has no attribute (kept out of the manifest too). */
const INTERNAL_STATE: PropertyDeclarations = {
  panel: { state: true },
  translationsLoaded: { state: true },
};

// Its attributes, properties, events, parts and custom properties are documented with TotebotChatSettings,
// which it extends; the manifest lists them here, inherited.
/**
 * Totebot's AI shopping assistant as a chat launcher and panel (or an inline chat).
 *
 * @tagname totebot-chat
 * @summary Chat with the store's Totebot agent, streamed through the store's proxy.
 */
export class TotebotChat extends TotebotChatSettings {
  static override styles = launcherStyles;

  static override properties = INTERNAL_STATE;

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
    // The element's own `dir` if the page set one, else its language's: the panel's and the teaser's.
    const dir = this.dir || (isRightToLeft(this.resolvedLang) ? 'rtl' : 'ltr');
    return html`
      ${launcher ? this.renderLauncher(dir) : nothing}
      <section
        id="panel"
        part="panel"
        class="panel"
        lang=${this.resolvedLang}
        dir=${dir}
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

  private renderLauncher(dir: string) {
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
    ${this.teaser?.render(dir)}`;
  }
}
