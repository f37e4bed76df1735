/**
 * A stand-in for the proxy's client (src/api/client.ts) in controller tests: every chat request is a
 * FakeStream the test drives event by event, and ends as the real client does (an abort resolves it
 * `aborted`); history, feedback and agent answers are whatever the test sets.
 */
import type { ReactiveControllerHost } from 'lit';
import { ConversationController } from '../../src/controllers/conversation-controller.js';
import { ApiError, type ApiClient, type ConversationAccess, type HistoryRequest, type StreamOutcome } from '../../src/api/client.js';
import type { AgentInfo, FeedbackValue, HistoryMessage, ProxyChatRequest, ProxyStreamEvent } from '../../src/protocol/events.js';

export class FakeStream {
  readonly outcome: Promise<StreamOutcome>;
  settled = false;
  #resolve!: (outcome: StreamOutcome) => void;
  #reject!: (error: unknown) => void;

  constructor(
    readonly request: ProxyChatRequest,
    readonly token: string | undefined,
    readonly onEvent: (event: ProxyStreamEvent) => void,
    readonly signal: AbortSignal,
  ) {
    this.outcome = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    signal.addEventListener('abort', () => this.end('aborted'));
  }

  emit(...events: ProxyStreamEvent[]): void {
    for (const event of events) this.onEvent(event);
  }

  /** A whole reply: its text in chunks, then `completed`. */
  reply(text: string, ids: { conversationId?: string; messageId?: string } = {}): void {
    this.emit({ type: 'chunk', content: text, ...ids }, { type: 'completed', ...ids });
    this.end('finished');
  }

  end(outcome: StreamOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.#resolve(outcome);
  }

  fail(error: ApiError): void {
    if (this.settled) return;
    this.settled = true;
    this.#reject(error);
  }
}

export class FakeApiClient implements ApiClient {
  readonly streams: FakeStream[] = [];
  /** Runs as each chat request starts (default: nothing, the test drives the stream). */
  onStream: (stream: FakeStream) => void = () => {};
  readonly historyRequests: HistoryRequest[] = [];
  history: (request: HistoryRequest) => Promise<HistoryMessage[]> = async () => [];
  readonly feedback: { access: ConversationAccess; messageId: string; value: FeedbackValue }[] = [];
  feedbackAnswer: () => Promise<void> = async () => {};
  agentRequests = 0;
  agent: () => Promise<AgentInfo> = async () => ({ name: 'Tote' });

  get lastStream(): FakeStream {
    const stream = this.streams.at(-1);
    if (!stream) throw new Error('no chat request was made');
    return stream;
  }

  streamChat(request: ProxyChatRequest, token: string | undefined, onEvent: (event: ProxyStreamEvent) => void, signal: AbortSignal): Promise<StreamOutcome> {
    const stream = new FakeStream(request, token, onEvent, signal);
    this.streams.push(stream);
    this.onStream(stream);
    return stream.outcome;
  }

  getHistory(request: HistoryRequest): Promise<HistoryMessage[]> {
    this.historyRequests.push(request);
    return this.history(request);
  }

  sendFeedback(access: ConversationAccess, messageId: string, value: FeedbackValue): Promise<void> {
    this.feedback.push({ access, messageId, value });
    return this.feedbackAnswer();
  }

  getAgent(): Promise<AgentInfo> {
    this.agentRequests += 1;
    return this.agent();
  }
}

export { ApiError };

/** A ConversationController on `host` that talks to `client` and whose callbacks do nothing: for tests of what is built on it. */
export function quietConversation(host: ReactiveControllerHost, client: ApiClient): ConversationController {
  return new ConversationController(host, () => client, {
    onConversation: () => {},
    onStreamEvent: () => {},
    onReply: () => {},
    onError: () => {},
    onRetryDue: () => {},
  });
}
