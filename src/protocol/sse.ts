/**
 * Server-Sent Events framing. Decoding reuses the parser inside
 * @microsoft/fetch-event-source (the one the widget streams through), so the
 * proxy, the tests and the widget all read frames the same way: byte-wise,
 * carrying partial lines across chunks, with LF, CR or CRLF line ends.
 */
import { getLines, getMessages } from '@microsoft/fetch-event-source/lib/esm/parse.js';
import type { TotebotStreamEvent } from './events.js';
import type { RawSseMessage } from './adapter.js';

/** Returns a function to feed with response bytes; calls `onMessage` per frame. */
export function createSseDecoder(onMessage: (message: RawSseMessage) => void): (bytes: Uint8Array) => void {
  const noop = () => {};
  return getLines(getMessages(noop, noop, (message) => onMessage({ event: message.event, data: message.data })));
}

/** One canonical frame: the type in the `event:` line and in `data.type`. */
export function encodeSseFrame(event: TotebotStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** A comment frame; clients ignore it, proxies and load balancers see traffic. */
export function encodeSseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}
