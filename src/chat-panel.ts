/**
 * Everything the open chat needs: the conversation, the stream, Markdown, the
 * message views and the panel's styles. `<totebot-chat>` loads this chunk on the
 * shopper's first sign of interest (hover, focus or click on the launcher, or
 * the browser's idle time), so until then a page pays only for the launcher.
 * The element stays the public face; this controller does the work behind it.
 */
import { adoptStyles, html, nothing, type LitElement, type ReactiveController } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { createApiClient, type ApiClient, type ApiError } from './api/client.js';
import { adaptHistory } from './protocol/adapter.js';
import { AutoScrollController } from './controllers/auto-scroll-controller.js';
import { ConversationController } from './controllers/conversation-controller.js';
import { emit } from './events.js';
import type { FeedbackValue, HistoryMessage, TotebotStreamEvent } from './protocol/events.js';
import { fromHistory, isUnfinished, toCached, withCachedExtras, type ChatMessage } from './state/conversation.js';
import { readAgentName, saveAgentName } from './state/agent-name.js';
import { CACHED_MESSAGE_LIMIT, type StoredSession } from './state/session-store.js';
import { firstRevealCount, hiddenAfterChange, revealStep } from './state/reveal-window.js';
import { SessionController } from './controllers/session-controller.js';
import { TabSync, type TabNews } from './controllers/tab-sync.js';
import { FrameScheduler } from './controllers/frame-scheduler.js';
import { sameIdentity } from './protocol/events.js';
import { ENGLISH, format, type TotebotStrings } from './strings.js';
import { parseImageHosts, type MarkdownOptions } from './markdown/markdown-stream.js';
import { panelStyles } from './panel.styles.js';
import type { TotebotChat } from './totebot-chat.js';
import { closeIcon } from './views/icons.js';
import { newConversationIcon, sendIcon, stopIcon } from './views/panel-icons.js';
import { errorText, renderMessage, type MessageViewContext } from './views/message-view.js';
import { warmMarkdownFonts } from './views/font-warmup.js';
import { fitToText } from './views/fit-to-text.js';
import { isVisitors } from './early-history.js';

/** The Prioritized Task Scheduling API, where the browser has it (not in every TypeScript DOM library yet). */
declare const scheduler:
  | { postTask(callback: () => void, options: { priority: 'background'; signal: AbortSignal }): Promise<void> }
  | undefined;

/** Characters of a finished reply read out by the live region. */
const ANNOUNCEMENT_LIMIT = 400;

export class ChatPanel implements ReactiveController {
  readonly conversation: ConversationController;
  readonly session: SessionController;
  private readonly autoScroll: AutoScrollController;
  private apiClient: ApiClient | undefined;
  private clientEndpoint = '';
  private agentRequested = false;
  /** From /v1/agent, or as it last answered on this device until it answers again. */
  private fetchedAgentName: string;
  private imageHosts: string | undefined;
  private markdownOptions: MarkdownOptions = {};
  private online = navigator.onLine;
  private cachedMessages: readonly ChatMessage[] = [];
  private readonly tabs: TabSync;
  /** The reload another tab's news started; a send waits for it. */
  private syncing: Promise<void> | undefined;
  /** Another tab's news that came while this tab's reply streamed: applied once the reply has finished. */
  private deferredNews: TabNews | undefined;
  /** The conversation whose history was requested from the session's hint, before the stored session was read. */
  private hintedConversation: string | undefined;
  /** Whether a page that has not said who the visitor is takes the stored identity (not once reset() asked to start afresh). */
  private keepStoredIdentity = true;
  /** forget() was called: an answer from /v1/agent that arrives later does not store the name again. */
  private forgotten = false;
  /** True while that history is on its way: the log stays empty rather than flash the welcome. */
  private awaitingHistory = false;
  /** How many of the oldest messages are not rendered yet (see reveal-window.ts), out of `revealedFrom`. */
  private hidden = 0;
  private revealedFrom: readonly ChatMessage[] = [];
  private revealTask: AbortController | undefined;
  private readonly revealFrames = new FrameScheduler(() => this.postRevealStep());
  private readonly cacheWrite = new FrameScheduler(() => this.writeCache(), true);
  /** The Markdown's fonts are resolved, or about to be (see views/font-warmup.ts). */
  private fontsWarmed = false;

  constructor(private readonly host: TotebotChat) {
    host.english = ENGLISH;
    this.fetchedAgentName = host.persist ? readAgentName(host.storageScope) : '';
    this.session = new SessionController(
      host,
      () => ({ scope: host.storageScope, persist: host.persist, retentionMs: host.retentionDays * 86_400_000 }),
      (stored) => this.adoptSession(stored),
    );
    this.conversation = new ConversationController(host, () => this.client, {
      onConversation: (conversationId, conversationToken) =>
        // No conversation: its cached messages go too, so the next person at this computer never sees them.
        this.session.save({ conversationId, conversationToken, ...(!conversationId && { messages: undefined }) }),
      onStreamEvent: (event) => this.forwardStreamEvent(event),
      onReply: (message) => void this.announceReply(message),
      onError: (error) => this.reportError(error),
      onRetryDue: () => void this.retry(),
    });
    this.tabs = new TabSync(`totebot-chat:${host.storageScope}`, (news) => this.onTabNews(news));
    this.autoScroll = new AutoScrollController(host, () => host.renderRoot.querySelector<HTMLElement>('.messages'));
    host.addController(this);
    adoptStyles(host.renderRoot as ShadowRoot, [...(host.constructor as typeof LitElement).elementStyles, panelStyles]);
  }

  private get client(): ApiClient {
    if (!this.apiClient || this.clientEndpoint !== this.host.endpoint) {
      this.clientEndpoint = this.host.endpoint;
      this.apiClient = createApiClient(this.clientEndpoint);
    }
    return this.apiClient;
  }

  get displayName(): string {
    return this.host.agentName || this.fetchedAgentName || this.host.text.defaultAgentName;
  }

  hostConnected(): void {
    this.tabs.open();
    window.addEventListener('online', this.onNetworkChange);
    window.addEventListener('offline', this.onNetworkChange);
    this.online = navigator.onLine;
    this.restoreFromHint();
  }

  hostDisconnected(): void {
    this.tabs.close();
    window.removeEventListener('online', this.onNetworkChange);
    window.removeEventListener('offline', this.onNetworkChange);
    this.cancelReveal();
    // A reply that settled just before the element left the page is cached now, not after it has gone.
    this.cacheWrite.flush();
  }

  /**
   * Shows the stored conversation's history without waiting for IndexedDB: the launcher read
   * the session's synchronous hint and sent the request as this chunk began to load. Only for the same
   * person (the hint keeps the identity's id); `adoptSession` drops it if the stored session disagrees.
   */
  private restoreFromHint(): void {
    const host = this.host;
    // Taken once: a later connection has the stored session.
    const early = host.earlyHistory;
    host.earlyHistory = undefined;
    if (!early || early.scope !== host.storageScope || this.session.loaded || this.conversation.conversationId || this.conversation.messages.length > 0) return;
    // Asked again: the page may have said who the visitor is since the request left.
    if (!isVisitors(early, host.identity)) return;
    this.hintedConversation = early.conversationId;
    this.awaitingHistory = true;
    // Until both have answered: a proxy that fails fast must not flash the welcome before the cached messages.
    void Promise.allSettled([this.conversation.restore(early), this.session.ready]).then(() => {
      this.awaitingHistory = false;
      host.requestUpdate();
    });
  }

  private readonly onNetworkChange = (): void => {
    this.online = navigator.onLine;
    this.host.requestUpdate();
  };

  hostUpdate(): void {
    const host = this.host;
    this.conversation.idleTimeoutMs = host.idleTimeout;
    this.trackReveal();
    if (host.imageHosts !== this.imageHosts) {
      this.imageHosts = host.imageHosts;
      this.markdownOptions = { imageHosts: parseImageHosts(host.imageHosts) };
    }
    const shown = host.opened || host.mode === 'inline';
    // Once the shopper can see the panel (never while it only waits, loaded at idle, behind the launcher).
    if (shown && !this.fontsWarmed) {
      this.fontsWarmed = true;
      warmMarkdownFonts(host.renderRoot as ShadowRoot);
    }
    if (shown && !host.agentName && !this.agentRequested) {
      this.agentRequested = true;
      this.client.getAgent().then(
        (agent) => {
          const name = agent.name ?? '';
          if (name === this.fetchedAgentName) return;
          this.fetchedAgentName = name;
          // Not after forget(): an answer that arrives later must not store anything again.
          if (host.persist && !this.forgotten) saveAgentName(host.storageScope, this.fetchedAgentName);
          host.requestUpdate();
        },
        () => {
          // The last known name, or the default, serves; a missing agent name is not worth an error.
        },
      );
    }
  }

  /** Keeps `hidden` in step with the message list (a restored history starts with its newest messages only). */
  private trackReveal(): void {
    const messages = this.conversation.messages;
    if (messages === this.revealedFrom) return;
    // A list fully rendered stays so (a sent message, a streamed frame): nothing to count on that path.
    if (this.hidden > 0 || this.revealedFrom.length === 0) {
      this.hidden = hiddenAfterChange(this.hidden, this.revealedFrom.length, messages.length, firstRevealCount(messages));
    }
    this.revealedFrom = messages;
  }

  /**
   * Renders the next older messages once the browser has painted the ones before: the frame
   * callback runs before that frame's paint and the task it posts after it, so each step is a task
   * of its own and the newest messages are on screen first. The task has background priority where
   * the browser has `scheduler.postTask`: the page's own tasks and the shopper's input go first.
   */
  private scheduleReveal(): void {
    if (this.hidden === 0 || this.revealTask !== undefined) return;
    this.revealFrames.schedule();
  }

  private postRevealStep(): void {
    const run = () => {
      this.revealTask = undefined;
      this.hidden = revealStep(this.hidden);
      this.host.requestUpdate();
    };
    const controller = new AbortController();
    this.revealTask = controller;
    if (typeof scheduler === 'object' && typeof scheduler.postTask === 'function') {
      scheduler.postTask(run, { priority: 'background', signal: controller.signal }).catch(() => {
        // Aborted: the panel left the page.
      });
    } else {
      const timer = setTimeout(run);
      controller.signal.addEventListener('abort', () => clearTimeout(timer));
    }
  }

  private cancelReveal(): void {
    this.revealFrames.cancel();
    this.revealTask?.abort();
    this.revealTask = undefined;
    // Whatever is still hidden renders with the next update.
    this.hidden = 0;
  }

  hostUpdated(): void {
    this.scheduleReveal();
    fitToText(this.host.renderRoot.querySelector('textarea'));
    // Cache the conversation whenever it settles (a reply finished, history arrived, feedback changed),
    // once the stored session is read (a history the hint brought in may arrive before it).
    const { messages, busy } = this.conversation;
    if (busy || messages === this.cachedMessages || !this.session.loaded) return;
    this.cachedMessages = messages;
    this.cacheWrite.schedule();
  }

  /**
   * Writes the settled conversation to the device after the frame that shows it: copying 200 messages
   * into IndexedDB in the same task held a restored history's first paint back. Only if
   * nothing changed meanwhile: a newer list schedules its own write, and a reset conversation none.
   */
  private writeCache(): void {
    const { messages, conversationId } = this.conversation;
    if (conversationId && messages === this.cachedMessages) this.session.save({ messages: toCached(messages, CACHED_MESSAGE_LIMIT) });
  }

  private adoptSession(stored: StoredSession): void {
    const host = this.host;
    // A page that already says who the visitor is wins over what was stored; another user's chat is not restored.
    const samePerson = !host.identity || sameIdentity(host.identity, stored.identity);
    if (!host.identity && stored.identity && this.keepStoredIdentity) host.identity = stored.identity;
    if (!samePerson) {
      this.session.save({ conversationId: undefined, conversationToken: undefined, messages: undefined, identity: host.identity });
    } else if (host.identity) {
      this.session.save({ identity: host.identity });
    }
    if (stored.draft && !host.draft) host.draft = stored.draft;
    const conversation = this.conversation;
    const hinted = this.hintedConversation;
    this.hintedConversation = undefined;
    // Cached messages are read as untrusted as the proxy's history: through the same adapter.
    const cached = () => adaptHistory(stored.messages ?? []).slice(-CACHED_MESSAGE_LIMIT).map(fromHistory);
    if (samePerson && stored.conversationId) {
      if (hinted === stored.conversationId) {
        // Its history is already on its way (or refused, and so forgotten): the cache shows if it has not arrived
        // (not adapted at all if it has: 200 messages of work in the task before the first paint).
        if (conversation.conversationId === hinted && conversation.messages.length === 0) conversation.showCached(cached());
        // The history came first, without the replies' cards and quick replies: only the cache has them.
        else if (conversation.conversationId === hinted) {
          conversation.messages = withCachedExtras(conversation.messages, adaptHistory(stored.messages?.filter((entry) => (entry as HistoryMessage | null)?.products || (entry as HistoryMessage | null)?.suggestions) ?? []));
        }
      } else if ((hinted && conversation.conversationId === hinted) || (!conversation.conversationId && conversation.messages.length === 0)) {
        // Paint what the device remembers at once; the proxy's history then replaces it.
        conversation.showCached(cached());
        void conversation.restore({ conversationId: stored.conversationId, token: stored.conversationToken });
      }
    } else if (hinted && conversation.conversationId === hinted) {
      // The hint named a conversation the stored session no longer holds for this person (expired, forgotten).
      conversation.reset();
    }
    host.requestUpdate();
  }

  /** Starts a new conversation, once the stored session is read (so a late read cannot bring the old one back). */
  reset(): void {
    const reset = () => {
      this.conversation.reset();
      // The stored identity follows the page's: a logout leaves none for the next person at this computer.
      this.session.save({ identity: this.host.identity });
      this.tellOtherTabs();
    };
    if (this.session.loaded) reset();
    else {
      // Asked before the stored session is read (a logout as the page loads): its identity is not taken back.
      this.keepStoredIdentity = false;
      void this.session.ready.then(reset);
    }
  }

  /** Deletes everything stored on this device, for every proxy, and starts a new conversation. */
  async forget(): Promise<void> {
    this.forgotten = true;
    if (!this.session.loaded) await this.session.ready;
    this.conversation.reset();
    this.tellOtherTabs();
    await this.session.forgetAll();
  }

  /** Moves focus to the message box once it is rendered (not on touch screens, where it would open the keyboard). */
  async focusInput(): Promise<void> {
    // A panel restoring from the hint renders its message box once the stored session is read.
    await this.session.ready;
    await this.host.updateComplete;
    if (!matchMedia('(pointer: coarse)').matches) this.host.renderRoot.querySelector('textarea')?.focus();
  }

  async send(message: string): Promise<void> {
    const host = this.host;
    await this.session.ready;
    this.autoScroll.pin();
    host.announcement = '';
    await this.tabs.exclusive(async () => {
      // Another tab may have just finished a reply: continue from its state, not a stale one.
      await this.syncing;
      emit(host, 'totebot-send', { text: message, conversationId: this.conversation.conversationId });
      await this.conversation.send(message, host.identity, host.identitySignature);
      this.endTurn();
    });
    this.announceFailure();
  }

  /** A send or retry is over: the other tabs hear of it, and news they sent meanwhile is applied now. */
  private endTurn(): void {
    this.tellOtherTabs();
    const news = this.deferredNews;
    this.deferredNews = undefined;
    if (news) this.onTabNews(news);
  }

  private tellOtherTabs(): void {
    this.tabs.announce({ conversationId: this.conversation.conversationId, token: this.conversation.conversationToken });
  }

  /** Another tab's conversation settled: show the same one (never re-announced, so tabs cannot echo). */
  private onTabNews(news: TabNews): void {
    // Never under a reply that streams (possible without Web Locks): it would be cut off.
    if (this.conversation.busy) {
      this.deferredNews = news;
      return;
    }
    if (!news.conversationId) {
      if (this.conversation.conversationId) this.conversation.reset();
      return;
    }
    this.syncing = this.conversation.restore({ conversationId: news.conversationId, token: news.token });
  }

  async retry(): Promise<void> {
    await this.tabs.exclusive(async () => {
      await this.conversation.retry(this.host.identity, this.host.identitySignature);
      this.endTurn();
    });
    this.announceFailure();
  }

  /** A failed or cut-off reply is said once, like a finished one. */
  private announceFailure(): void {
    const { messages } = this.conversation;
    const last = messages[messages.length - 1];
    const text = this.host.text;
    if (last?.status === 'error' && last.error) this.host.announcement = errorText(last.error, text);
    else if (last?.status === 'interrupted') this.host.announcement = text.interrupted;
    else if (last?.status === 'stopped') this.host.announcement = text.stopped;
  }

  private forwardStreamEvent(event: TotebotStreamEvent): void {
    const host = this.host;
    switch (event.type) {
      case 'tool_call':
        emit(host, 'totebot-tool-call', { id: event.id, name: event.name, arguments: event.arguments });
        break;
      case 'action_started':
        emit(host, 'totebot-action', { phase: 'started', id: event.id, action: event.action, data: event.data });
        break;
      case 'action_completed':
        emit(host, 'totebot-action', {
          phase: 'completed',
          id: event.id,
          action: event.action,
          success: event.success,
          result: event.result,
        });
        break;
      case 'error':
        emit(host, 'totebot-error', { code: event.code, message: event.message });
        break;
    }
  }

  private reportError(error: ApiError): void {
    emit(this.host, 'totebot-error', { code: error.code, message: error.message, status: error.status });
  }

  private async announceReply(message: ChatMessage): Promise<void> {
    const host = this.host;
    emit(host, 'totebot-reply', { message, conversationId: this.conversation.conversationId });
    if (host.mode !== 'inline' && !host.opened) host.unread += 1;
    await host.updateComplete;
    // textContent, not innerText: no forced layout of a long reply just to announce it.
    const bubble = host.renderRoot.querySelector<HTMLElement>('.message.assistant:last-of-type .markdown');
    const whole = (bubble?.textContent ?? message.content).replace(/\s+/g, ' ').trim();
    // Said once, when the reply is whole, never token by token; a long reply is announced by its
    // opening (the rest is in the log, where the reader can go on).
    const text = whole.length > ANNOUNCEMENT_LIMIT ? `${whole.slice(0, ANNOUNCEMENT_LIMIT).replace(/\s\S*$/, '')}…` : whole;
    host.announcement = format(host.text.replyAnnouncement, { agent: this.displayName, text });
  }

  private readonly onSubmit = (event: Event): void => {
    event.preventDefault();
    const text = this.host.draft;
    if (!text.trim() || this.conversation.busy || !this.online) return;
    this.host.setDraft('');
    void this.host.send(text);
  };

  private readonly onInputKeydown = (event: KeyboardEvent): void => {
    // Enter sends, Shift+Enter breaks the line; never while an input method is composing.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.onSubmit(event);
  };

  private readonly onFeedback = (message: ChatMessage, value: FeedbackValue): void => {
    if (!message.id || message.feedback === value) return;
    const messageId = message.id;
    void this.conversation.setFeedback(message.key, value).then((sent) => {
      if (sent) emit(this.host, 'totebot-feedback', { messageId, value });
    });
  };

  private renderWelcome(text: TotebotStrings) {
    const host = this.host;
    return html`<article part="message message-assistant" class="message assistant welcome">
        <div part="bubble" class="bubble" dir="auto"><slot name="welcome">${host.welcomeMessage || text.welcome}</slot></div>
      </article>
      <slot name="suggestions">
        ${host.suggestions.length > 0
          ? html`<ul part="suggestions" class="suggestions" aria-label=${text.suggestionsLabel}>
              ${host.suggestions.map(
                (suggestion) =>
                  html`<li><button type="button" part="suggestion" class="suggestion" dir="auto" @click=${() => void host.send(suggestion)}>
                    ${suggestion}
                  </button></li>`,
              )}
            </ul>`
          : nothing}
      </slot>`;
  }

  /** The header, message log and composer, inside the panel section the element renders. */
  render() {
    // Restoring from the hint: nothing until the history or the stored session is in (a local read, never the
    // network alone), so the first frame lays out the panel once, with its messages, and the history's response is
    // not queued behind the layout of an empty panel.
    if (this.awaitingHistory && this.conversation.messages.length === 0 && !this.session.loaded) return nothing;
    const host = this.host;
    const launcher = host.mode !== 'inline';
    const text = host.text;
    const agent = this.displayName;
    const messages = this.conversation.messages;
    const rendered = this.hidden > 0 ? messages.slice(this.hidden) : messages;
    const context: MessageViewContext = {
      strings: text,
      agentName: agent,
      markdownOptions: this.markdownOptions,
      retryKey: this.conversation.canRetry ? messages[messages.length - 1]?.key : undefined,
      onRetry: () => void host.retry(),
      onFeedback: this.onFeedback,
      host,
    };
    // The message box follows what is typed; empty, the widget's direction (dir="auto" would put an
    // empty box's placeholder and caret at the left in a right-to-left widget).
    const composerDir = host.draft ? 'auto' : nothing;
    return html`<div part="header" class="header">
        ${host.avatar
          ? html`<img part="avatar" class="avatar" src=${host.avatar} alt="" />`
          : html`<span part="avatar" class="avatar" aria-hidden="true">${agent.trim().charAt(0).toUpperCase()}</span>`}
        <h2 part="title" class="title">${agent}</h2>
        <button type="button" class="icon-button" aria-label=${text.newConversation} title=${text.newConversation} @click=${() => host.reset()}>
          ${newConversationIcon}
        </button>
        ${launcher
          ? html`<button type="button" class="icon-button" aria-label=${text.closeChat} title=${text.closeChat} @click=${() => host.close()}>
              ${closeIcon}
            </button>`
          : nothing}
      </div>
      <div part="messages" class="messages" role="log" aria-live="off" aria-label=${format(text.panelLabel, { agent })} tabindex="0" @scroll=${this.autoScroll.onScroll}>
        ${messages.length === 0 && !this.awaitingHistory ? this.renderWelcome(text) : nothing}
        ${repeat(
          rendered,
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
          dir=${composerDir}
          aria-label=${text.messageLabel}
          placeholder=${text.messagePlaceholder}
          maxlength="4000"
          enterkeyhint="send"
          .value=${host.draft}
          @input=${(event: InputEvent) => host.setDraft((event.target as HTMLTextAreaElement).value)}
          @keydown=${this.onInputKeydown}
        ></textarea>
        ${this.conversation.busy
          ? html`<button part="stop-button" class="send stop" type="button" aria-label=${text.stop} title=${text.stop} @click=${() => host.stop()}>
              ${stopIcon}
            </button>`
          : html`<button part="send-button" class="send" type="submit" aria-label=${text.send} title=${text.send} ?disabled=${!host.draft.trim() || !this.online}>
              ${sendIcon}
            </button>`}
      </form>`;
  }
}
