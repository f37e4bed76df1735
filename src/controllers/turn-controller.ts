/**
 * One turn (a send or a retry) at a time across the store's tabs, and what the other tabs hear of it.
 * A turn holds the tab lock (TabSync), so a message sent while a reply streams, here or in another
 * tab, waits for it: no reply is cut off and no cart action happens twice. When a turn ends the other
 * tabs hear of the conversation; their news reloads it here, but never under a reply that streams:
 * news that comes meanwhile is applied once the turn has ended.
 */
import type { ConversationController } from './conversation-controller.js';
import { TabSync, type TabNews } from './tab-sync.js';

export class TurnController {
  #tabs: TabSync;
  #scope: string;
  /** The reload another tab's news started; a turn waits for it. */
  #syncing: Promise<void> | undefined;
  /** Another tab's news that came while this tab's reply streamed. */
  #deferred: TabNews | undefined;
  readonly #conversation: ConversationController;

  /** `scope`: the proxy's (the storage scope), so the tabs of two stores on one domain never mix. */
  constructor(conversation: ConversationController, scope: string) {
    this.#conversation = conversation;
    this.#scope = scope;
    this.#tabs = this.#channel(scope);
  }

  #channel(scope: string): TabSync {
    return new TabSync(`totebot-chat:${scope}`, (news) => this.#onNews(news));
  }

  /** Listens to the other tabs of `scope` (another proxy's: from now on those). */
  open(scope: string): void {
    if (scope !== this.#scope) {
      this.#tabs.close();
      this.#scope = scope;
      this.#tabs = this.#channel(scope);
    }
    this.#tabs.open();
  }

  close(): void {
    this.#tabs.close();
  }

  /** Runs `turn` holding the lock, after any reload another tab's news started; then the other tabs hear of it. */
  async run(turn: () => Promise<void>): Promise<void> {
    await this.#tabs.exclusive(async () => {
      // Another tab may have just finished a reply: continue from its state, not a stale one.
      await this.#syncing;
      await turn();
      this.tellOthers();
      const news = this.#deferred;
      this.#deferred = undefined;
      if (news) this.#onNews(news);
    });
  }

  /** Tells the other tabs which conversation this one shows (never this one, so tabs cannot echo). */
  tellOthers(): void {
    this.#tabs.announce({ conversationId: this.#conversation.conversationId, conversationToken: this.#conversation.conversationToken });
  }

  #onNews(news: TabNews): void {
    const conversation = this.#conversation;
    if (conversation.busy) {
      this.#deferred = news;
      return;
    }
    if (!news.conversationId) {
      if (conversation.conversationId) conversation.reset();
      return;
    }
    this.#syncing = conversation.restore({ conversationId: news.conversationId, conversationToken: news.conversationToken });
  }
}
