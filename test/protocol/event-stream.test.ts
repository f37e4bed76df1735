import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fetchEventSource } from '../../src/protocol/event-stream.js';

interface Call {
  input: RequestInfo | URL;
  init: RequestInit;
}

/** A fetch whose response body the test writes, and which fails as a real one does when its signal aborts. */
function fakeFetch(status = 200) {
  const calls: Call[] = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const fetch: typeof globalThis.fetch = async (input, init = {}) => {
    calls.push({ input, init });
    init.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
    return new Response(body, { status, headers: { 'content-type': 'text/event-stream' } });
  };
  return { fetch, calls, write: (text: string) => controller.enqueue(new TextEncoder().encode(text)), end: () => controller.close() };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('fetchEventSource', () => {
  it('sends the request once, asks for an event stream, calls onopen, and resolves when the body ends', async () => {
    const server = fakeFetch();
    const opened: number[] = [];
    let settled = false;
    const done = fetchEventSource('https://proxy.example/v1/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"message":"hi"}',
      openWhenHidden: true,
      fetch: server.fetch,
      onopen: (response) => void opened.push(response.status),
    }).then(() => (settled = true));
    server.write('data: a\n\n');
    await tick();
    assert.equal(settled, false, 'still reading the body');
    server.end();
    await done;
    assert.deepEqual(opened, [200]);
    assert.equal(server.calls.length, 1);
    const [{ input, init }] = server.calls;
    assert.equal(input, 'https://proxy.example/v1/chat');
    assert.equal(init.method, 'POST');
    assert.equal(init.body, '{"message":"hi"}');
    assert.deepEqual(init.headers, { accept: 'text/event-stream', 'content-type': 'application/json' });
  });

  it("keeps the caller's Accept header", async () => {
    const server = fakeFetch();
    server.end();
    await fetchEventSource('/x', { headers: { accept: 'text/plain' }, openWhenHidden: true, fetch: server.fetch });
    assert.deepEqual(server.calls[0]!.init.headers, { accept: 'text/plain' });
  });

  it('a throw in onopen goes to onerror, and what onerror throws rejects the call; nothing is retried', async () => {
    const server = fakeFetch(500);
    const seen: unknown[] = [];
    await assert.rejects(
      fetchEventSource('/x', {
        openWhenHidden: true,
        fetch: server.fetch,
        onopen: () => {
          throw new Error('status 500');
        },
        onerror: (error) => {
          seen.push(error);
          throw new Error('given up');
        },
      }),
      /given up/,
    );
    assert.deepEqual(
      seen.map((error) => (error as Error).message),
      ['status 500'],
    );
    assert.equal((server.calls[0]!.init.signal as AbortSignal).aborted, true, 'the unread body is let go');
    await tick();
    assert.equal(server.calls.length, 1);
  });

  it('rejects with the failure itself when onerror returns, and when there is none', async () => {
    const failing: typeof fetch = async () => {
      throw new TypeError('network down');
    };
    await assert.rejects(fetchEventSource('/x', { openWhenHidden: true, fetch: failing, onerror: () => 1000 }), /network down/);
    await assert.rejects(fetchEventSource('/x', { openWhenHidden: true, fetch: failing }), /network down/);
  });

  it('an abort resolves the call, stops the request, and is not an error', async () => {
    const server = fakeFetch();
    const abort = new AbortController();
    const errors: unknown[] = [];
    const done = fetchEventSource('/x', { signal: abort.signal, openWhenHidden: true, fetch: server.fetch, onerror: (error) => errors.push(error) });
    server.write('data: a\n\n');
    await tick();
    abort.abort();
    await done;
    await tick();
    assert.equal((server.calls[0]!.init.signal as AbortSignal).aborted, true);
    assert.deepEqual(errors, []);
  });
});
