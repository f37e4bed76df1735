/**
 * The Node adapter's handling of request bodies over real HTTP: small bodies
 * with a declared length reach the handler whole, anything else streams, and a
 * client that leaves mid-body never reaches the handler.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, toNodeListener, type FetchHandler } from '../../proxy/node-adapter.js';
import { signal, within } from '../support/timing.js';

const started: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const server of started.splice(0).reverse()) await server.close();
});

async function start(handler: FetchHandler) {
  const running = await serve(handler);
  started.push(running);
  return running;
}

/** A raw request whose body the test writes piece by piece; resolves with the answer's status and text. */
function rawPost(url: string, headers: Record<string, string | number>): { req: ClientRequest; answer: Promise<{ status: number; text: string }> } {
  let req!: ClientRequest;
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req = httpRequest(`${url}/v1/chat`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (text += part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
  });
  return { req, answer };
}

describe('toNodeListener: request bodies', { timeout: 10_000 }, () => {
  it('hands a small body with a declared length to the handler whole', async () => {
    const body = JSON.stringify({ message: 'Grüße 👜' });
    const server = await start(async (request) => {
      const text = await request.text();
      return new Response(JSON.stringify({ text, length: request.headers.get('content-length') }));
    });
    const response = await fetch(`${server.url}/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.deepEqual(await response.json(), { text: body, length: String(Buffer.byteLength(body)) });
  });

  it('waits for a small body sent in pieces', async () => {
    const server = await start(async (request) => new Response(await request.text()));
    const { req, answer } = rawPost(server.url, { 'content-type': 'application/json', 'content-length': 16 });
    req.write('{"message":');
    await new Promise((resolve) => setTimeout(resolve, 30));
    req.end('"hi"}');
    assert.deepEqual(await answer, { status: 200, text: '{"message":"hi"}' });
  });

  it('calls the handler at once for a body declared larger than 16 KiB, streaming it', async () => {
    const handlerCalled = signal<string | null>();
    const server = await start(async (request) => {
      handlerCalled.resolve(request.headers.get('content-length'));
      await request.body?.cancel();
      return new Response('refused unread', { status: 413 });
    });
    const { req, answer } = rawPost(server.url, { 'content-type': 'application/json', 'content-length': 1_000_000 });
    req.write('{"message":"');
    assert.equal(await within(handlerCalled.promise, 2000, 'the adapter waited for the whole large body'), '1000000');
    req.destroy();
    await answer.catch(() => {});
  });

  it('streams a chunked body: the handler reads the first piece before the client sends the next', async () => {
    const firstPiece = signal<string>();
    const server = await start(async (request) => {
      const reader = request.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        text += decoder.decode(next.value, { stream: true });
        firstPiece.resolve(text);
      }
      return new Response(text);
    });
    const { req, answer } = rawPost(server.url, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    req.write('{"message":');
    assert.equal(await within(firstPiece.promise, 2000, 'the chunked body was held back'), '{"message":');
    req.end('"hi"}');
    assert.deepEqual(await answer, { status: 200, text: '{"message":"hi"}' });
  });

  it('never calls the handler for a client that leaves mid-body, and keeps serving', async () => {
    let calls = 0;
    const server = await start(async () => {
      calls += 1;
      return new Response('ok');
    });
    const { req, answer } = rawPost(server.url, { 'content-type': 'application/json', 'content-length': 100 });
    req.write('{"message":');
    await new Promise((resolve) => setTimeout(resolve, 30));
    req.destroy();
    await answer.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(calls, 0);
    assert.equal(await (await fetch(`${server.url}/v1/agent`)).text(), 'ok');
    assert.equal(calls, 1);
  });

  it('does not wait for a body that a body parser mounted first has already read', async () => {
    const listener = toNodeListener(async (request) => new Response(await request.text()));
    const server = createServer((req, res) => {
      // What express.json() does before a middleware mounted after it.
      req.resume();
      req.on('end', () => listener(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    started.push({
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const response = await within(
      fetch(`${url}/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"hi"}' }),
      2000,
      'the adapter waited for a body that had already gone',
    );
    // What it answers is as before (README: mount the proxy before any body parser); that it answers is the point.
    await response.body?.cancel();
  });
});
