/**
 * The whole Node deployment path, as `totebot-proxy` assembles it
 * (`assembleProxy` + `serve`, reaching upstream through undici), in front of a
 * bare upstream on 127.0.0.1: the request upstream sees, frames relayed one by
 * one, aborts passed on, and failures that name neither the key nor the address.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assembleProxy, readSettings } from '../../proxy/config.js';
import type { ProxyLogEntry } from '../../proxy/handler.js';
import { serve } from '../../proxy/node-adapter.js';
import { bareServer, closeAfterEach, readBody, started } from '../support/bare-server.js';
import { signal, within } from '../support/timing.js';

closeAfterEach();

const decoder = new TextDecoder();
const text = (result: ReadableStreamReadResult<Uint8Array>) => (result.done ? '<done>' : decoder.decode(result.value));

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
