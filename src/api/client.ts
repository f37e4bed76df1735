/**
 * Talks to the proxy: the chat stream (POST + SSE through
 * protocol/event-stream.ts) and the three JSON routes.
 */
import { adaptAgent, adaptErrorBody, adaptHistory, adaptStreamEvent } from '../protocol/adapter.js';
import { fetchEventSource } from '../protocol/event-stream.js';
import { fetchDecodingSse, isEventStream } from '../protocol/sse.js';
import { conversationUrl, requestHistory, tokenHeader, type ConversationAccess } from './history-request.js';
import {
  type AgentInfo,
  type FeedbackValue,
  type HistoryMessage,
  type ProxyChatRequest,
  type TotebotStreamEvent,
} from '../protocol/events.js';

/** A failed request, with what the shopper's message needs: status, code, wait time. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** How a stream ended: `completed`/`error` seen, closed early, or aborted by us. */
export type StreamOutcome = 'finished' | 'interrupted' | 'aborted';

export type { ConversationAccess };

/** A conversation's history to read: with the request already sent and its JSON being read, the launcher's (see early-history.ts). */
export interface HistoryRequest extends ConversationAccess {
  response?: Promise<Response>;
  body?: Promise<unknown>;
}

export interface ApiClient {
  streamChat(
    request: ProxyChatRequest,
    token: string | undefined,
    onEvent: (event: TotebotStreamEvent) => void,
    signal: AbortSignal,
  ): Promise<StreamOutcome>;
  getHistory(request: HistoryRequest): Promise<HistoryMessage[]>;
  sendFeedback(access: ConversationAccess, messageId: string, feedback: FeedbackValue): Promise<void>;
  getAgent(signal?: AbortSignal): Promise<AgentInfo>;
}

async function toApiError(response: Response): Promise<ApiError> {
  const { code, message } = adaptErrorBody(await response.json().catch(() => undefined));
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    code ?? `http_${response.status}`,
    message ?? response.statusText,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

/** Network failures (fetch rejects) become status 0, code `unreachable`. */
function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'unreachable', error instanceof Error ? error.message : String(error));
}

export function createApiClient(endpoint: string): ApiClient {
  const url = (path: string) => `${endpoint.replace(/\/+$/, '')}${path}`;

  /** `body`: the response's JSON, if the caller is reading it already. */
  async function readJson(request: Promise<Response>, body?: Promise<unknown>): Promise<unknown> {
    let response: Response;
    try {
      response = await request;
    } catch (error) {
      throw asApiError(error);
    }
    if (!response.ok) throw await toApiError(response);
    return body ?? response.json();
  }

  const requestJson = (target: string, init: RequestInit = {}) =>
    readJson(fetch(target, { ...init, headers: { accept: 'application/json', ...(init.headers as Record<string, string>) } }));

  return {
    async streamChat(request, token, onEvent, signal) {
      let opened = false;
      let finished = false;
      try {
        await fetchEventSource(url('/v1/chat'), {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...tokenHeader(token) },
          body: JSON.stringify(request),
          signal,
          // Without this the library re-sends the POST when the tab becomes visible again.
          openWhenHidden: true,
          fetch: fetchDecodingSse((raw) => {
            const event = adaptStreamEvent(raw);
            // The proxy's token may follow a terminal event (a reply that is one `error` frame); keep it.
            if (!event || (finished && event.type !== 'conversation_token')) return;
            if (event.type === 'completed' || event.type === 'error') finished = true;
            onEvent(event);
          }),
          async onopen(response) {
            if (!response.ok) throw await toApiError(response);
            if (!isEventStream(response)) {
              throw new ApiError(502, 'bad_stream', 'The reply was not a stream.');
            }
            opened = true;
          },
          onerror(error) {
            // Never retry: a second POST would send the shopper's message twice.
            throw error;
          },
        });
      } catch (error) {
        if (signal.aborted) return 'aborted';
        if (finished) return 'finished';
        // A connection lost mid-reply keeps what arrived; one lost before it is a failure.
        if (opened) return 'interrupted';
        throw asApiError(error);
      }
      if (signal.aborted) return 'aborted';
      return finished ? 'finished' : 'interrupted';
    },

    async getHistory(request) {
      return adaptHistory(await readJson(request.response ?? requestHistory(endpoint, request), request.body));
    },

    async sendFeedback(access, messageId, feedback) {
      await requestJson(`${conversationUrl(endpoint, access.conversationId)}/messages/${encodeURIComponent(messageId)}/feedback`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...tokenHeader(access.token) },
        body: JSON.stringify({ feedback }),
      });
    },

    async getAgent(signal) {
      return adaptAgent(await requestJson(url('/v1/agent'), signal ? { signal } : {}));
    },
  };
}
