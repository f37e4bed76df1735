/**
 * The Node upstream client (proxy/undici-upstream.ts) against real servers on
 * 127.0.0.1: streams pass chunk by chunk, aborts reach the upstream socket,
 * failures reject as fetch's do, and requests arrive exactly as built.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createUndiciUpstream, type UndiciUpstream, type UndiciUpstreamOptions } from '../../proxy/undici-upstream.js';
import { bareServer, closeAfterEach, readBody, started } from '../support/bare-server.js';
import { signal, within } from '../support/timing.js';

closeAfterEach();

function client(options?: UndiciUpstreamOptions): UndiciUpstream {
  const upstream = createUndiciUpstream(options);
  started.push(upstream);
  return upstream;
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

  it('reads a long, fast stream through to its end while timers still run (a reader that reads on never starves the event loop)', async () => {
    const frame = `data: ${'x'.repeat(80)}\n\n`;
    const frames = 4000;
    const upstream = await bareServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let index = 0; index < frames; index += 1) res.write(frame);
      res.end();
    });
    const response = await client().fetch(new Request(`${upstream.url}/long`));
    const reader = response.body!.getReader();
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 1);
    let bytes = 0;
    try {
      // Reads on in microtasks, as the proxy's relay does.
      for (let next = await reader.read(); !next.done; next = await reader.read()) bytes += next.value.byteLength;
    } finally {
      clearInterval(ticker);
    }
    assert.equal(bytes, frame.length * frames);
    assert.ok(ticks > 0, 'no timer ran while the stream was read');
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

  it('send(url, init): the parts as the proxy gives them leave exactly, a string body with its length', async () => {
    let seen: { method?: string; url?: string; headers: Record<string, unknown>; body: string } | undefined;
    const upstream = await bareServer(async (req, res) => {
      seen = { method: req.method, url: req.url, headers: { ...req.headers }, body: (await readBody(req)).toString('utf8') };
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: one\n\n');
    });
    const body = JSON.stringify({ message: 'Grüße 👜' });
    const headers = { authorization: 'Bearer tb_pk_secret', accept: 'text/event-stream', 'content-type': 'application/json' };
    const response = await client().send(`${upstream.url}/v1/chat`, { method: 'POST', headers, body, signal: new AbortController().signal });
    assert.equal(await response.text(), 'data: one\n\n');
    assert.deepEqual(headers, { authorization: 'Bearer tb_pk_secret', accept: 'text/event-stream', 'content-type': 'application/json' }, 'the caller\'s headers are left as given');
    assert.equal(seen?.method, 'POST');
    assert.equal(seen?.url, '/v1/chat');
    assert.equal(seen?.body, body);
    assert.deepEqual(seen?.headers, {
      host: upstream.url.slice('http://'.length),
      connection: 'keep-alive',
      ...headers,
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
