/**
 * Server-Sent Events framing, shared by the widget, the proxy and the tests.
 * Lines are split by @microsoft/fetch-event-source's own `getLines` (bytes,
 * partial lines carried across chunks; LF, CR or CRLF, split or not), which the
 * widget ships anyway. Its `getMessages` is not used: it drops leading empty
 * `data:` lines, losing the paragraph break of a plain-text delta such as
 * "\n\n- item", and ignores a bare `data` line. Lines become messages here, by
 * the WHATWG rules: every `data` line, empty ones too, joined with LF; the
 * widget decodes with this (`fetchDecodingSse`), never with the library's.
 */
import { getLines } from '@microsoft/fetch-event-source/lib/esm/parse.js';
import type { TotebotStreamEvent } from './events.js';
import type { RawSseMessage } from './adapter.js';

const COLON = 58;
const SPACE = 32;

/** Returns a function to feed with response bytes; calls `onMessage` per complete frame. */
export function createSseDecoder(onMessage: (message: RawSseMessage) => void): (bytes: Uint8Array) => void {
  // A BOM is dropped only at the start of the stream (below), never inside a value.
  const text = new TextDecoder('utf-8', { ignoreBOM: true });
  let atStart = true;
  let event = '';
  let data: string[] = [];
  return getLines((line, fieldLength) => {
    if (atStart) {
      atStart = false;
      if (line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) {
        line = line.subarray(3);
        if (fieldLength > 0) fieldLength -= 3;
      }
    }
    if (line.length === 0) {
      if (data.length > 0) onMessage({ event, data: data.join('\n') });
      event = '';
      data = [];
      return;
    }
    // A line starting with a colon is a comment.
    if (line[0] === COLON) return;
    // No colon: the whole line names the field, and the value is empty.
    const nameEnd = fieldLength < 0 ? line.length : fieldLength;
    const name = text.decode(line.subarray(0, nameEnd));
    const valueStart = nameEnd + (line[nameEnd + 1] === SPACE ? 2 : 1);
    const value = nameEnd < line.length ? text.decode(line.subarray(valueStart)) : '';
    if (name === 'data') data.push(value);
    else if (name === 'event') event = value;
    // `id` and `retry` are not used: the widget never reconnects (a second POST would re-send).
  });
}

/** How a sliced feed tells time and gives the main thread back; swappable in tests. */
export interface SliceOptions {
  /** Bytes fed between looks at the clock. */
  sliceBytes?: number;
  /** Feeding time after which the page gets the main thread back before the next slice. */
  budgetMs?: number;
  now?: () => number;
  yieldToPage?: () => Promise<void>;
}

/** Lets the page render and handle input; `scheduler.yield` resumes ahead of other tasks where it exists. */
function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Wraps a feed so that no call keeps the main thread for long: bytes go in in
 * slices, and after `budgetMs` of feeding (counted across calls, since reads of
 * an already buffered body follow each other in one task) it yields first. A
 * fast stream can bring a megabyte in one read; decoding it, with the work each
 * event does, in one go was a long task (issue #4).
 */
export function slicedFeed(feed: (bytes: Uint8Array) => void, options: SliceOptions = {}): (bytes: Uint8Array) => Promise<void> {
  const { sliceBytes = 16 * 1024, budgetMs = 8, now = () => performance.now(), yieldToPage: yieldNow = yieldToPage } = options;
  let spent = 0;
  return async (bytes) => {
    for (let at = 0; at < bytes.length; at += sliceBytes) {
      if (spent >= budgetMs) {
        await yieldNow();
        spent = 0;
      }
      const started = now();
      feed(at === 0 && bytes.length <= sliceBytes ? bytes : bytes.subarray(at, at + sliceBytes));
      spent += now() - started;
    }
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
 * Decoding yields to the page between slices of a large read (`slicedFeed`).
 */
export function fetchDecodingSse(onMessage: (message: RawSseMessage) => void): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.ok || !response.body || !isEventStream(response)) return response;
    const feed = slicedFeed(createSseDecoder(onMessage));
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
