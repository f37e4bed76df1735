/**
 * Everything the open chat needs: the conversation, the stream, Markdown, the
 * message views and the panel's styles. `<totebot-chat>` loads this chunk on the
 * shopper's first sign of interest (hover, focus or click on the launcher, or
 * the browser's idle time), so until then a page pays only for the launcher.
 * The element stays the public face; this class wires the panel's parts together
 * and is the only way the element reaches them.
 */
// First, and in this order: a chunk's modules follow the order they run in, and with marked (which
// the Markdown modules import) ahead of the widget's own code, then the styles, the chunk compresses
// smaller than with marked in the middle (docs/benchmarks.md).
import { parseImageHosts, type MarkdownOptions } from './markdown/markdown-stream.js';
import { adoptPanelStyles } from './panel/adopt-panel-styles.js';
import { nothing, type ReactiveController } from 'lit';
import { createApiClient, type ApiClient } from './api/client.js';
import { AgentInfoController } from './controllers/agent-info-controller.js';
import { Announcer } from './controllers/announcer.js';
import { AutoScrollController } from './controllers/auto-scroll-controller.js';
import { ConversationController } from './controllers/conversation-controller.js';
import { EnterMotionController } from './controllers/enter-motion-controller.js';
import { rateReply } from './controllers/rate-reply.js';
import { FeedbackController } from './controllers/feedback-controller.js';
import { FocusTrapController } from './controllers/focus-trap-controller.js';
import { HistoryWindowController } from './controllers/history-window-controller.js';
import { RestoreController } from './controllers/restore-controller.js';
import { CacheController } from './controllers/cache-controller.js';
import { ComposerController } from './controllers/composer-controller.js';
import { TurnController } from './controllers/turn-controller.js';
import { ViewportController } from './controllers/viewport-controller.js';
import type { EarlyHistory } from './early-history.js';
import { emit } from './events.js';
import type { OpenOptions } from './panel/open-options.js';
import type { PanelHost } from './panel/panel-host.js';
import { renderHeader, renderLog, renderUndo, renderWelcome } from './panel/panel-view.js';
import { StartOver } from './panel/start-over.js';
import { forwardStreamEvent } from './panel/stream-events.js';
import type { Identity } from './protocol/events.js';
import { withCardOutcome } from './state/card-outcomes.js';
import type { ChatMessage } from './state/conversation.js';
import { memoLast } from './state/memo-last.js';
import { DeviceStore } from './storage/device-store.js';
import { ENGLISH, type TotebotStrings } from './strings.js';
import { FontWarmup } from './views/font-warmup.js';
import type { MessageViewContext } from './views/message-view.js';

export class ChatPanel implements ReactiveController {
  /** The whole English table, under any translation the element merges. */
  readonly english: TotebotStrings = ENGLISH;
  readonly #conversation: ConversationController;
  readonly #device: DeviceStore;
  readonly #restore: RestoreController;
  readonly #agent: AgentInfoController;
  readonly #window: HistoryWindowController;
  readonly #announcer: Announcer;
  readonly #autoScroll: AutoScrollController;
  readonly #turns: TurnController;
  readonly #feedback: FeedbackController;
  readonly #motion: EnterMotionController;
  readonly #host: PanelHost;
  readonly #composer: ComposerController;
  readonly #startOver: StartOver;
  readonly #clientFor = memoLast(createApiClient);
  readonly #markdownOptionsFor = memoLast((imageHosts: string): MarkdownOptions => ({ imageHosts: parseImageHosts(imageHosts) }));
  /** The launcher's history request, taken once on the first connection. */
  #early: EarlyHistory | undefined;

  constructor(host: PanelHost, early: EarlyHistory | undefined) {
    this.#host = host;
    this.#early = early;
    this.#device = new DeviceStore(
      host,
      () => ({ scope: host.storageScope, persist: host.persist, retentionMs: host.retentionDays * 86_400_000 }),
      (stored) => {
        this.#composer.draft.restored(stored.draft);
        this.#restore.stored(stored);
      },
    );
    this.#conversation = new ConversationController(host, () => this.#client, {
      onConversation: (conversationId, conversationToken) =>
        // No conversation: its cached messages go too, so the next person at this computer never sees them.
        this.#device.save({ conversationId, conversationToken, ...(!conversationId && { messages: undefined }) }),
      onStreamEvent: (event) => forwardStreamEvent(host, event),
      onReply: (message) => {
        emit(host, 'totebot-reply', { message, conversationId: this.#conversation.conversationId });
        void this.#announcer.reply(message, this.displayName);
      },
      onError: (error) => emit(host, 'totebot-error', { code: error.code, message: error.message, status: error.status }),
      onRetryDue: () => void this.retry(),
    });
    this.#restore = new RestoreController(host, this.#conversation, this.#device);
    this.#agent = new AgentInfoController(host, () => this.#client, this.#device);
    this.#window = new HistoryWindowController(host, () => this.#conversation.messages);
    this.#announcer = new Announcer(host);
    this.#turns = new TurnController(this.#conversation, host.storageScope);
    new CacheController(host, this.#conversation, this.#device);
    this.#motion = new EnterMotionController(host, () => this.#conversation.messages, () => this.#conversation.busy);
    this.#feedback = new FeedbackController(host, (key, value) => rateReply(this.#conversation, this.#client, key, value));
    this.#composer = new ComposerController(host, this.#device, {
      send: (text) => this.send(text),
      stop: () => this.stop(),
      busy: () => this.#conversation.busy,
    });
    this.#startOver = new StartOver(host, {
      conversation: this.#conversation,
      device: this.#device,
      turns: this.#turns,
      announcer: this.#announcer,
      draft: this.#composer.draft,
    });
    this.#autoScroll = new AutoScrollController(host, () => host.renderRoot.querySelector<HTMLElement>('.messages'), () => this.#conversation.busy);
    new FocusTrapController(host);
    new ViewportController(host);
    new FontWarmup(host);
    host.addController(this);
    adoptPanelStyles(host.renderRoot as ShadowRoot);
  }

  get #client(): ApiClient {
    return this.#clientFor(this.#host.endpoint);
  }

  get displayName(): string {
    return this.#agent.displayName;
  }

  /** The current conversation's id, once the agent has assigned one. */
  get conversationId(): string | undefined {
    return this.#conversation.conversationId;
  }

  /** The conversation so far, oldest first. */
  get messages(): readonly ChatMessage[] {
    return this.#conversation.messages;
  }

  /** The visitor the messages are sent for: the page's, or, while the page has said nothing, the one stored with the conversation. */
  get identity(): Identity | undefined {
    return this.#host.identity ?? this.#device.session.identity;
  }

  /** What the live region says. */
  get announcement(): string {
    return this.#announcer.text;
  }

  /** Replies that finished while the panel was closed. */
  get unread(): number {
    return this.#announcer.unread;
  }

  /** The panel opened: every reply is seen. */
  markRead(): void {
    this.#announcer.markRead();
  }

  /** The unsent text of the message box (kept across page loads). */
  get draft(): string {
    return this.#composer.draft.text;
  }

  hostConnected(): void {
    this.#turns.open(this.#host.storageScope);
    // Taken once: a later connection has the stored session.
    const early = this.#early;
    this.#early = undefined;
    this.#restore.begin(early);
  }

  hostDisconnected(): void {
    this.#turns.close();
  }

  hostUpdate(): void {
    this.#conversation.idleTimeoutMs = this.#host.idleTimeout;
  }

  /**
   * The element's endpoint changed: the conversation, the stored session, the other tabs and the
   * agent's name are the new proxy's from now on (the old proxy's stay stored under its own scope).
   */
  rescope(): void {
    this.#conversation.leave();
    this.#device.rescope();
    this.#turns.open(this.#host.storageScope);
    this.#agent.rescope();
  }

  /** Consent given: what this page has is stored. Withdrawn: what is stored goes. */
  setPersist(persist: boolean): void {
    this.#device.setPersist(persist);
  }

  /** The page said who the visitor is: stored with the conversation. */
  identify(identity: Identity | undefined): void {
    this.#device.save({ identity });
  }

  /** Starts a new conversation (the page's reset(), a logout: no Undo). */
  reset(): void {
    this.#startOver.reset();
  }

  /** Deletes everything stored on this device, for every proxy, and starts a new conversation. */
  forget(): Promise<void> {
    return this.#startOver.forget();
  }

  readonly #onUndo = (): void => {
    if (this.#startOver.restoreCleared()) void this.focusInput();
  };

  /** Moves focus to the message box once it is rendered (not on touch screens, where it would open the keyboard). */
  focusInput(): Promise<void> {
    return this.#composer.focusInput();
  }

  /** `open({ message, send })`: the message waits in the box, or is sent. */
  compose(options: OpenOptions): Promise<void> {
    return this.#composer.compose(options);
  }

  async send(message: string): Promise<void> {
    // A new conversation has begun: the cleared one is not brought back over it.
    this.#startOver.undo.drop();
    await this.#device.ready;
    this.#autoScroll.pin();
    this.#announcer.say('');
    await this.#turns.run(async () => {
      emit(this.#host, 'totebot-send', { text: message, conversationId: this.#conversation.conversationId });
      await this.#conversation.send(message, this.identity, this.#host.identitySignature);
    });
    this.#announceOutcome();
  }

  /** Asks again for the last reply if it failed or was cut off. */
  async retry(): Promise<void> {
    await this.#turns.run(() => this.#conversation.retry(this.identity, this.#host.identitySignature));
    this.#announceOutcome();
  }

  /** Stops the reply that is streaming; what arrived stays, marked as stopped. */
  stop(): void {
    this.#conversation.stop();
  }

  #announceOutcome(): void {
    const { messages } = this.#conversation;
    this.#announcer.outcome(messages[messages.length - 1]);
  }

  /** Stable across renders: a message's template keeps it. */
  readonly #send = (text: string): void => void this.send(text);

  /** The header, message log and composer, inside the panel section the element renders. */
  render() {
    const host = this.#host;
    const conversation = this.#conversation;
    const restoring = this.#restore.phase === 'restoring';
    const messages = conversation.messages;
    // Restoring from the hint: nothing until the history or the stored session is in (a local read, never the
    // network alone), so the first frame lays out the panel once, with its messages, and the history's response is
    // not queued behind the layout of an empty panel.
    if (restoring && messages.length === 0 && !this.#device.loaded) return nothing;
    const text = host.text;
    const agent = this.displayName;
    const context: MessageViewContext = {
      strings: text,
      agentName: agent,
      markdownOptions: this.#markdownOptionsFor(host.imageHosts),
      retryKey: conversation.canRetry ? messages[messages.length - 1]?.key : undefined,
      onRetry: () => void this.retry(),
      onFeedback: this.#feedback.press,
      thanked: this.#feedback.thanked,
      entering: this.#motion.entering,
      lang: host.resolvedLang,
      cartUrl: host.getAttribute('cart-url'),
      checkoutUrl: host.getAttribute('checkout-url'),
      send: this.#send,
      onCardOutcome: (key, productId, outcome) => conversation.change(key, (message) => withCardOutcome(message, productId, outcome)),
    };
    return [
      renderHeader({
        text,
        agent,
        avatar: host.avatar,
        closable: host.mode !== 'inline',
        onNewConversation: () => this.#startOver.startOver(),
        onClose: () => host.close(),
      }),
      renderLog({
        text,
        agent,
        rendered: this.#window.rendered,
        welcome:
          messages.length === 0 && !restoring
            ? [this.#startOver.undo.open ? renderUndo(text, this.#onUndo) : nothing, renderWelcome(text, host.welcomeMessage, host.suggestions, this.#send)]
            : nothing,
        context,
        onScroll: this.#autoScroll.onScroll,
        behind: this.#autoScroll.behind,
        onJump: (focused) => this.#autoScroll.jumpToLatest(focused),
      }),
      this.#composer.render(),
    ];
  }
}
