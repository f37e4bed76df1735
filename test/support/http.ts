/** Requests the tests repeat: JSON bodies, chat messages, and a chat stream read one chunk at a time. */

/** Everything but the method and body; headers are added to `content-type: application/json`. */
export type JsonRequestInit = Omit<RequestInit, 'method' | 'body' | 'headers'> & { headers?: Record<string, string> };

/** Sends `body` as JSON; a string is sent as it is (for malformed or pre-serialised bodies). */
export function sendJson(method: string, url: string, body: unknown, init: JsonRequestInit = {}): Promise<Response> {
  return fetch(url, {
    ...init,
    method,
    headers: { 'content-type': 'application/json', ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export const postJson = (url: string, body: unknown, init?: JsonRequestInit) => sendJson('POST', url, body, init);
export const patchJson = (url: string, body: unknown, init?: JsonRequestInit) => sendJson('PATCH', url, body, init);

/** POST `${base}/v1/chat` with `body` as JSON (a string as it is). */
export const postChat = (base: string, body: unknown, init?: JsonRequestInit) => postJson(`${base}/v1/chat`, body, init);

export interface ChatStream {
  response: Response;
  /** The first read of the body, as the reader returned it. */
  first: ReadableStreamReadResult<Uint8Array>;
  /** The first read decoded as UTF-8 ('' when the body was already done). */
  firstText: string;
  /** The next read of the body (it rejects once `abort()` has been called). */
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  /** Reads the body to its end and returns what came after the first read, decoded. */
  readRest(): Promise<string>;
  /** Aborts the request, as a shopper closing the widget would. */
  abort(): void;
}

/** Posts a chat message and reads the first chunk of the answer, leaving the rest unread. */
export async function openChatStream(base: string, body: unknown, init: Omit<JsonRequestInit, 'signal'> = {}): Promise<ChatStream> {
  const controller = new AbortController();
  const response = await postChat(base, body, { ...init, signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const first = await reader.read();
  return {
    response,
    first,
    firstText: decoder.decode(first.value, { stream: true }),
    read: () => reader.read(),
    readRest: async () => {
      let text = '';
      for (let next = await reader.read(); !next.done; next = await reader.read()) text += decoder.decode(next.value, { stream: true });
      return text;
    },
    abort: () => controller.abort(),
  };
}
