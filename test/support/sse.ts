/** Reads a whole SSE response into canonical events, through the project's own decoder and adapter. */
import { adaptStreamEvent, type RawSseMessage } from '../../src/protocol/adapter.js';
import type { ProxyStreamEvent } from '../../src/protocol/events.js';
import { createSseDecoder } from '../../src/protocol/sse.js';

export async function readSseEvents(response: Response): Promise<{ raw: RawSseMessage[]; events: ProxyStreamEvent[] }> {
  const raw: RawSseMessage[] = [];
  const feed = createSseDecoder((message) => raw.push(message));
  const reader = response.body!.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) feed(next.value);
  const events = raw.map(adaptStreamEvent).filter((event): event is ProxyStreamEvent => event !== null);
  return { raw, events };
}
