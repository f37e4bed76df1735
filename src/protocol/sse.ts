/**
 * Server-Sent Events framing, shared by the widget, the proxy and the tests.
 * Bytes are decoded to text once per chunk (partial characters and lines carried
 * across chunks), and lines found with `indexOf`: LF, CR or CRLF, split or not.
 * Lines become messages by the WHATWG rules: every `data` line, empty ones too,
 * joined with LF. @microsoft/fetch-event-source's own `getLines`/`getMessages`
 * are not used: they walk every byte in JavaScript, which was most of the
 * widget's own work on a fast stream and kept the browser's optimising
 * compiler busy on two cores, and `getMessages` drops leading empty
 * `data:` lines (the paragraph break of a delta such as "\n\n- item") and a bare
 * `data` line. The widget decodes with this (`fetchDecodingSse`).
 */
import type { TotebotStreamEvent } from './events.js';
import type { RawSseMessage } from './adapter.js';

const LF = 10;
const SPACE = 32;

const indexOrEnd = (text: string, search: string, from: number): number => {
  const index = text.indexOf(search, from);
  return index < 0 ? text.length : index;
};

/** Returns a function to feed with response bytes; calls `onMessage` per complete frame. */
export function createSseDecoder(onMessage: (message: RawSseMessage) => void): (bytes: Uint8Array) => void {
  // Drops a byte order mark at the start of the stream only, never inside a value.
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data = '';
  let hasData = false;
  /** The last chunk ended with CR: an LF starting the next one belongs to it. */
  let afterCr = false;

  const line = (start: number, end: number): void => {
    if (start === end) {
      if (hasData) onMessage({ event, data });
      event = data = '';
      hasData = false;
      return;
    }
    const colon = buffer.indexOf(':', start);
    // No colon: the whole line names the field, and the value is empty. A leading colon: a comment.
    const nameEnd = colon < 0 || colon > end ? end : colon;
    if (nameEnd === start) return;
    const name = buffer.slice(start, nameEnd);
    const valueStart = nameEnd + (buffer.charCodeAt(nameEnd + 1) === SPACE ? 2 : 1);
    const value = nameEnd < end ? buffer.slice(valueStart, end) : '';
    if (name === 'data') {
      data = hasData ? `${data}\n${value}` : value;
      hasData = true;
    } else if (name === 'event') event = value;
    // `id` and `retry` are not used: the widget never reconnects (a second POST would re-send).
  };

  return (bytes) => {
    buffer += decoder.decode(bytes, { stream: true });
    let start = 0;
    if (afterCr && buffer.length > 0) {
      if (buffer.charCodeAt(0) === LF) start = 1;
      afterCr = false;
    }
    // Each search runs again only once the line end it found is consumed; the buffer's length stands for "none".
    let lf = -1;
    let cr = -1;
    for (;;) {
      if (lf < start) lf = indexOrEnd(buffer, '\n', start);
      if (cr < start) cr = indexOrEnd(buffer, '\r', start);
      const end = Math.min(lf, cr);
      if (end === buffer.length) break;
      line(start, end);
      start = end + 1;
      if (end === cr) {
        if (buffer.charCodeAt(start) === LF) start += 1;
        else if (start === buffer.length) afterCr = true;
      }
    }
    buffer = buffer.slice(start);
  };
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
 * event does, in one go was a long task. A slice is 4 KB (about 50
 * token frames): 16 KB slices still made 50 ms tasks on 2 busy cores.
 */
export function slicedFeed(feed: (bytes: Uint8Array) => void, options: SliceOptions = {}): (bytes: Uint8Array) => Promise<void> {
  const { sliceBytes = 4 * 1024, budgetMs = 8, now = () => performance.now(), yieldToPage: yieldNow = yieldToPage } = options;
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
 * A fetch for `fetchEventSource` (event-stream.ts) whose event-stream bodies are
 * decoded here, once, by `createSseDecoder`: `fetchEventSource` keeps the request,
 * `onopen`, abort and error handling, but reads an empty body that ends (or
 * fails) when the real one does.
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
