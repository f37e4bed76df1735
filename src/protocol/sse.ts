/**
 * Server-Sent Events framing, shared by the widget, the proxy and the tests.
 * Decoding uses eventsource-parser, which follows the WHATWG rules exactly
 * (partial lines carried across chunks; LF, CR or CRLF; every `data:` line,
 * empty ones too, joined with LF). The parser inside
 * @microsoft/fetch-event-source drops leading empty `data:` lines, which loses
 * the paragraph break of a plain-text delta such as "\n\n- item"; so the widget
 * re-frames the stream through this decoder before that library sees it.
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

/**
 * Re-frames an SSE body so that every frame is one `data:` line holding
 * `{"event","data"}` as JSON: a form any SSE parser reads without loss.
 * `unwrapFrame` turns such a line back into the original message.
 */
export function reframeSseBody(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let feed: (bytes: Uint8Array) => void;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      start(controller) {
        feed = createSseDecoder((message) => controller.enqueue(encoder.encode(`data: ${JSON.stringify(message)}\n\n`)));
      },
      transform(bytes) {
        feed(bytes);
      },
    }),
  );
}

export function unwrapFrame(data: string): RawSseMessage | undefined {
  try {
    const message = JSON.parse(data) as Partial<RawSseMessage>;
    return typeof message.event === 'string' && typeof message.data === 'string'
      ? { event: message.event, data: message.data }
      : undefined;
  } catch {
    return undefined;
  }
}

/** One canonical frame: the type in the `event:` line and in `data.type`. */
export function encodeSseFrame(event: TotebotStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** A comment frame; clients ignore it, proxies and load balancers see traffic. */
export function encodeSseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}
