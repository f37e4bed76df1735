/**
 * Server-Sent Events framing, shared by the widget, the proxy and the tests.
 * Decoding uses eventsource-parser, which follows the WHATWG rules exactly
 * (partial lines carried across chunks; LF, CR or CRLF; every `data:` line,
 * empty ones too, joined with LF). The parser inside
 * @microsoft/fetch-event-source drops leading empty `data:` lines, which loses
 * the paragraph break of a plain-text delta such as "\n\n- item"; so the widget
 * decodes the stream with this decoder instead (`fetchDecodingSse`).
 */
import { createParser } from 'eventsource-parser';
import type { TotebotStreamEvent } from './events.js';
import type { RawSseMessage } from './adapter.js';

/** Returns a function to feed with response bytes; calls `onMessage` per complete frame. */
export function createSseDecoder(onMessage: (message: RawSseMessage) => void): (bytes: Uint8Array) => void {
  const text = new TextDecoder();
  const parser = createParser({ onEvent: (event) => onMessage({ event: event.event ?? '', data: event.data }) });
  let afterCr = false;
  return (bytes) => {
    // `stream: true` keeps a multi-byte character split across chunks intact.
    let chunk = text.decode(bytes, { stream: true });
    if (chunk === '') return;
    // eventsource-parser holds back a CR that ends a chunk (it waits for a possible LF), so a
    // CR-only stream would lose its last frame. Line ends become LF here, CRLF split across
    // chunks included.
    if (afterCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
    afterCr = chunk.endsWith('\r');
    parser.feed(chunk.replace(/\r\n?/g, '\n'));
  };
}

/** True for a `text/event-stream` response (parameters such as charset allowed). */
export const isEventStream = (response: Response): boolean =>
  (response.headers.get('content-type') ?? '').startsWith('text/event-stream');

/**
 * A fetch for @microsoft/fetch-event-source whose event-stream bodies are
 * decoded here, once, by `createSseDecoder`: the library keeps the request,
 * `onopen`, abort and error handling, but reads an empty body that ends (or
 * fails) when the real one does. Its own parser never sees the bytes, so the
 * leading empty `data:` lines it would drop survive, and no frame is parsed twice.
 */
export function fetchDecodingSse(onMessage: (message: RawSseMessage) => void): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.ok || !response.body || !isEventStream(response)) return response;
    const feed = createSseDecoder(onMessage);
    const drained = response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ transform: (bytes) => feed(bytes) }));
    return new Response(drained, { status: response.status, headers: response.headers });
  };
}

/** One canonical frame: the type in the `event:` line and in `data.type`. */
export function encodeSseFrame(event: TotebotStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** A comment frame; clients ignore it, proxies and load balancers see traffic. */
export function encodeSseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}
