/** Property tests: any frames, cut anywhere, with any line end, decode to what was sent. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createSseDecoder } from '../../src/protocol/sse.js';
import type { RawSseMessage } from '../../src/protocol/adapter.js';
import { encodeRawFrame } from '../../proxy/stream-relay.js';

const encoder = new TextEncoder();

const noCr = (text: string) => !text.includes('\r');
const message = fc.record({
  // An event name is one line; a leading space would be eaten by the field syntax.
  event: fc.string({ maxLength: 12 }).filter((name) => noCr(name) && !name.includes('\n') && !name.startsWith(' ')),
  data: fc.string({ maxLength: 40, unit: 'binary' }).filter(noCr),
});

function decodeInPieces(bytes: Uint8Array, cuts: number[]): RawSseMessage[] {
  const decoded: RawSseMessage[] = [];
  const feed = createSseDecoder((entry) => decoded.push(entry));
  let start = 0;
  for (const cut of [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b)) {
    feed(bytes.subarray(start, cut));
    start = cut;
  }
  feed(bytes.subarray(start));
  return decoded;
}

describe('SSE decoding, as properties', () => {
  it('decodes any frames, split at any byte offsets, with LF, CR or CRLF line ends', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), fc.constantFrom('\n', '\r', '\r\n'), (messages, cuts, lineEnd) => {
        const text = messages.map(encodeRawFrame).join('').replace(/\n/g, lineEnd);
        const expected = messages.map((entry) => ({ event: entry.event, data: entry.data }));
        assert.deepEqual(decodeInPieces(encoder.encode(text), cuts), expected);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        decodeInPieces(bytes, cuts);
      }),
      { numRuns: 300 },
    );
  });
});
