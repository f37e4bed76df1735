import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adaptStreamEvent, type RawSseMessage } from '../../src/protocol/adapter.js';
import type { ProxyStreamEvent } from '../../src/protocol/events.js';
import { createSseDecoder, encodeSseComment, encodeSseFrame, fetchDecodingSse, slicedFeed } from '../../src/protocol/sse.js';

const encoder = new TextEncoder();

/** Feeds `chunks` to a fresh decoder and returns every message it dispatched. */
function decode(chunks: Uint8Array[]): RawSseMessage[] {
  const messages: RawSseMessage[] = [];
  const feed = createSseDecoder((message) => messages.push(message));
  for (const chunk of chunks) feed(chunk);
  return messages;
}

const decodeText = (text: string): RawSseMessage[] => decode([encoder.encode(text)]);

/** Messages that carry data; comment and `retry:`-only frames are not events. */
const withData = (messages: RawSseMessage[]) => messages.filter((message) => message.data !== '');

const adaptAll = (messages: RawSseMessage[]) =>
  messages.map(adaptStreamEvent).filter((event): event is ProxyStreamEvent => event !== null);

/** A stream with everything a decoder must cope with; `\n` stands for the line end under test. */
const FIXTURE_LINES = [
  ': ping',
  '',
  'retry: 3000',
  '',
  'event: chunk',
  'data: {"type":"chunk","conversationId":"cnv_1","content":"Yes — the "}',
  '',
  // No `event:` line: the default `message` event, type in data.
  'data: {"type":"chunk","content":"€29 👜 tote"}',
  '',
  ':keep-alive without a space',
  'event: tool_call',
  'retry: 1000',
  'data: {"type":"tool_call",',
  'data: "id":"tc_1","name":"search_products","arguments":{"query":"blue tote"}}',
  '',
  'event: chunk',
  'data: plain text — not JSON: €',
  'data:second line without a space',
  'data:  two spaces keep one',
  '',
  'id: 7',
  'event: completed',
  'data: {"type":"completed","conversationId":"cnv_1","messageId":"msg_9","content":"Yes — the €29 👜 tote"}',
  '',
];

/** The fixture cut into frames, each with its terminating blank line. */
const FIXTURE_FRAMES: string[][] = FIXTURE_LINES.reduce<string[][]>(
  (frames, line) => {
    frames[frames.length - 1]!.push(line);
    if (line === '') frames.push([]);
    return frames;
  },
  [[]],
).filter((frame) => frame.length > 0);

const EXPECTED_MESSAGES: RawSseMessage[] = [
  { event: 'chunk', data: '{"type":"chunk","conversationId":"cnv_1","content":"Yes — the "}' },
  { event: '', data: '{"type":"chunk","content":"€29 👜 tote"}' },
  {
    event: 'tool_call',
    data: '{"type":"tool_call",\n"id":"tc_1","name":"search_products","arguments":{"query":"blue tote"}}',
  },
  { event: 'chunk', data: 'plain text — not JSON: €\nsecond line without a space\n two spaces keep one' },
  {
    event: 'completed',
    data: '{"type":"completed","conversationId":"cnv_1","messageId":"msg_9","content":"Yes — the €29 👜 tote"}',
  },
];

const EXPECTED_EVENTS: ProxyStreamEvent[] = [
  { type: 'chunk', conversationId: 'cnv_1', content: 'Yes — the ' },
  { type: 'chunk', content: '€29 👜 tote' },
  { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: { query: 'blue tote' } },
  { type: 'chunk', content: 'plain text — not JSON: €\nsecond line without a space\n two spaces keep one' },
  { type: 'completed', conversationId: 'cnv_1', messageId: 'msg_9', content: 'Yes — the €29 👜 tote' },
];

const LINE_ENDS = [
  ['LF', '\n'],
  ['CR', '\r'],
  ['CRLF', '\r\n'],
] as const;

describe('createSseDecoder', () => {
  for (const [name, eol] of LINE_ENDS) {
    describe(`with ${name} line ends`, () => {
      const bytes = encoder.encode(FIXTURE_LINES.map((line) => line + eol).join(''));

      it('decodes the whole stream fed at once', () => {
        const messages = decode([bytes]);
        assert.deepEqual(withData(messages), EXPECTED_MESSAGES);
        assert.deepEqual(adaptAll(messages), EXPECTED_EVENTS);
      });

      it('dispatches each frame as soon as the chunk that ends it arrives', () => {
        // Servers flush once per frame, so a frame's final line end is usually the last byte of a chunk.
        const messages: RawSseMessage[] = [];
        const feed = createSseDecoder((message) => messages.push(message));
        let expected = 0;
        for (const frame of FIXTURE_FRAMES) {
          feed(encoder.encode(frame.map((line) => line + eol).join('')));
          if (frame.some((line) => line.startsWith('data:'))) expected += 1;
          assert.equal(withData(messages).length, expected, `after ${JSON.stringify(frame[frame.length - 2])}`);
        }
      });

      it('ignores comment and retry-only frames (they adapt to nothing)', () => {
        const empty = decode([bytes]).filter((message) => message.data === '');
        for (const message of empty) assert.equal(adaptStreamEvent(message), null);
      });

      it('yields identical messages when split into two chunks at every byte offset', () => {
        const whole = decode([bytes]);
        assert.ok(bytes.length > 300, 'fixture is large enough to be meaningful');
        for (let offset = 0; offset <= bytes.length; offset++) {
          const split = decode([bytes.subarray(0, offset), bytes.subarray(offset)]);
          assert.deepEqual(split, whole, `split at byte ${offset}`);
        }
      });

      it('yields identical messages when fed one byte per chunk', () => {
        const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
        const messages = decode(chunks);
        assert.deepEqual(messages, decode([bytes]));
        assert.deepEqual(withData(messages), EXPECTED_MESSAGES);
      });

      it('yields identical messages when split into three chunks at many offset pairs', () => {
        const whole = decode([bytes]);
        for (let first = 0; first <= bytes.length; first += 7) {
          for (let second = first; second <= bytes.length; second += 11) {
            const split = decode([bytes.subarray(0, first), bytes.subarray(first, second), bytes.subarray(second)]);
            assert.deepEqual(split, whole, `split at bytes ${first} and ${second}`);
          }
        }
      });
    });
  }

  it('splits a multi-byte character across chunks without corrupting it', () => {
    const bytes = encoder.encode('event: chunk\ndata: {"content":"—€👜"}\n\n');
    const start = bytes.indexOf(0xe2); // first byte of "—"
    for (let offset = start; offset <= start + 10; offset++) {
      const messages = decode([bytes.subarray(0, offset), bytes.subarray(offset)]);
      assert.deepEqual(messages, [{ event: 'chunk', data: '{"content":"—€👜"}' }], `split at byte ${offset}`);
    }
  });

  it('does not dispatch a frame that has not ended with a blank line', () => {
    assert.deepEqual(decodeText('event: chunk\ndata: {"content":"half"}\n'), []);
  });

  it('keeps a CR at the end of one chunk and its LF at the start of the next as one line end', () => {
    const messages = decode([encoder.encode('data: a\r'), encoder.encode('\ndata: b\r\n\r'), encoder.encode('\n')]);
    assert.deepEqual(messages, [{ event: '', data: 'a\nb' }]);
    const separate = decode(['data: a\r', '\n', '\n', 'data: b\n', '\r', '\r\n'].map((text) => encoder.encode(text)));
    assert.deepEqual(separate, [
      { event: '', data: 'a' },
      { event: '', data: 'b' },
    ]);
  });

  it('pairs a CR and its LF across a chunk that decodes to no text (half a character, or no bytes)', () => {
    const euro = encoder.encode('€');
    const messages = decode([encoder.encode('data: a\r'), new Uint8Array(0), euro.subarray(0, 1), euro.subarray(1), encoder.encode('\n\n')]);
    // The CR ended "data: a"; "€" then starts a line of its own (no LF followed the CR), which the blank line ends.
    assert.deepEqual(messages, [{ event: '', data: 'a' }]);
    const crlf = decode([encoder.encode('data: a\r'), new Uint8Array(0), encoder.encode('\n\n')]);
    assert.deepEqual(crlf, [{ event: '', data: 'a' }]);
  });

  it('drops a byte order mark at the start of the stream only, even split across chunks', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    const body = encoder.encode('data: \ufeffkept\n\n');
    assert.deepEqual(decode([bom.subarray(0, 1), bom.subarray(1), body]), [{ event: '', data: '\ufeffkept' }]);
    assert.deepEqual(decode([encoder.encode('data: x\n\n'), bom, body]), [
      { event: '', data: 'x' },
      // Past the start a BOM is an ordinary character: here the start of a field name.
    ]);
  });

  it('keeps leading empty data lines as newlines (WHATWG: each data line appends value + LF)', () => {
    // A non-JSON chunk whose text starts a new Markdown paragraph, framed by a spec-following server.
    const messages = decodeText('event: chunk\ndata:\ndata:\ndata: - item\n\n');
    assert.deepEqual(withData(messages), [{ event: 'chunk', data: '\n\n- item' }]);
  });
});

describe('encodeSseFrame', () => {
  const CANONICAL: ProxyStreamEvent[] = [
    { type: 'chunk', conversationId: 'cnv_8f3k2', content: 'Yes — the €29\nline two "quoted" 👜' },
    { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: { query: 'blue sneaker' } },
    { type: 'action_started', id: 'ac_1', action: 'add_to_cart', label: 'Adding to cart', data: { productId: 'p_17', quantity: 1 } },
    { type: 'action_completed', id: 'ac_1', action: 'add_to_cart', success: true, result: { cartCount: 3 } },
    { type: 'action_completed', id: 'ac_2', action: 'add_to_cart', success: false },
    { type: 'completed', conversationId: 'cnv_8f3k2', messageId: 'msg_91', content: '<full reply text>' },
    { type: 'error', code: 'agent_unavailable', message: 'The assistant is unavailable.' },
  ];

  it('writes the type in the event line and in data.type', () => {
    assert.equal(
      encodeSseFrame({ type: 'chunk', conversationId: 'cnv_1', content: 'Hi' }),
      'event: chunk\ndata: {"type":"chunk","conversationId":"cnv_1","content":"Hi"}\n\n',
    );
  });

  it('round-trips every canonical event through the decoder and the adapter', () => {
    for (const event of CANONICAL) {
      const messages = decodeText(encodeSseFrame(event));
      assert.equal(messages.length, 1);
      assert.equal(messages[0]!.event, event.type);
      assert.deepEqual(adaptStreamEvent(messages[0]!), event);
    }
  });

  it('round-trips a whole stream of frames split at every byte offset', () => {
    const bytes = encoder.encode(CANONICAL.map(encodeSseFrame).join(encodeSseComment('ping')));
    for (let offset = 0; offset <= bytes.length; offset++) {
      const messages = decode([bytes.subarray(0, offset), bytes.subarray(offset)]);
      assert.deepEqual(adaptAll(messages), CANONICAL, `split at byte ${offset}`);
    }
  });
});

describe('encodeSseComment', () => {
  it('writes one comment line and a blank line', () => {
    assert.equal(encodeSseComment('ping'), ': ping\n\n');
  });

  it('flattens line breaks so a comment cannot inject a frame', () => {
    const comment = encodeSseComment('ping\nevent: error\r\ndata: {"type":"error","code":"x","message":"y"}\r');
    assert.equal(comment, ': ping event: error data: {"type":"error","code":"x","message":"y"} \n\n');
    const messages = decodeText(comment);
    assert.deepEqual(withData(messages), []);
    assert.deepEqual(adaptAll(messages), []);
  });
});

describe('fetchDecodingSse', () => {
  /** A real server on loopback that answers every request with `chunks`, written one at a time, then `end`s or breaks the socket. */
  async function serve(contentType: string, chunks: Uint8Array[], ending: 'end' | 'destroy' = 'end') {
    const server = createServer(async (_request, response) => {
      response.writeHead(200, { 'content-type': contentType });
      for (const chunk of chunks) {
        response.write(chunk);
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (ending === 'end') response.end();
      else response.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  for (const [name, eol] of LINE_ENDS) {
    it(`decodes every message once, the library reading an empty body (${name}, byte by byte over HTTP)`, async () => {
      const bytes = encoder.encode(FIXTURE_LINES.map((line) => line + eol).join(''));
      const server = await serve('text/event-stream; charset=utf-8', Array.from(bytes, (byte) => Uint8Array.of(byte)));
      try {
        const messages: RawSseMessage[] = [];
        const response = await fetchDecodingSse((message) => messages.push(message))(server.url);
        assert.equal(await response.text(), '');
        assert.deepEqual(withData(messages), EXPECTED_MESSAGES);
      } finally {
        await server.close();
      }
    });
  }

  it('keeps the leading empty data lines of a plain-text delta', async () => {
    const server = await serve('text/event-stream', [encoder.encode('event: chunk\ndata:\ndata:\ndata: - item\n\n')]);
    try {
      const messages: RawSseMessage[] = [];
      await (await fetchDecodingSse((message) => messages.push(message))(server.url)).text();
      assert.deepEqual(messages, [{ event: 'chunk', data: '\n\n- item' }]);
    } finally {
      await server.close();
    }
  });

  it('leaves any other response untouched', async () => {
    const server = await serve('application/json', [encoder.encode('{"error":{"code":"x"}}')]);
    try {
      const messages: RawSseMessage[] = [];
      const response = await fetchDecodingSse((message) => messages.push(message))(server.url);
      assert.equal(await response.text(), '{"error":{"code":"x"}}');
      assert.deepEqual(messages, []);
    } finally {
      await server.close();
    }
  });

  it('fails the body the library reads when the connection breaks, after delivering what arrived', async () => {
    const server = await serve('text/event-stream', [encoder.encode('event: chunk\ndata: {"type":"chunk","content":"par"}\n\n')], 'destroy');
    try {
      const messages: RawSseMessage[] = [];
      const response = await fetchDecodingSse((message) => messages.push(message))(server.url);
      await assert.rejects(response.text());
      assert.deepEqual(messages, [{ event: 'chunk', data: '{"type":"chunk","content":"par"}' }]);
    } finally {
      await server.close();
    }
  });
});

describe('slicedFeed', () => {
  /** A clock that advances `costMs` for every slice fed, and a log of slices and yields. */
  function harness(costMs: number) {
    let clock = 0;
    const log: string[] = [];
    const fed: number[] = [];
    const feed = slicedFeed(
      (bytes) => {
        clock += costMs;
        fed.push(...bytes);
        log.push(`feed ${bytes.length}`);
      },
      {
        sliceBytes: 4,
        budgetMs: 10,
        now: () => clock,
        yieldToPage: async () => void log.push('yield'),
      },
    );
    return { feed, log, fed };
  }

  it('feeds every byte in order, in slices, and yields once the budget is spent', async () => {
    const { feed, log, fed } = harness(4);
    const bytes = Uint8Array.from({ length: 18 }, (_, index) => index);
    await feed(bytes);
    assert.deepEqual(fed, [...bytes]);
    // 4 ms a slice, 10 ms budget: three slices, then the page gets the thread back.
    assert.deepEqual(log, ['feed 4', 'feed 4', 'feed 4', 'yield', 'feed 4', 'feed 2']);
  });

  it('counts the budget across reads, which can follow each other in one task', async () => {
    const { feed, log } = harness(4);
    for (let read = 0; read < 4; read++) await feed(Uint8Array.of(1, 2));
    assert.deepEqual(log, ['feed 2', 'feed 2', 'feed 2', 'yield', 'feed 2']);
  });

  it('never yields while the work stays cheap', async () => {
    const { feed, log } = harness(0);
    await feed(new Uint8Array(64));
    assert.ok(!log.includes('yield'));
  });

  it('decodes a stream fed through it exactly as in one piece', async () => {
    const text = FIXTURE_LINES.map((line) => `${line}\r\n`).join('');
    const messages: RawSseMessage[] = [];
    let clock = 0;
    const feed = slicedFeed(createSseDecoder((message) => messages.push(message)), {
      sliceBytes: 7,
      budgetMs: 1,
      now: () => (clock += 1),
      yieldToPage: () => new Promise((resolve) => setImmediate(resolve)),
    });
    await feed(encoder.encode(text));
    assert.deepEqual(messages, decodeText(text));
  });
});
