/**
 * One reply's request: the POST and its stream, its abort, and a watchdog that ends a stream silent
 * for too long (the widget never stays "typing" forever). `outcome` settles once: how the stream
 * ended, or the ApiError that kept it from starting.
 */
import { ApiError, type ApiClient, type StreamOutcome } from '../api/client.js';
import type { ProxyChatRequest, ProxyStreamEvent } from '../protocol/events.js';

/** How the run ended: as the stream did, or `idle` when the watchdog ended it. */
export type RunOutcome = StreamOutcome | 'idle';

export class ReplyRun {
  readonly outcome: Promise<RunOutcome>;
  readonly #abortController = new AbortController();
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #lastEventAt = performance.now();
  #idle = false;

  constructor(client: ApiClient, request: ProxyChatRequest, conversationToken: string | undefined, idleTimeoutMs: number, onEvent: (event: ProxyStreamEvent) => void) {
    this.#watch(idleTimeoutMs);
    const signal = this.#abortController.signal;
    this.outcome = client
      .streamChat(
        request,
        conversationToken,
        (event) => {
          if (signal.aborted) return;
          this.#lastEventAt = performance.now();
          onEvent(event);
        },
        signal,
      )
      .then(
        (outcome): RunOutcome => (this.#idle ? 'idle' : outcome),
        (error: unknown) => {
          throw error instanceof ApiError ? error : new ApiError(0, 'unreachable', String(error));
        },
      )
      .finally(() => clearTimeout(this.#idleTimer));
  }

  /** Ends the stream; what arrived stays with the caller. */
  abort(): void {
    clearTimeout(this.#idleTimer);
    this.#abortController.abort();
  }

  /** One timer that checks the time of the last event, not a timer re-armed for every token. */
  #watch(idleTimeoutMs: number): void {
    this.#idleTimer = setTimeout(
      () => {
        if (performance.now() - this.#lastEventAt < idleTimeoutMs) return this.#watch(idleTimeoutMs);
        this.#idle = true;
        this.abort();
      },
      Math.max(0, idleTimeoutMs - (performance.now() - this.#lastEventAt)),
    );
  }
}
