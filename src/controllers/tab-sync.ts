/**
 * Keeps the tabs of one store on one conversation. A BroadcastChannel tells the
 * other tabs when this tab's conversation settled (a reply finished, a new
 * conversation began); they reload it from the proxy. A Web Lock lets one tab at
 * a time send and stream, so no message and no cart action ever happens twice:
 * a second tab's message waits its turn. Where either API is missing, each tab
 * works on its own.
 */
export interface TabNews {
  /** The conversation every tab should show; undefined: a new one begins. */
  conversationId: string | undefined;
  conversationToken: string | undefined;
}

const isOptionalString = (value: unknown) => value === undefined || typeof value === 'string';

export class TabSync {
  #channel: BroadcastChannel | undefined;

  readonly #name: string;
  readonly #onNews: (news: TabNews) => void;

  /** `name`: one per proxy (the session scope), so two stores on one domain never mix. */
  constructor(name: string, onNews: (news: TabNews) => void) {
    this.#name = name;
    this.#onNews = onNews;
  }

  open(): void {
    if (this.#channel || typeof BroadcastChannel !== 'function') return;
    this.#channel = new BroadcastChannel(this.#name);
    this.#channel.onmessage = ({ data }: MessageEvent<unknown>) => {
      // Read as untrusted: any script of the origin can post on the channel.
      const news = data as Partial<TabNews> | null;
      if (typeof news === 'object' && news !== null && isOptionalString(news.conversationId) && isOptionalString(news.conversationToken)) {
        this.#onNews({ conversationId: news.conversationId, conversationToken: news.conversationToken });
      }
    };
  }

  close(): void {
    this.#channel?.close();
    this.#channel = undefined;
  }

  /** Tells the other tabs (never this one). */
  announce(news: TabNews): void {
    this.#channel?.postMessage(news);
  }

  /** This tab's turns in order, where Web Locks are missing. */
  #turns: Promise<unknown> = Promise.resolve();

  /**
   * Runs `task` holding the store's send lock, after any other tab's turn. Without Web Locks this tab's
   * own turns still run one after another, so a message sent while a reply streams waits for it, as with them.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (locks) return locks.request(`${this.#name}:send`, task) as Promise<T>;
    const turn = this.#turns.then(task);
    this.#turns = turn.catch(() => {});
    return turn;
  }
}
