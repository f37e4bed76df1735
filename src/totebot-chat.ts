import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { createApiClient, type ApiClient, type ApiError } from './api/client.js';
import { AutoScrollController } from './controllers/auto-scroll-controller.js';
import { ConversationController } from './controllers/conversation-controller.js';
import { SessionController } from './controllers/session-controller.js';
import { emit } from './events.js';
import type { FeedbackValue, Identity, TotebotStreamEvent } from './protocol/events.js';
import { fromHistory, isUnfinished, toCached, type ChatMessage } from './state/conversation.js';
import { CACHED_MESSAGE_LIMIT, type StoredSession } from './state/session-store.js';
import { ENGLISH, format, type TotebotStrings } from './strings.js';
import { isRightToLeft, stringsFor } from './i18n/locales.js';
import { parseImageHosts, type MarkdownOptions } from './markdown/markdown-stream.js';
import { parseRgb, readableTextOn } from './theme/contrast.js';
import { styles } from './totebot-chat.styles.js';
import { chatIcon, closeIcon, newConversationIcon, sendIcon, stopIcon } from './views/icons.js';
import { errorText, renderMessage, type MessageViewContext } from './views/message-view.js';

/** Characters of a finished reply read out by the live region. */
const ANNOUNCEMENT_LIMIT = 400;

const sameIdentity = (a: Identity | undefined, b: Identity | undefined) => (a?.id ?? '') === (b?.id ?? '');

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
 * @fires totebot-feedback - The shopper rated a reply. Detail: `{ messageId, value }`.
 * @fires totebot-error - A request or a reply failed. Detail: `{ code, message, status? }`.
 *
 * @slot welcome - Replaces the welcome message shown before the first message.
 * @slot suggestions - Replaces the suggested questions (call `send()` from your own buttons).
 *
 * @csspart launcher - The round button that opens and closes the panel.
 * @csspart badge - The unread count on the launcher.
 * @csspart avatar - The agent's picture or initial in the header.
 * @csspart panel - The chat panel (a dialog in launcher mode).
 * @csspart header - The panel's title bar.
 * @csspart title - The agent's name in the title bar.
 * @csspart messages - The scrolling message log.
 * @csspart message - Every message; also `message-user` or `message-assistant`.
 * @csspart bubble - A message's text.
 * @csspart chips - The list of tool and action chips of a reply.
 * @csspart chip - One chip; also `chip-running`, `chip-done` or `chip-failed`.
 * @csspart typing - The typing indicator.
 * @csspart feedback - The helpful / not helpful buttons of a reply.
 * @csspart feedback-button - One feedback button.
 * @csspart error - A failed or interrupted reply's notice.
 * @csspart suggestions - The list of suggested questions.
 * @csspart suggestion - One suggested question.
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
 * @cssprop [--totebot-border=#d0d7de] - Borders.
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
 */
export class TotebotChat extends LitElement {
  static override styles = styles;

  /** Base URL of the Totebot proxy; empty means this page's origin. */
  @property() endpoint = '';

  /** `launcher`: a button in the corner that opens a panel. `inline`: the chat fills the element. */
  @property({ reflect: true }) mode: 'launcher' | 'inline' = 'launcher';

  /** Whether the panel is open (launcher mode). Use `open()`, `close()` or `toggle()` to change it. */
  @property({ type: Boolean, reflect: true, attribute: 'open' }) opened = false;

  /** The agent's display name; by default the name the proxy reports. */
  @property({ attribute: 'agent-name' }) agentName = '';

  /** The greeting shown before the first message. */
  @property({ attribute: 'welcome-message' }) welcomeMessage = '';

  /**
   * Language of the widget's texts (German, French, Spanish, Italian, Dutch, Portuguese,
   * Arabic and English are built in); by default the page's. Arabic and Hebrew lay out right to left.
   */
  @property({ reflect: true }) override lang = '';

  /** `light`, `dark`, or `auto` (follows the system). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light';

  /** Corner of the launcher: `right` or `left`. */
  @property({ reflect: true }) position: 'right' | 'left' = 'right';

  /** The signed-in visitor, sent with each message for the agent's user tracking. */
  @property({ attribute: false }) identity: Identity | undefined;

  /**
   * The store server's HMAC of `identity` (see README, Security). Required by a
   * proxy with TOTEBOT_IDENTITY_SECRET, which otherwise drops the identity.
   */
  @property({ attribute: false }) identitySignature: string | undefined;

  /**
   * Hosts (space- or comma-separated) whose https images may load in replies. Empty:
   * no image loads; each shows as a link, so a reply cannot make the page fetch anything.
   */
  @property({ attribute: 'image-hosts' }) imageHosts = '';

  /** Questions offered as buttons before the first message. The attribute takes them separated by `|`. */
  @property({
    converter: {
      fromAttribute: (value: string | null) => (value ?? '').split('|').map((entry) => entry.trim()).filter(Boolean),
      toAttribute: (value: string[]) => value.join('|'),
    },
  })
  suggestions: string[] = [];

  /** URL of the agent's picture for the header; by default a circle with the name's initial. */
  @property() avatar = '';

  /** Milliseconds a reply may stay silent before the widget ends it as interrupted. */
  @property({ type: Number, attribute: 'idle-timeout' }) idleTimeout = 90_000;

  /**
   * Whether the conversation may be stored on the device (IndexedDB). Set it to false until the
   * store's consent banner allows it (attribute `persist="false"`); turning it off deletes what is stored.
   */
  @property({
    converter: { fromAttribute: (value: string | null) => value !== 'false' && value !== 'off' },
    reflect: false,
  })
  persist = true;

  /** Days a stored conversation is kept after its last change. */
  @property({ type: Number, attribute: 'retention-days' }) retentionDays = 30;

  /** Overrides for any of the widget's texts. */
  @property({ attribute: false }) strings: Partial<TotebotStrings> = {};

  @state() private fetchedAgentName = '';
  @state() private draft = '';
  @state() private announcement = '';
  /** Replies that completed while the panel was closed. */
  @state() private unread = 0;
  @state() private online = typeof navigator === 'undefined' ? true : navigator.onLine;

  @query('.messages') private messageList?: HTMLElement;
  @query('textarea') private input?: HTMLTextAreaElement;
  @query('.launcher') private launcherButton?: HTMLButtonElement;

  /** The merged strings table; rebuilt only when `strings` changes, so views can compare it by identity. */
  private text: TotebotStrings = ENGLISH;
  private resolvedLang = '';
  private markdownOptions: MarkdownOptions = {};
  private apiClient: ApiClient | undefined;
  private agentRequested = false;

  private readonly conversation = new ConversationController(this, () => this.client, {
    onConversation: (conversationId, conversationToken) =>
      // No conversation: its cached messages go too, so the next person at this computer never sees them.
      this.session.save({ conversationId, conversationToken, ...(!conversationId && { messages: undefined }) }),
    onStreamEvent: (event) => this.forwardStreamEvent(event),
    onReply: (message) => void this.announceReply(message),
    onError: (error) => this.reportError(error),
  });

  private readonly session = new SessionController(this, () => this.storageScope, (stored) => this.adoptSession(stored));

  private readonly autoScroll = new AutoScrollController(this, () => this.messageList);

  /** The current conversation's id, once the agent has assigned one. */
  get conversationId(): string | undefined {
    return this.conversation.conversationId;
  }

  /** The conversation so far, oldest first. */
  get messages(): readonly ChatMessage[] {
    return this.conversation.messages;
  }

  private get client(): ApiClient {
    this.apiClient ??= createApiClient(this.endpoint);
    return this.apiClient;
  }


  private get displayAgentName(): string {
    return this.agentName || this.fetchedAgentName || this.text.defaultAgentName;
  }

  /** Stored sessions are kept apart per proxy, so two stores on one domain never mix. */
  private get storageScope(): string {
    return new URL(this.endpoint || '/', document.baseURI).href.replace(/\/+$/, '');
  }

  /** Opens the panel and moves focus to the message box. */
  open(): void {
    this.setOpen(true);
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
    if (!message) return;
    await this.session.ready;
    this.autoScroll.pin();
    this.announcement = '';
    emit(this, 'totebot-send', { text: message, conversationId: this.conversationId });
    await this.conversation.send(message, this.identity, this.identitySignature);
    this.announceFailure();
  }

  /** Stops the reply that is streaming; what arrived stays, marked as stopped. */
  stop(): void {
    this.conversation.stop();
  }

  /** Asks again for the last reply if it failed or was cut off, without repeating the shopper's message. */
  async retry(): Promise<void> {
    await this.conversation.retry(this.identity, this.identitySignature);
    this.announceFailure();
  }

  /** A failed or cut-off reply is said once, like a finished one. */
  private announceFailure(): void {
    const last = this.messages[this.messages.length - 1];
    if (last?.status === 'error' && last.error) this.announcement = errorText(last.error, this.text);
    else if (last?.status === 'interrupted') this.announcement = this.text.interrupted;
    else if (last?.status === 'stopped') this.announcement = this.text.stopped;
  }

  /** Starts a new conversation; the stored one is forgotten. Call it when the shopper logs out. */
  reset(): void {
    this.conversation.reset();
    this.announcement = '';
  }

  /** Deletes everything the widget stored on this device and starts a new conversation. */
  async forget(): Promise<void> {
    clearTimeout(this.draftTimer);
    this.draft = '';
    this.conversation.reset();
    this.announcement = '';
    await this.session.forgetAll();
  }

  /**
   * Sets who the visitor is, with the store server's signature of it when the
   * proxy verifies identities. A different signed-in user starts a new conversation.
   */
  identify(identity: Identity | undefined, options: { signature?: string } = {}): void {
    const changedUser = Boolean(this.identity?.id) && !sameIdentity(this.identity, identity);
    this.identity = identity;
    this.identitySignature = options.signature;
    this.session.save({ identity });
    if (changedUser) this.reset();
  }

  override connectedCallback(): void {
    // Before super: the session controller reads these when the host connects.
    this.session.persist = this.persist;
    this.session.retentionMs = this.retentionDays * 86_400_000;
    super.connectedCallback();
    this.addEventListener('keydown', this.onKeydown);
    window.addEventListener('online', this.onNetworkChange);
    window.addEventListener('offline', this.onNetworkChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onKeydown);
    window.removeEventListener('online', this.onNetworkChange);
    window.removeEventListener('offline', this.onNetworkChange);
    clearTimeout(this.draftTimer);
  }

  private readonly onNetworkChange = (): void => {
    this.online = navigator.onLine;
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('endpoint')) this.apiClient = undefined;
    if (changed.has('idleTimeout')) this.conversation.idleTimeoutMs = this.idleTimeout;
    if (changed.has('persist') && this.hasUpdated) this.session.setPersist(this.persist);
    // Not per streamed frame: only when the inputs can have changed (the page's lang is read on connect).
    if (changed.has('strings') || changed.has('lang') || !this.hasUpdated) {
      // `lang` on the element wins; else the page's language around it (BCP 47; only the primary subtag picks a table).
      this.resolvedLang = this.lang || this.closest<HTMLElement>('[lang]')?.lang || document.documentElement.lang || 'en';
      this.text = { ...stringsFor(this.resolvedLang), ...this.strings };
    }
    if (changed.has('imageHosts')) this.markdownOptions = { imageHosts: parseImageHosts(this.imageHosts) };
    if ((this.opened || this.mode === 'inline') && !this.agentName && !this.agentRequested) {
      this.agentRequested = true;
      this.client.getAgent().then(
        (agent) => (this.fetchedAgentName = agent.name ?? ''),
        () => {
          // The default name serves; a missing agent name is not worth an error.
        },
      );
    }
  }

  protected override firstUpdated(): void {
    this.fitTextToAccent();
  }

  /** Black or white text on the brand colour, whichever contrasts more (unless the page chose one). */
  private fitTextToAccent(): void {
    const probe = this.renderRoot.querySelector<HTMLElement>('.accent-probe');
    const pageChoice = getComputedStyle(this).getPropertyValue('--totebot-on-accent').trim();
    const accent = probe && parseRgb(getComputedStyle(probe).color);
    // Set through the CSSOM, which a strict Content Security Policy allows (a style attribute would not be).
    if (pageChoice || !accent) this.style.removeProperty('--_auto-on-accent');
    else this.style.setProperty('--_auto-on-accent', readableTextOn(accent));
  }

  private cachedMessages: readonly ChatMessage[] = [];

  protected override updated(): void {
    // Cache the conversation whenever it settles (a reply finished, history arrived, feedback changed).
    const { messages, busy } = this.conversation;
    if (busy || messages === this.cachedMessages) return;
    this.cachedMessages = messages;
    if (this.conversationId) this.session.save({ messages: toCached(messages, CACHED_MESSAGE_LIMIT) });
  }

  private setOpen(open: boolean): void {
    if (this.opened === open) return;
    this.opened = open;
    if (open) {
      this.unread = 0;
      // The page may have restyled since the first render.
      this.fitTextToAccent();
    }
    this.session.save({ open });
    emit(this, open ? 'totebot-open' : 'totebot-close', {});
    void this.updateComplete.then(() => {
      if (open && !matchMedia('(pointer: coarse)').matches) this.input?.focus();
      // Focus returns to the launcher only if it was inside the panel, never stolen from the page.
      if (!open && this.shadowRoot?.activeElement) this.launcherButton?.focus();
    });
  }

  private adoptSession(stored: StoredSession): void {
    // A page that already says who the visitor is wins over what was stored; another user's chat is not restored.
    const samePerson = !this.identity || sameIdentity(this.identity, stored.identity);
    if (!this.identity && stored.identity) this.identity = stored.identity;
    if (samePerson && stored.conversationId && !this.conversation.conversationId && this.messages.length === 0) {
      // Paint what the device remembers at once; the proxy's history then replaces it.
      this.conversation.showCached((stored.messages ?? []).map(fromHistory));
      void this.conversation.restore({ conversationId: stored.conversationId, token: stored.conversationToken });
    }
    if (!samePerson) {
      this.session.save({ conversationId: undefined, conversationToken: undefined, messages: undefined, identity: this.identity });
    }
    if (stored.open && this.mode !== 'inline') this.opened = true;
    if (stored.draft && !this.draft) this.draft = stored.draft;
  }

  private forwardStreamEvent(event: TotebotStreamEvent): void {
    switch (event.type) {
      case 'tool_call':
        emit(this, 'totebot-tool-call', { id: event.id, name: event.name, arguments: event.arguments });
        break;
      case 'action_started':
        emit(this, 'totebot-action', { phase: 'started', id: event.id, action: event.action, data: event.data });
        break;
      case 'action_completed':
        emit(this, 'totebot-action', {
          phase: 'completed',
          id: event.id,
          action: event.action,
          success: event.success,
          result: event.result,
        });
        break;
      case 'error':
        emit(this, 'totebot-error', { code: event.code, message: event.message });
        break;
    }
  }

  private reportError(error: ApiError): void {
    emit(this, 'totebot-error', { code: error.code, message: error.message, status: error.status });
  }

  private async announceReply(message: ChatMessage): Promise<void> {
    emit(this, 'totebot-reply', { message, conversationId: this.conversationId });
    if (this.mode !== 'inline' && !this.opened) this.unread += 1;
    await this.updateComplete;
    // textContent, not innerText: no forced layout of a long reply just to announce it.
    const bubble = this.renderRoot.querySelector<HTMLElement>('.message.assistant:last-of-type .markdown');
    const whole = (bubble?.textContent ?? message.content).replace(/\s+/g, ' ').trim();
    // Said once, when the reply is whole, never token by token; a long reply is announced by its
    // opening (the rest is in the log, where the reader can go on).
    const text = whole.length > ANNOUNCEMENT_LIMIT ? `${whole.slice(0, ANNOUNCEMENT_LIMIT).replace(/\s\S*$/, '')}…` : whole;
    this.announcement = format(this.text.replyAnnouncement, { agent: this.displayAgentName, text });
  }

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.mode !== 'inline' && this.opened) {
      event.stopPropagation();
      this.close();
    }
  };

  private onSubmit(event: Event): void {
    event.preventDefault();
    const text = this.draft;
    if (!text.trim() || this.conversation.busy || !this.online) return;
    this.setDraft('');
    void this.send(text);
  }

  private draftTimer: ReturnType<typeof setTimeout> | undefined;

  /** The unsent text survives a navigation to another page of the store (saved after a short pause in typing). */
  private setDraft(draft: string): void {
    this.draft = draft;
    clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => this.session.save({ draft: draft || undefined }), draft ? 300 : 0);
  }

  private onInputKeydown(event: KeyboardEvent): void {
    // Enter sends, Shift+Enter breaks the line; never while an input method is composing.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.onSubmit(event);
  }

  private onFeedback = (message: ChatMessage, value: FeedbackValue): void => {
    if (!message.id || message.feedback === value) return;
    const messageId = message.id;
    void this.conversation.setFeedback(message.key, value).then((sent) => {
      if (sent) emit(this, 'totebot-feedback', { messageId, value });
    });
  };

  protected override render() {
    const launcher = this.mode !== 'inline';
    return html`
      ${launcher ? this.renderLauncher() : nothing} ${this.renderPanel(launcher)}
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
      <span class="accent-probe" aria-hidden="true"></span>
    `;
  }

  private renderWelcome(text: TotebotStrings) {
    return html`<article part="message message-assistant" class="message assistant welcome">
        <div part="bubble" class="bubble" dir="auto"><slot name="welcome">${this.welcomeMessage || text.welcome}</slot></div>
      </article>
      <slot name="suggestions">
        ${this.suggestions.length > 0
          ? html`<ul part="suggestions" class="suggestions" aria-label=${text.suggestionsLabel}>
              ${this.suggestions.map(
                (suggestion) =>
                  html`<li><button type="button" part="suggestion" class="suggestion" dir="auto" @click=${() => void this.send(suggestion)}>
                    ${suggestion}
                  </button></li>`,
              )}
            </ul>`
          : nothing}
      </slot>`;
  }

  private renderLauncher() {
    const text = this.text;
    return html`<button
      part="launcher"
      class="launcher"
      type="button"
      aria-label=${this.opened ? text.closeChat : this.unread > 0 ? format(text.openChatUnread, { count: this.unread }) : text.openChat}
      aria-expanded=${this.opened ? 'true' : 'false'}
      aria-controls="panel"
      @click=${() => this.toggle()}
    >
      ${this.opened ? closeIcon : chatIcon}
    </button>
    ${this.unread > 0 && !this.opened
      ? // Beside the button, not in it: the button's name already says the count.
        html`<span part="badge" class="badge" aria-hidden="true">${this.unread > 9 ? '9+' : this.unread}</span>`
      : nothing}`;
  }

  private renderPanel(launcher: boolean) {
    const text = this.text;
    const agent = this.displayAgentName;
    const messages = this.conversation.messages;
    const context: MessageViewContext = {
      strings: text,
      agentName: agent,
      markdownOptions: this.markdownOptions,
      retryKey: this.conversation.canRetry ? messages[messages.length - 1]?.key : undefined,
      onRetry: () => void this.retry(),
      onFeedback: this.onFeedback,
    };
    return html`<section
      id="panel"
      part="panel"
      class="panel"
      lang=${this.resolvedLang}
      dir=${this.dir || (isRightToLeft(this.resolvedLang) ? 'rtl' : 'ltr')}
      role=${launcher ? 'dialog' : 'region'}
      aria-label=${format(text.panelLabel, { agent })}
      ?hidden=${launcher && !this.opened}
    >
      <header part="header" class="header">
        ${this.avatar
          ? html`<img part="avatar" class="avatar" src=${this.avatar} alt="" />`
          : html`<span part="avatar" class="avatar" aria-hidden="true">${agent.trim().charAt(0).toUpperCase()}</span>`}
        <h2 part="title" class="title">${agent}</h2>
        <button type="button" class="icon-button" aria-label=${text.newConversation} title=${text.newConversation} @click=${() => this.reset()}>
          ${newConversationIcon}
        </button>
        ${launcher
          ? html`<button type="button" class="icon-button" aria-label=${text.closeChat} title=${text.closeChat} @click=${() => this.close()}>
              ${closeIcon}
            </button>`
          : nothing}
      </header>
      <div part="messages" class="messages" role="log" aria-live="off" aria-label=${format(text.panelLabel, { agent })} tabindex="0" @scroll=${this.autoScroll.onScroll}>
        ${messages.length === 0 ? this.renderWelcome(text) : nothing}
        ${repeat(
          messages,
          (message) => message.key,
          (message) =>
            // A failed reply re-renders every time: its countdown and Retry button change without the message changing.
            isUnfinished(message)
              ? renderMessage(message, context)
              : guard([message, text, agent, this.markdownOptions], () => renderMessage(message, context)),
        )}
      </div>
      ${this.online ? nothing : html`<p part="offline" class="offline" role="status">${text.offline}</p>`}
      <form part="composer" class="composer" @submit=${this.onSubmit}>
        <textarea
          part="input"
          rows="1"
          aria-label=${text.messageLabel}
          placeholder=${text.messagePlaceholder}
          maxlength="4000"
          enterkeyhint="send"
          .value=${this.draft}
          @input=${(event: InputEvent) => this.setDraft((event.target as HTMLTextAreaElement).value)}
          @keydown=${this.onInputKeydown}
        ></textarea>
        ${this.conversation.busy
          ? html`<button part="stop-button" class="send stop" type="button" aria-label=${text.stop} title=${text.stop} @click=${() => this.stop()}>
              ${stopIcon}
            </button>`
          : html`<button part="send-button" class="send" type="submit" aria-label=${text.send} title=${text.send} ?disabled=${!this.draft.trim() || !this.online}>
              ${sendIcon}
            </button>`}
      </form>
    </section>`;
  }
}
