import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeRawFrame, relaySse } from '../../proxy/stream-relay.js';
import { createSseDecoder } from '../../src/protocol/sse.js';
import type { RawSseMessage } from '../../src/protocol/adapter.js';

const encoder = new TextEncoder();

/** An upstream body the test writes to chunk by chunk. */
function upstream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: () => void (cancelled = true),
  });
  return {
    body,
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
    get cancelled() {
      return cancelled;
    },
  };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = '';
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) text += decoder.decode(next.value, { stream: true });
  return text;
}

function decode(text: string): RawSseMessage[] {
  const messages: RawSseMessage[] = [];
  createSseDecoder((message) => messages.push(message))(encoder.encode(text));
  return messages;
}

const slow = { heartbeatMs: 60_000, idleTimeoutMs: 60_000 };

describe('relaySse', () => {
  it('passes frames through whole, even when upstream splits them anywhere', async () => {
    const source = upstream();
    const relayed = readAll(relaySse(source.body, slow));
    const text = 'event: chunk\ndata: {"type":"chunk","content":"Hi"}\n\nevent: completed\ndata: {"type":"completed"}\n\n';
    for (const piece of [text.slice(0, 7), text.slice(7, 30), text.slice(30, 51), text.slice(51)]) source.write(piece);
    source.close();
    assert.equal(await relayed, text);
  });

  it('keeps multi-line data and drops id:, retry: and comment lines', async () => {
    const source = upstream();
    const relayed = readAll(relaySse(source.body, slow));
    source.write(': upstream ping\n\nretry: 1\nid: 7\nevent: chunk\ndata: line one\ndata:\ndata: line three\n\n');
    source.close();
    assert.equal(await relayed, 'event: chunk\ndata: line one\ndata: \ndata: line three\n\n');
    assert.deepEqual(decode(await relayed), [{ event: 'chunk', data: 'line one\n\nline three' }]);
  });

  it('sends the conversation token frame once, right after the first frame that names the conversation', async () => {
    const source = upstream();
    const seen: string[] = [];
    const relayed = readAll(
      relaySse(source.body, {
        ...slow,
        onConversationId: async (id) => {
          seen.push(id);
          return `event: conversation_token\ndata: {"conversationId":"${id}","token":"t"}\n\n`;
        },
      }),
    );
    source.write('event: tool_call\ndata: {"type":"tool_call","id":"tc"}\n\n');
    source.write('event: chunk\ndata: {"type":"chunk","conversation_id":"cnv_1","content":"a"}\n\nevent: chunk\ndata: {"type":"chunk","conversationId":"cnv_1","content":"b"}\n\n');
    source.close();
    const events = decode(await relayed).map((message) => message.event);
    assert.deepEqual(events, ['tool_call', 'chunk', 'conversation_token', 'chunk']);
    assert.deepEqual(seen, ['cnv_1']);
  });

  it('sends keep-alive comments while upstream is silent', async () => {
    const source = upstream();
    const reader = relaySse(source.body, { heartbeatMs: 20, idleTimeoutMs: 5_000 }).getReader();
    const decoder = new TextDecoder();
    let text = '';
    // Read until two keep-alives came (however slow a busy machine's timers are), bounded at 3 s.
    const deadline = Date.now() + 3_000;
    while ((text.match(/^: keep-alive\n\n/gm) ?? []).length < 2 && Date.now() < deadline) {
      const next = await reader.read();
      if (next.done) break;
      text += decoder.decode(next.value, { stream: true });
    }
    assert.ok((text.match(/^: keep-alive\n\n/gm) ?? []).length >= 2, text);
    source.write('event: completed\ndata: {"type":"completed"}\n\n');
    source.close();
    for (let next = await reader.read(); !next.done; next = await reader.read()) text += decoder.decode(next.value, { stream: true });
    assert.ok(text.endsWith('event: completed\ndata: {"type":"completed"}\n\n'));
  });

  it('ends a stalled stream with an error event and cancels upstream', async () => {
    const source = upstream();
    const relayed = readAll(relaySse(source.body, { heartbeatMs: 1_000, idleTimeoutMs: 50 }));
    source.write('event: chunk\ndata: {"type":"chunk","content":"partial"}\n\n');
    const messages = decode(await relayed);
    assert.deepEqual(messages.at(-1), {
      event: 'error',
      data: '{"type":"error","code":"upstream_timeout","message":"The assistant stopped responding."}',
    });
    assert.equal(source.cancelled, true);
  });

  it('cancels upstream when the reader goes away', async () => {
    const source = upstream();
    const stream = relaySse(source.body, slow);
    const reader = stream.getReader();
    source.write('event: chunk\ndata: {"type":"chunk","content":"a"}\n\n');
    await reader.read();
    await reader.cancel();
    assert.equal(source.cancelled, true);
  });

  it('encodes a raw frame with and without an event name', () => {
    assert.equal(encodeRawFrame({ event: '', data: 'x' }), 'data: x\n\n');
    assert.equal(encodeRawFrame({ event: 'a\nb', data: 'x\ny' }), 'event: ab\ndata: x\ndata: y\n\n');
  });
});
