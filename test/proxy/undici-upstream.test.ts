/**
 * The Node upstream client (proxy/undici-upstream.ts) against real servers on
 * 127.0.0.1: streams pass chunk by chunk, aborts reach the upstream socket,
 * failures reject as fetch's do, and requests arrive exactly as built. Then the
 * whole Node path (`assembleProxy` + `serve`) in front of a bare upstream.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { assembleProxy, readSettings } from '../../proxy/config.js';
import type { ProxyLogEntry } from '../../proxy/handler.js';
import { serve } from '../../proxy/node-adapter.js';
import { createUndiciUpstream, type UndiciUpstream, type UndiciUpstreamOptions } from '../../proxy/undici-upstream.js';
import { signal, within } from '../support/timing.js';

interface Bare {
  url: string;
  close(): Promise<void>;
}

/** Everything a test starts, closed after it whatever happened. A regression fails by timeout, never hangs. */
const started: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of started.splice(0).reverse()) await item.close();
});

async function bareServer(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Bare> {
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const bare = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  started.push(bare);
  return bare;
}

function client(options?: UndiciUpstreamOptions): UndiciUpstream {
  const upstream = createUndiciUpstream(options);
  started.push(upstream);
  return upstream;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * undici's pool takes a socket back a turn after its body ended; a request sent in
 * that same turn gets a second connection. Waiting a turn makes reuse observable.
 */
const socketReleased = () => new Promise((resolve) => setImmediate(resolve));

const decoder = new TextDecoder();
const text = (result: ReadableStreamReadResult<Uint8Array>) => (result.done ? '<done>' : decoder.decode(result.value));

describe('createUndiciUpstream: streaming', { timeout: 10_000 }, () => {
  it('hands over each chunk before upstream sends the next one', async () => {
    const released = [signal(), signal()];
    const sent: string[] = [];
    const upstream = await bareServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const [index, part] of ['data: one\n\n', 'data: two\n\n', 'data: three\n\n'].entries()) {
        if (index > 0) await released[index - 1]!.promise;
        sent.push(part);
        res.write(part);
      }
      res.end();
    });
    const response = await client().fetch(new Request(`${upstream.url}/stream`));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    const reader = response.body!.getReader();
    assert.equal(text(await within(reader.read(), 2000, 'the first chunk was held back')), 'data: one\n\n');
    assert.deepEqual(sent, ['data: one\n\n']);
    released[0]!.resolve();
    assert.equal(text(await within(reader.read(), 2000, 'the second chunk was held back')), 'data: two\n\n');
    assert.deepEqual(sent, ['data: one\n\n', 'data: two\n\n']);
    released[1]!.resolve();
    assert.equal(text(await reader.read()), 'data: three\n\n');
    assert.equal(text(await reader.read()), '<done>');
  });

  it('resolves with the headers before any body byte exists', async () => {
    const bodySent = signal();
    const responded = signal();
    const upstream = await bareServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await responded.promise;
      res.end('data: late\n\n');
      bodySent.resolve();
    });
    const response = await within(client().fetch(new Request(upstream.url)), 2000, 'fetch waited for the body');
    responded.resolve();
    assert.equal(await response.text(), 'data: late\n\n');
    await bodySent.promise;
  });

  it('keeps a stream open through a silence longer than the idle-socket timeout', async () => {
    const upstream = await bareServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: a\n\n');
      setTimeout(() => res.end('data: b\n\n'), 250);
    });
    const response = await client({ idleSocketMs: 50 }).fetch(new Request(upstream.url));
    assert.equal(await response.text(), 'data: a\n\ndata: b\n\n');
  });

  it('reuses one kept-alive connection for requests in sequence', async () => {
    const ports: number[] = [];
    const upstream = await bareServer((req, res) => {
      ports.push(req.socket.remotePort!);
      res.end('ok');
    });
    const nodeUpstream = client();
    for (let i = 0; i < 3; i++) {
      assert.equal(await (await nodeUpstream.fetch(new Request(upstream.url))).text(), 'ok');
      await socketReleased();
    }
    assert.equal(new Set(ports).size, 1, `ports used: ${ports.join(', ')}`);
  });

  it('decodes a gzip body sent although identity was asked for, dropping the coding and length', async () => {
    let acceptEncoding: string | undefined;
    const upstream = await bareServer((req, res) => {
      acceptEncoding = req.headers['accept-encoding'];
      const body = gzipSync('{"hello":"wörld"}');
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
      res.end(body);
    });
    const response = await client().fetch(new Request(upstream.url));
    assert.equal(acceptEncoding, 'identity');
    assert.equal(response.headers.get('content-encoding'), null);
    assert.equal(response.headers.get('content-length'), null);
    assert.deepEqual(await response.json(), { hello: 'wörld' });
  });

  it('passes the status and headers on, repeated ones apart, connection-scoped ones not at all', async () => {
    const upstream = await bareServer((_req, res) => {
      res.writeHead(429, 'Too Many', [
        ['Retry-After', '7'],
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
        ['Keep-Alive', 'timeout=5'],
        ['Content-Type', 'application/json'],
      ]);
      res.end('{"error":{"code":"rate_limited"}}');
    });
    const response = await client().fetch(new Request(upstream.url));
    assert.equal(response.status, 429);
    assert.equal(response.statusText, 'Too Many');
    assert.equal(response.ok, false);
    assert.equal(response.headers.get('retry-after'), '7');
    assert.deepEqual(response.headers.getSetCookie(), ['a=1', 'b=2']);
    assert.equal(response.headers.get('keep-alive'), null);
    assert.equal(response.headers.get('connection'), null);
    assert.deepEqual(await response.json(), { error: { code: 'rate_limited' } });
  });

  it('keeps the whole body of a closed connection for a reader that comes late', async () => {
    const upstream = await bareServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
      res.write('one ');
      res.write('two ');
      res.end('three');
    });
    const response = await client().fetch(new Request(upstream.url));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await response.text(), 'one two three');
  });

  it('rejects a status fetch cannot represent instead of hanging', async () => {
    const server = createNetServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 600 Odd\r\ncontent-length: 2\r\n\r\nok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    started.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await assert.rejects(within(client().fetch(new Request(url)), 2000, 'hung on status 600'), TypeError);
  });

  it('gives a 204 and a HEAD answer no body', async () => {
    const upstream = await bareServer((req, res) => {
      if (req.method === 'HEAD') res.writeHead(200, { 'content-type': 'application/json', 'content-length': '12' }).end();
      else res.writeHead(204).end();
    });
    const nodeUpstream = client();
    const empty = await nodeUpstream.fetch(new Request(upstream.url, { method: 'DELETE' }));
    assert.equal(empty.status, 204);
    assert.equal(empty.body, null);
    const head = await nodeUpstream.fetch(new Request(upstream.url, { method: 'HEAD' }));
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), '12');
    assert.equal(head.body, null);
  });
});

describe('createUndiciUpstream: the request as built', { timeout: 10_000 }, () => {
  it('sends method, path, query, headers and a one-piece body exactly, with its length', async () => {
    let seen: { method?: string; url?: string; headers: Record<string, unknown>; body: string } | undefined;
    const upstream = await bareServer(async (req, res) => {
      seen = { method: req.method, url: req.url, headers: { ...req.headers }, body: (await readBody(req)).toString('utf8') };
      res.end();
    });
    const body = JSON.stringify({ message: 'Grüße 👜', conversationId: 'cnv_1' });
    await client().fetch(
      new Request(`${upstream.url}/v1/conversations/cnv_1/messages?limit=2`, {
        method: 'POST',
        headers: { authorization: 'Bearer tb_pk_secret', accept: 'text/event-stream', 'content-type': 'application/json', 'x-extra': 'a, b' },
        body,
      }),
    );
    assert.equal(seen?.method, 'POST');
    assert.equal(seen?.url, '/v1/conversations/cnv_1/messages?limit=2');
    assert.equal(seen?.body, body);
    assert.deepEqual(seen?.headers, {
      host: upstream.url.slice('http://'.length),
      connection: 'keep-alive',
      authorization: 'Bearer tb_pk_secret',
      accept: 'text/event-stream',
      'content-type': 'application/json',
      'x-extra': 'a, b',
      'accept-encoding': 'identity',
      'content-length': String(Buffer.byteLength(body)),
    });
  });

  it('streams a body that arrives in pieces, chunked, without waiting for its end', async () => {
    const firstArrived = signal<string>();
    let received = '';
    let transferEncoding: string | undefined;
    const upstream = await bareServer((req, res) => {
      transferEncoding = req.headers['transfer-encoding'];
      req.setEncoding('utf8');
      req.on('data', (part: string) => {
        received += part;
        if (received === 'one,two,') firstArrived.resolve(received);
      });
      req.on('end', () => res.end(received));
    });
    const encoder = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const source = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    controller.enqueue(encoder.encode('one,'));
    controller.enqueue(encoder.encode('two,'));
    const answer = client().fetch(new Request(upstream.url, { method: 'POST', body: source, duplex: 'half' } as RequestInit));
    assert.equal(await within(firstArrived.promise, 2000, 'the first pieces were held back'), 'one,two,');
    controller.enqueue(encoder.encode('three'));
    controller.close();
    const response = await answer;
    assert.equal(await response.text(), 'one,two,three');
    assert.equal(transferEncoding, 'chunked');
  });

  it('sends a POST without a body with content-length 0, as fetch does', async () => {
    let length: string | undefined;
    const upstream = await bareServer((req, res) => {
      length = req.headers['content-length'];
      res.end();
    });
    await client().fetch(new Request(upstream.url, { method: 'POST' }));
    assert.equal(length, '0');
  });
});

describe('createUndiciUpstream: aborts and failures', { timeout: 10_000 }, () => {
  it('aborting before the answer rejects with the reason and closes the upstream request', async () => {
    const upstreamClosed = signal();
    const reached = signal();
    const upstream = await bareServer((_req, res) => {
      res.on('close', () => upstreamClosed.resolve());
      reached.resolve();
    });
    const abort = new AbortController();
    const answer = client().fetch(new Request(upstream.url, { signal: abort.signal }));
    await reached.promise;
    abort.abort();
    await assert.rejects(answer, { name: 'AbortError' });
    await within(upstreamClosed.promise, 2000, 'the upstream request stayed open');
  });

  it('aborting mid-stream errors the body and closes the upstream socket', async () => {
    const upstreamClosed = signal<boolean>();
    const upstream = await bareServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      res.on('close', () => upstreamClosed.resolve(res.writableFinished));
    });
    const abort = new AbortController();
    const response = await client().fetch(new Request(upstream.url, { signal: abort.signal }));
    const reader = response.body!.getReader();
    assert.equal(text(await reader.read()), 'data: first\n\n');
    abort.abort();
    await assert.rejects(reader.read(), { name: 'AbortError' });
    assert.equal(await within(upstreamClosed.promise, 2000, 'the upstream socket stayed open'), false);
  });

  it('cancelling the body closes the upstream socket', async () => {
    const upstreamClosed = signal();
    const upstream = await bareServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      res.on('close', () => upstreamClosed.resolve());
    });
    const response = await client().fetch(new Request(upstream.url));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    await within(upstreamClosed.promise, 2000, 'the upstream socket stayed open');
  });

  it('an already aborted signal rejects without connecting', async () => {
    let reached = 0;
    const upstream = await bareServer((_req, res) => {
      reached += 1;
      res.end();
    });
    await assert.rejects(client().fetch(new Request(upstream.url, { signal: AbortSignal.abort() })), { name: 'AbortError' });
    assert.equal(reached, 0);
  });

  it('a refused connection rejects with TypeError("fetch failed") carrying the cause, never a header', async () => {
    const closed = await bareServer(() => {});
    await closed.close();
    const error = await client()
      .fetch(new Request(`${closed.url}/v1/chat`, { method: 'POST', headers: { authorization: 'Bearer tb_pk_secret' }, body: '{}' }))
      .then(
        () => assert.fail('resolved'),
        (reason: unknown) => reason,
      );
    assert.ok(error instanceof TypeError);
    assert.equal(error.message, 'fetch failed');
    assert.equal((error.cause as NodeJS.ErrnoException).code, 'ECONNREFUSED');
    assert.doesNotMatch(`${error.message} ${String(error.cause)} ${JSON.stringify(error.cause)}`, /tb_pk_secret/);
  });

  it('a connection dropped mid-body errors the body stream', async () => {
    const upstream = await bareServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const response = await client().fetch(new Request(upstream.url));
    const reader = response.body!.getReader();
    assert.equal(text(await reader.read()), 'data: first\n\n');
    await assert.rejects(within(reader.read(), 2000, 'the drop went unnoticed'), TypeError);
  });

  it('retries an idempotent request once when a kept-alive socket turns out closed, never a POST', async () => {
    const served = new WeakSet<object>();
    let requests = 0;
    const upstream = await bareServer((req, res) => {
      requests += 1;
      // The race RFC 9112 §9.3.1 describes: the server drops an idle connection just as it is reused.
      if (served.has(req.socket)) return void req.socket.destroy();
      served.add(req.socket);
      res.end('fresh');
    });
    const nodeUpstream = client();
    assert.equal(await (await nodeUpstream.fetch(new Request(upstream.url))).text(), 'fresh');
    await socketReleased();
    assert.equal(await (await nodeUpstream.fetch(new Request(upstream.url))).text(), 'fresh');
    assert.equal(requests, 3);
    await socketReleased();
    await assert.rejects(nodeUpstream.fetch(new Request(upstream.url, { method: 'POST', body: '{}' })), TypeError);
    assert.equal(requests, 4);
  });
});

describe('the Node deployment path: assembleProxy + serve in front of a bare upstream', { timeout: 10_000 }, () => {
  const KEY = 'tb_pk_live_secret';

  async function nodeProxy(upstreamUrl: string, extra: Record<string, string> = {}) {
    const logs: ProxyLogEntry[] = [];
    const settings = readSettings({
      TOTEBOT_API_KEY: KEY,
      TOTEBOT_API_URL: upstreamUrl,
      ALLOWED_ORIGINS: 'https://shop.example',
      TOTEBOT_RATE_LIMIT: 'off',
      ...extra,
    });
    const { proxy } = assembleProxy(settings, { log: (entry) => logs.push(entry) });
    const running = await serve((request, info) => proxy.fetch(request, undefined, info));
    started.push(running);
    return { url: running.url, logs };
  }

  const frame = (event: Record<string, unknown>) => `event: ${event.type as string}\ndata: ${JSON.stringify(event)}\n\n`;

  it('reaches upstream through node:http, with exactly the headers the handler sets', async () => {
    let headers: Record<string, unknown> = {};
    let body = '';
    const upstream = await bareServer(async (req, res) => {
      headers = { ...req.headers };
      body = (await readBody(req)).toString('utf8');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(frame({ type: 'completed', conversationId: 'cnv_1', messageId: 'msg_1', content: 'Hi' }));
    });
    const proxy = await nodeProxy(upstream.url);
    const response = await fetch(`${proxy.url}/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"hello"}' });
    assert.equal(response.status, 200);
    await response.text();
    assert.equal(body, '{"message":"hello"}');
    // The global fetch would add user-agent, accept-language, sec-fetch-mode and a compressing accept-encoding.
    assert.deepEqual(headers, {
      host: upstream.url.slice('http://'.length),
      connection: 'keep-alive',
      authorization: `Bearer ${KEY}`,
      accept: 'text/event-stream',
      'content-type': 'application/json',
      'accept-encoding': 'identity',
      'content-length': String(body.length),
    });
  });

  it('relays SSE frame by frame: the browser has each one before upstream sends the next', async () => {
    const next = [signal(), signal()];
    const frames = [
      frame({ type: 'chunk', conversationId: 'cnv_1', content: 'Hel' }),
      frame({ type: 'chunk', conversationId: 'cnv_1', content: 'lo' }),
      frame({ type: 'completed', conversationId: 'cnv_1', messageId: 'msg_1', content: 'Hello' }),
    ];
    const upstream = await bareServer(async (req, res) => {
      await readBody(req);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(frames[0]);
      await next[0]!.promise;
      res.write(frames[1]);
      await next[1]!.promise;
      res.end(frames[2]);
    });
    const proxy = await nodeProxy(upstream.url);
    const response = await fetch(`${proxy.url}/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"hi"}' });
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    let received = '';
    const until = async (marker: string) => {
      while (!received.includes(marker)) {
        const part = await within(reader.read(), 2000, `no "${marker}" yet; received so far: ${received}`);
        assert.equal(part.done, false, `the stream ended before "${marker}"`);
        received += decoder.decode(part.value, { stream: true });
      }
    };
    await until(frames[0]!);
    assert.ok(received.startsWith(frames[0]!), received);
    await until('event: conversation_token\n');
    next[0]!.resolve();
    await until(frames[1]!);
    next[1]!.resolve();
    await until(frames[2]!);
    assert.equal(text(await reader.read()), '<done>');
  });

  it('opens the stream at once when upstream is slow to send its first frame', async () => {
    const clientHasHeaders = signal();
    const upstream = await bareServer(async (req, res) => {
      await readBody(req);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await clientHasHeaders.promise;
      res.end(frame({ type: 'completed', conversationId: 'cnv_1', messageId: 'msg_1', content: 'Hi' }));
    });
    const proxy = await nodeProxy(upstream.url);
    const response = await within(
      fetch(`${proxy.url}/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"hi"}' }),
      2000,
      'the proxy held the headers back until the first frame',
    );
    clientHasHeaders.resolve();
    assert.equal(response.status, 200);
    assert.match(await response.text(), /^event: completed\n/);
  });

  it('a client abort closes the upstream request mid-stream', async () => {
    const upstreamClosed = signal<boolean>();
    const upstream = await bareServer(async (req, res) => {
      await readBody(req);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(frame({ type: 'chunk', conversationId: 'cnv_1', content: 'Hel' }));
      res.on('close', () => upstreamClosed.resolve(res.writableFinished));
    });
    const proxy = await nodeProxy(upstream.url);
    const abort = new AbortController();
    const response = await fetch(`${proxy.url}/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"message":"hi"}',
      signal: abort.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    abort.abort();
    assert.equal(await within(upstreamClosed.promise, 2000, 'upstream kept streaming to no one'), false);
  });

  it('an unreachable upstream is a 502 that names neither the key nor the address', async () => {
    const closed = await bareServer(() => {});
    await closed.close();
    const proxy = await nodeProxy(closed.url);
    const response = await fetch(`${proxy.url}/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"hi"}' });
    assert.equal(response.status, 502);
    const body = await response.text();
    assert.deepEqual(JSON.parse(body), { error: { code: 'upstream_unreachable', message: 'The assistant is unreachable right now.' } });
    const everything = body + JSON.stringify([...response.headers]) + JSON.stringify(proxy.logs);
    assert.doesNotMatch(everything, new RegExp(`${KEY}|${new URL(closed.url).port}`));
    assert.deepEqual(
      proxy.logs.map((entry) => [entry.route, entry.status, entry.error]),
      [['chat', 502, 'upstream_unreachable']],
    );
  });
});
