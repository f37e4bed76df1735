/**
 * The proxy through real HTTP: fetch → proxy server → simulator server. Proves
 * what is forwarded (and with which key), what never is, and how upstream
 * failures reach the shopper.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { SIMULATOR_API_KEY } from '../../proxy/simulator/simulator.js';
import { serve } from '../../proxy/node-adapter.js';
import { createConversationTokens, createKeyring } from '../../proxy/signing.js';
import { useProxyChain, useProxyChainTo, useServersPerTest } from '../support/test-server.js';
import { openChatStream, patchJson, postChat } from '../support/http.js';
import { tokenHeader } from '../support/conversation.js';
import { readSseEvents } from '../support/sse.js';
import type { ConversationTokenEvent, ProxyStreamEvent } from '../../src/protocol/events.js';

interface ErrorBody {
  error: { code: string; message: string };
}

interface HistoryBody {
  data: { id: string; role: string; content: string; feedback: string | null }[];
}

const KEY = SIMULATOR_API_KEY;

/** Asserts a JSON error answer and returns its body text (for leak checks). */
async function expectError(response: Response, status: number, code: string): Promise<string> {
  const text = await response.text();
  assert.equal(response.status, status, `status for ${code}: ${text}`);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const body = JSON.parse(text) as ErrorBody;
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0);
  return text;
}

function assertNoSecretIn(response: Response, text: string, secret: string): void {
  response.headers.forEach((value, name) => {
    assert.ok(!value.includes(secret), `header ${name} holds the key`);
    assert.ok(!name.includes(secret));
  });
  assert.ok(!text.includes(secret), 'the body holds the key');
}

/** A conversation token as the proxy issues it: an HMAC-SHA-256 in base64url. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A whole chat stream: the exact bytes, the upstream's events, the wire order of
 * all frames, and the one frame the proxy adds (the conversation token).
 */
async function readChat(
  response: Response,
): Promise<{ text: string; events: ProxyStreamEvent[]; wireTypes: string[]; token: ConversationTokenEvent }> {
  const text = await response.text();
  const { raw, events: all } = await readSseEvents(new Response(text));
  // Byte for byte canonical frames, as the simulator writes them: `event: <type>\ndata: <json>\n\n`, nothing lost.
  assert.equal(text, raw.map((frame) => `event: ${frame.event}\ndata: ${frame.data}\n\n`).join(''));
  for (const frame of raw) assert.equal((JSON.parse(frame.data) as { type: string }).type, frame.event);
  assert.equal(all.length, raw.length);

  // The proxy adds exactly one frame: the token, right after the first frame that names the conversation.
  const tokenAt = all.flatMap((event, index) => (event.type === 'conversation_token' ? [index] : []));
  assert.equal(tokenAt.length, 1, 'one conversation_token frame');
  const namingAt = all.findIndex((event) => event.type !== 'conversation_token' && event.conversationId !== undefined);
  assert.ok(namingAt >= 0, 'a frame names the conversation');
  assert.equal(tokenAt[0], namingAt + 1, 'the token follows the first frame that names the conversation');
  const token = all[tokenAt[0]!] as ConversationTokenEvent;
  assert.match(token.token, TOKEN_PATTERN);
  assert.equal(raw[tokenAt[0]!]!.event, 'conversation_token');
  assert.deepEqual(JSON.parse(raw[tokenAt[0]!]!.data), {
    type: 'conversation_token',
    conversationId: all[namingAt]!.conversationId,
    token: token.token,
  });
  return {
    text,
    events: all.filter((event) => event.type !== 'conversation_token'),
    wireTypes: raw.map((frame) => frame.event),
    token,
  };
}

/** A request whose path is sent exactly as written (fetch would normalise `..` first, and refuses TRACE). */
function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A port nothing listens on: bound by a server that is then closed. */
async function closedPortUrl(): Promise<string> {
  const running = await serve(async () => new Response(null));
  await running.close();
  return running.url;
}

describe('proxy over HTTP: the four allowed routes', () => {
  const chain = useProxyChain();

  it('streams POST /v1/chat through as SSE, in order, ending with completed', async () => {
    const before = chain.upstream.simulator.stats.requests.length;
    const response = await postChat(chain.proxy.url, { message: 'Add the blue tote to my cart' });

    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-cache, no-transform');
    assert.equal(response.headers.get('x-accel-buffering'), 'no');
    assert.equal(response.headers.get('vary'), 'Origin');

    const { text, events, wireTypes, token } = await readChat(response);
    const types = events.map((event) => event.type);
    assert.deepEqual(types.slice(0, 3), ['tool_call', 'action_started', 'action_completed']);
    // The tool and action frames name no conversation: the token follows the first chunk.
    assert.deepEqual(wireTypes.slice(0, 5), ['tool_call', 'action_started', 'action_completed', 'chunk', 'conversation_token']);
    assert.equal(types.at(-1), 'completed');
    assert.ok(types.length > 5);
    assert.ok(types.slice(3, -1).every((type) => type === 'chunk'), types.join(','));

    const completed = events.at(-1);
    assert.ok(completed?.type === 'completed');
    const chunks = events.filter((event) => event.type === 'chunk');
    assert.equal(chunks.map((event) => event.content).join(''), completed.content);
    assert.match(completed.conversationId ?? '', /^cnv_/);
    assert.match(completed.messageId ?? '', /^msg_/);
    assert.ok(chunks.every((event) => event.conversationId === completed.conversationId));
    assert.equal(token.conversationId, completed.conversationId);

    // Exactly one upstream request, with the proxy's key; the client sent none.
    assert.deepEqual(chain.upstream.simulator.stats.requests.slice(before), [
      { method: 'POST', path: '/v1/chat', authorization: `Bearer ${KEY}` },
    ]);
    assertNoSecretIn(response, text, KEY);
    assertNoSecretIn(response, text, 'tb_pk_');
  });

  it("replaces a client's own Authorization header with the proxy's key", async () => {
    const before = chain.upstream.simulator.stats.requests.length;
    const response = await fetch(`${chain.proxy.url}/v1/agent`, { headers: { authorization: 'Bearer tb_pk_attacker' } });
    assert.equal(response.status, 200);
    await response.text();
    assert.deepEqual(chain.upstream.simulator.stats.requests.slice(before), [
      { method: 'GET', path: '/v1/agent', authorization: `Bearer ${KEY}` },
    ]);
  });

  it('continues a conversation and restores its history with GET messages, given its token', async () => {
    const first = await readChat(await postChat(chain.proxy.url, { message: 'Do you have a blue tote?' }));
    const firstDone = first.events.at(-1);
    assert.ok(firstDone?.type === 'completed');
    const conversationId = firstDone.conversationId!;
    assert.equal(first.token.conversationId, conversationId);
    const withToken = tokenHeader(first.token.token);

    const second = await postChat(
      chain.proxy.url,
      {
        message: 'help',
        conversationId,
        identity: { id: 'u_42', email: 'ana@example.com', name: 'Ana', phone: '+4912345' },
      },
      { headers: withToken },
    );
    assert.equal(second.status, 200);
    const secondChat = await readChat(second);
    const secondDone = secondChat.events.at(-1);
    assert.ok(secondDone?.type === 'completed');
    assert.equal(secondDone.conversationId, conversationId);
    assert.deepEqual(secondChat.token, first.token, 'the same conversation keeps the same token');

    const before = chain.upstream.simulator.stats.requests.length;
    const response = await fetch(`${chain.proxy.url}/v1/conversations/${conversationId}/messages`, { headers: withToken });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const text = await response.text();
    const history = JSON.parse(text) as HistoryBody;
    assert.deepEqual(
      history.data.map((message) => [message.role, message.id]),
      [
        ['user', history.data[0]!.id],
        ['assistant', firstDone.messageId],
        ['user', history.data[2]!.id],
        ['assistant', secondDone.messageId],
      ],
    );
    assert.equal(history.data[0]!.content, 'Do you have a blue tote?');
    assert.equal(history.data[3]!.content, secondDone.content);
    assert.deepEqual(chain.upstream.simulator.stats.requests.slice(before), [
      { method: 'GET', path: `/v1/conversations/${conversationId}/messages`, authorization: `Bearer ${KEY}` },
    ]);
    assertNoSecretIn(response, text, KEY);
  });

  it('sends feedback upstream upper-case with PATCH, given the token', async () => {
    const { events, token } = await readChat(await postChat(chain.proxy.url, { message: 'hello' }));
    const withToken = { headers: tokenHeader(token.token) };
    const done = events.at(-1);
    assert.ok(done?.type === 'completed');
    const conversationId = done.conversationId!;
    const messageId = done.messageId!;
    const url = `${chain.proxy.url}/v1/conversations/${conversationId}/messages/${messageId}/feedback`;

    const before = chain.upstream.simulator.stats.requests.length;
    const response = await patchJson(url, { feedback: 'negative' }, withToken);
    assert.equal(response.status, 200);
    const updated = (await response.json()) as { id: string; feedback: string };
    assert.equal(updated.id, messageId);
    assert.equal(updated.feedback, 'NEGATIVE');
    const stored = chain.upstream.simulator.conversation(conversationId)?.messages.find((message) => message.id === messageId);
    assert.equal(stored?.feedback, 'NEGATIVE');
    assert.deepEqual(chain.upstream.simulator.stats.requests.slice(before), [
      { method: 'PATCH', path: `/v1/conversations/${conversationId}/messages/${messageId}/feedback`, authorization: `Bearer ${KEY}` },
    ]);

    const again = await patchJson(url, { feedback: 'Positive' }, withToken);
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { feedback: string }).feedback, 'POSITIVE');
    assert.equal(
      chain.upstream.simulator.conversation(conversationId)?.messages.find((message) => message.id === messageId)?.feedback,
      'POSITIVE',
    );
  });

  it('refuses to continue, read or rate a conversation without its token, forwarding nothing', async () => {
    const { events } = await readChat(await postChat(chain.proxy.url, { message: 'hello' }));
    const done = events.at(-1);
    assert.ok(done?.type === 'completed');
    const path = `/v1/conversations/${done.conversationId}/messages`;
    const before = chain.upstream.simulator.stats.requests.length;
    await expectError(await postChat(chain.proxy.url, { message: 'hi', conversationId: done.conversationId }), 403, 'conversation_forbidden');
    await expectError(await fetch(`${chain.proxy.url}${path}`), 403, 'conversation_forbidden');
    await expectError(
      await patchJson(`${chain.proxy.url}${path}/${done.messageId}/feedback`, { feedback: 'POSITIVE' }),
      403,
      'conversation_forbidden',
    );
    assert.equal(chain.upstream.simulator.stats.requests.length, before);
  });

  it('answers GET /v1/agent with only the public id and name', async () => {
    const response = await fetch(`${chain.proxy.url}/v1/agent`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const text = await response.text();
    assert.deepEqual(JSON.parse(text), { id: 'agt_simulator', name: 'Tote' });
    assert.ok(!text.includes('model'));
    assert.ok(!text.includes('trainingStatus'));
    assertNoSecretIn(response, text, KEY);
  });
});

describe('proxy over HTTP: streaming is not buffered', () => {
  const chain = useProxyChain({ chunkDelayMs: 20, toolDelayMs: 0 });

  it('delivers the first frame long before the last', async () => {
    const stream = await openChatStream(chain.proxy.url, { message: 'help' });
    const firstAt = Date.now();
    assert.equal(stream.response.status, 200);
    assert.equal(stream.first.done, false);
    let text = stream.firstText;
    assert.match(text, /^event: chunk\n/);
    assert.ok(!text.includes('event: completed'), 'the first read already held the whole reply');
    text += await stream.readRest();
    const elapsed = Date.now() - firstAt;
    assert.ok(text.endsWith('\n\n') && text.includes('event: completed\n'));
    // ~35 deltas at 20 ms each: a buffering proxy would deliver them all at once.
    assert.ok(elapsed >= 300, `whole reply arrived ${elapsed} ms after the first frame`);
  });
});

describe('proxy over HTTP: everything else never reaches upstream', () => {
  const chain = useProxyChain();

  const viaFetch: { method: string; path: string; headers?: Record<string, string>; status: number; code: string; allow?: string }[] = [
    { method: 'GET', path: '/v1/conversations', status: 404, code: 'not_found' },
    { method: 'GET', path: '/v1/customers', status: 404, code: 'not_found' },
    { method: 'GET', path: '/v1/orders', status: 404, code: 'not_found' },
    { method: 'GET', path: '/v1/leads', status: 404, code: 'not_found' },
    { method: 'GET', path: '/v1/analytics', status: 404, code: 'not_found' },
    { method: 'GET', path: '/v1/emails', status: 404, code: 'not_found' },
    { method: 'GET', path: '/v1/knowledge', status: 404, code: 'not_found' },
    { method: 'GET', path: '/v1/chat', status: 405, code: 'method_not_allowed', allow: 'POST, OPTIONS' },
    { method: 'DELETE', path: '/v1/conversations/cnv_1/messages', status: 405, code: 'method_not_allowed', allow: 'GET, OPTIONS' },
    { method: 'POST', path: '/v1/conversations/cnv_1/messages', status: 405, code: 'method_not_allowed', allow: 'GET, OPTIONS' },
    { method: 'PUT', path: '/v1/conversations/cnv_1/messages/msg_1/feedback', status: 405, code: 'method_not_allowed', allow: 'PATCH, OPTIONS' },
    { method: 'DELETE', path: '/v1/agent', status: 405, code: 'method_not_allowed', allow: 'GET, OPTIONS' },
    // Not canonical (percent-encoding, empty segments): refused before routing.
    { method: 'GET', path: '/v1/conversations/cnv_1%2F..%2F..%2Fcustomers/messages', status: 400, code: 'invalid_path' },
    { method: 'GET', path: '/v1/conversations/..%2Fcustomers/messages', status: 400, code: 'invalid_path' },
    { method: 'GET', path: '/v1%2Fagent', status: 400, code: 'invalid_path' },
    { method: 'GET', path: '/v1/ag%65nt', status: 400, code: 'invalid_path' },
    { method: 'GET', path: '//v1/agent', status: 400, code: 'invalid_path' },
    { method: 'GET', path: '/v1//agent', status: 400, code: 'invalid_path' },
    { method: 'GET', path: '/v1/conversations//messages', status: 400, code: 'invalid_path' },
    { method: 'GET', path: '/v1/conversations/cnv.1/messages', status: 404, code: 'not_found' },
    { method: 'PATCH', path: '/v1/conversations/cnv_1/messages/msg.1/feedback', status: 404, code: 'not_found' },
    { method: 'GET', path: `/v1/conversations/${'a'.repeat(129)}/messages`, status: 404, code: 'not_found' },
    { method: 'POST', path: '/v2/chat', status: 404, code: 'not_found' },
    { method: 'POST', path: '/v1/chat/', status: 404, code: 'not_found' },
    { method: 'POST', path: '/V1/CHAT', status: 404, code: 'not_found' },
    { method: 'GET', path: '/', status: 404, code: 'not_found' },
    // Method override headers: refused on any route, whatever they name.
    { method: 'POST', path: '/v1/chat', headers: { 'x-http-method-override': 'DELETE' }, status: 400, code: 'method_override_refused' },
    { method: 'GET', path: '/v1/agent', headers: { 'x-http-method': 'DELETE' }, status: 400, code: 'method_override_refused' },
    { method: 'GET', path: '/v1/conversations/cnv_1/messages', headers: { 'x-method-override': 'PATCH' }, status: 400, code: 'method_override_refused' },
    { method: 'PATCH', path: '/v1/conversations/cnv_1/messages/msg_1/feedback', headers: { 'x-http-method-override': 'PATCH' }, status: 400, code: 'method_override_refused' },
  ];

  for (const { method, path, headers, status, code, allow } of viaFetch) {
    const shownPath = path.length > 60 ? `${path.slice(0, 60)}…` : path;
    const withHeaders = headers ? ` with ${Object.keys(headers).join(', ')}` : '';
    it(`${method} ${shownPath}${withHeaders} → ${status} ${code}`, async () => {
      const before = chain.upstream.simulator.stats.requests.length;
      const response = await fetch(`${chain.proxy.url}${path}`, {
        method,
        headers: { ...(method !== 'GET' && { 'content-type': 'application/json' }), ...headers },
        ...(method !== 'GET' && { body: '{"message":"hi","feedback":"POSITIVE"}' }),
      });
      await expectError(response, status, code);
      assert.equal(response.headers.get('allow'), allow ?? null);
      assert.equal(chain.upstream.simulator.stats.requests.length, before);
    });
  }

  // Sent byte for byte: these reach the proxy un-normalised. A target that URL parsing would
  // rewrite is refused as it is, never served as the path it would become.
  const viaRawPath: { method?: string; path: string; status: number; code: string }[] = [
    { path: '/v1/agent/../conversations', status: 400, code: 'invalid_path' },
    { path: '/v1/conversations/cnv_1/messages/../../../customers', status: 400, code: 'invalid_path' },
    { path: '/v1/conversations/../../v1/orders', status: 400, code: 'invalid_path' },
    { path: '/v1/conversations/%2e%2e/messages', status: 400, code: 'invalid_path' },
    { path: '//totebot.example/v1/agent', status: 400, code: 'invalid_path' },
    { path: '/v1/customers/../agent', status: 400, code: 'invalid_path' },
    { path: '/v1/./agent', status: 400, code: 'invalid_path' },
    { path: '/v1/agent/.', status: 400, code: 'invalid_path' },
    { path: '/v1\\agent', status: 400, code: 'invalid_path' },
    { path: 'http://totebot.example/v1/agent', status: 400, code: 'invalid_path' },
    // `new Request` refuses TRACE: the adapter answers it. (Node's own parser already refuses TRACK.)
    { method: 'TRACE', path: '/v1/chat', status: 405, code: 'method_not_allowed' },
    { method: 'TRACE', path: '/v1/agent', status: 405, code: 'method_not_allowed' },
  ];

  for (const { method = 'GET', path, status, code } of viaRawPath) {
    it(`${method} ${path} (raw) → ${status} ${code}`, async () => {
      const before = chain.upstream.simulator.stats.requests.length;
      const response = await rawRequest(chain.proxy.url, method, path);
      assert.equal(response.status, status);
      assert.match(response.contentType, /^application\/json/);
      assert.equal((JSON.parse(response.body) as ErrorBody).error.code, code);
      assert.equal(chain.upstream.simulator.stats.requests.length, before);
    });
  }
});

describe('proxy over HTTP: bodies are validated before anything is forwarded', () => {
  const chain = useProxyChain();
  const feedbackPath = '/v1/conversations/cnv_1/messages/msg_1/feedback';

  const cases: { name: string; send: (base: string) => Promise<Response>; status: number; code: string }[] = [
    {
      name: 'text/plain body',
      send: (base) => fetch(`${base}/v1/chat`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"message":"hi"}' }),
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'form-encoded body',
      send: (base) => fetch(`${base}/v1/chat`, { method: 'POST', body: new URLSearchParams({ message: 'hi' }) }),
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'body over 16 KiB with content-length',
      send: (base) => postChat(base, { message: 'x'.repeat(17 * 1024) }),
      status: 413,
      code: 'body_too_large',
    },
    {
      name: 'body over 16 KiB, chunked without content-length',
      send: (base) => {
        const piece = new TextEncoder().encode(' '.repeat(4096));
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent++ < 5) controller.enqueue(piece);
            else controller.close();
          },
        });
        return fetch(`${base}/v1/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          duplex: 'half',
        } as RequestInit);
      },
      status: 413,
      code: 'body_too_large',
    },
    { name: 'invalid JSON', send: (base) => postChat(base, '{"message":'), status: 400, code: 'invalid_json' },
    { name: 'a JSON array', send: (base) => postChat(base, [{ message: 'hi' }]), status: 400, code: 'invalid_body' },
    { name: 'empty message', send: (base) => postChat(base, { message: '' }), status: 400, code: 'invalid_message' },
    { name: 'whitespace message', send: (base) => postChat(base, { message: ' \n\t ' }), status: 400, code: 'invalid_message' },
    { name: 'missing message', send: (base) => postChat(base, {}), status: 400, code: 'invalid_message' },
    { name: '4001-character message', send: (base) => postChat(base, { message: 'a'.repeat(4001) }), status: 400, code: 'invalid_message' },
    {
      name: 'unknown top-level field',
      send: (base) => postChat(base, { message: 'hi', agentId: 'agt_other' }),
      status: 400,
      code: 'unknown_field',
    },
    {
      name: 'unknown identity field',
      send: (base) => postChat(base, { message: 'hi', identity: { id: 'u_1', role: 'admin' } }),
      status: 400,
      code: 'unknown_field',
    },
    {
      name: 'identity field too long',
      send: (base) => postChat(base, { message: 'hi', identity: { email: `${'a'.repeat(250)}@example.com` } }),
      status: 400,
      code: 'invalid_identity',
    },
    {
      name: 'bad conversationId',
      send: (base) => postChat(base, { message: 'hi', conversationId: '../customers' }),
      status: 400,
      code: 'invalid_conversation_id',
    },
    { name: 'feedback "MAYBE"', send: (base) => patchJson(`${base}${feedbackPath}`, { feedback: 'MAYBE' }), status: 400, code: 'invalid_feedback' },
    {
      name: 'feedback with an extra field',
      send: (base) => patchJson(`${base}${feedbackPath}`, { feedback: 'POSITIVE', comment: 'x' }),
      status: 400,
      code: 'unknown_field',
    },
    {
      name: 'feedback as text/plain',
      send: (base) => fetch(`${base}${feedbackPath}`, { method: 'PATCH', body: '{"feedback":"POSITIVE"}' }),
      status: 415,
      code: 'unsupported_media_type',
    },
  ];

  for (const { name, send, status, code } of cases) {
    it(`${name} → ${status} ${code}`, async () => {
      const before = chain.upstream.simulator.stats.requests.length;
      await expectError(await send(chain.proxy.url), status, code);
      assert.equal(chain.upstream.simulator.stats.requests.length, before);
    });
  }
});

describe('proxy over HTTP: upstream failures', () => {
  const servers = useServersPerTest();

  it('relays a 429 as 429 with Retry-After, and keeps forwarding while its own limits are off', async () => {
    // One request per minute upstream; GET /v1/agent uses it, and is then answered from the proxy's cache.
    const { upstream, proxy } = await servers.chain({ rateLimit: { limit: 1, windowMs: 60_000 } });
    const ok = await fetch(`${proxy.url}/v1/agent`);
    assert.equal(ok.status, 200);
    await ok.text();

    const limited = await postChat(proxy.url, { message: 'hi' });
    const text = await expectError(limited, 429, 'rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 59 && retryAfter <= 60, `retry-after ${retryAfter}`);
    assert.ok(!text.includes('Too many requests.'), 'upstream text is not echoed');

    const chat = await postChat(proxy.url, { message: 'hi' });
    await expectError(chat, 429, 'rate_limited');
    assert.match(chat.headers.get('retry-after') ?? '', /^\d+$/);
    assert.equal(upstream.simulator.stats.requests.length, 3, 'with rateLimits: false every request is forwarded');
    assert.equal(upstream.simulator.stats.streamsStarted, 0);

    const cached = await fetch(`${proxy.url}/v1/agent`);
    assert.equal(cached.status, 200);
    assert.deepEqual(await cached.json(), { id: 'agt_simulator', name: 'Tote' });
    assert.equal(upstream.simulator.stats.requests.length, 3, 'the agent came from the cache');
    assert.deepEqual(
      proxy.logs.map((entry) => [entry.route, entry.status, entry.upstreamStatus]),
      [
        ['agent', 200, 200],
        ['chat', 429, 429],
        ['chat', 429, 429],
        ['agent', 200, undefined],
      ],
    );
  });

  it('relays an unknown conversation as 404 conversation_not_found, for a holder of a valid token', async () => {
    // A token can only come from the proxy's own secret: with a known one, the test can issue it.
    const { upstream, proxy } = await servers.chain({}, { proxySecrets: ['test-secret'] });
    const token = await createConversationTokens(createKeyring(['test-secret'])).issue('cnv_unknown');
    const withToken = { headers: tokenHeader(token) };
    await expectError(await postChat(proxy.url, { message: 'hi', conversationId: 'cnv_unknown' }, withToken), 404, 'conversation_not_found');
    await expectError(await fetch(`${proxy.url}/v1/conversations/cnv_unknown/messages`, withToken), 404, 'conversation_not_found');
    await expectError(
      await patchJson(`${proxy.url}/v1/conversations/cnv_unknown/messages/msg_unknown/feedback`, { feedback: 'POSITIVE' }, withToken),
      404,
      'message_not_found',
    );
    assert.equal(upstream.simulator.stats.requests.length, 3);

    // Without the token nobody may even ask whether the conversation exists.
    await expectError(await fetch(`${proxy.url}/v1/conversations/cnv_unknown/messages`), 403, 'conversation_forbidden');
    assert.equal(upstream.simulator.stats.requests.length, 3);
  });

  it('answers 502 upstream_unreachable when upstream is down', async () => {
    const proxy = await servers.proxy(await closedPortUrl());
    await expectError(await postChat(proxy.url, { message: 'hi' }), 502, 'upstream_unreachable');
    await expectError(await fetch(`${proxy.url}/v1/agent`), 502, 'upstream_unreachable');
    assert.deepEqual(
      proxy.logs.map((entry) => [entry.route, entry.status, entry.error, entry.upstreamStatus]),
      [
        ['chat', 502, 'upstream_unreachable', undefined],
        ['agent', 502, 'upstream_unreachable', undefined],
      ],
    );
  });

  it('answers 502 upstream_auth when upstream refuses the key, and never shows the key', async () => {
    const wrongKey = 'tb_pk_wrong';
    const { upstream, proxy } = await servers.chain({}, { apiKey: wrongKey });
    const agent = await fetch(`${proxy.url}/v1/agent`);
    assertNoSecretIn(agent, await expectError(agent, 502, 'upstream_auth'), wrongKey);
    const chat = await postChat(proxy.url, { message: 'hi' });
    assertNoSecretIn(chat, await expectError(chat, 502, 'upstream_auth'), wrongKey);
    assert.deepEqual(
      upstream.simulator.stats.requests.map((entry) => entry.authorization),
      [`Bearer ${wrongKey}`, `Bearer ${wrongKey}`],
    );
    assert.deepEqual(
      proxy.logs.map((entry) => [entry.route, entry.status, entry.upstreamStatus]),
      [
        ['agent', 502, 401],
        ['chat', 502, 401],
      ],
    );
    assert.ok(!JSON.stringify(proxy.logs).includes(wrongKey));
  });
});

describe('proxy over HTTP: an upstream that misbehaves', () => {
  let next: () => Response;
  const chain = useProxyChainTo(() => serve(async () => next()));

  it('turns a 500 into 502 upstream_error without its text', async () => {
    next = () => new Response('{"error":{"code":"db_down","message":"postgres://admin:hunter2@db"}}', { status: 500, headers: { 'content-type': 'application/json' } });
    const response = await fetch(`${chain.proxy.url}/v1/agent`);
    const text = await expectError(response, 502, 'upstream_error');
    assert.ok(!text.includes('hunter2') && !text.includes('db_down'));
  });

  it('keeps a 400 but drops an upstream code that is not a plain identifier', async () => {
    next = () => new Response('{"error":{"code":"<script>","message":"bad"}}', { status: 400, headers: { 'content-type': 'application/json' } });
    await expectError(await postChat(chain.proxy.url, { message: 'hi' }), 400, 'upstream_rejected');
  });

  it('replaces a Retry-After that is not a number of seconds with 60', async () => {
    next = () =>
      new Response('{"error":{"code":"rate_limited","message":"slow down"}}', {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' },
      });
    const response = await fetch(`${chain.proxy.url}/v1/agent`);
    await expectError(response, 429, 'rate_limited');
    assert.equal(response.headers.get('retry-after'), '60');
  });

  it('relays every upstream frame byte for byte, adding only the token frame after the first that names the conversation', async () => {
    const frames = [
      'event: tool_call\ndata: {"type":"tool_call","id":"tc_1","name":"search_products","arguments":{"query":"tote"}}\n\n',
      'event: chunk\ndata: {"type":"chunk","conversationId":"cnv_stub","content":"Hel"}\n\n',
      'event: chunk\ndata: {"type":"chunk","conversationId":"cnv_stub","content":"lo ✓"}\n\n',
      'event: completed\ndata: {"type":"completed","conversationId":"cnv_stub","messageId":"msg_1","content":"Hello ✓"}\n\n',
    ];
    next = () => new Response(frames.join(''), { status: 200, headers: { 'content-type': 'text/event-stream' } });
    const response = await postChat(chain.proxy.url, { message: 'hi' });
    assert.equal(response.status, 200);
    const text = await response.text();
    const token = /"token":"([^"]*)"/.exec(text)?.[1] ?? '';
    assert.match(token, TOKEN_PATTERN);
    const tokenFrame = `event: conversation_token\ndata: {"type":"conversation_token","conversationId":"cnv_stub","token":"${token}"}\n\n`;
    assert.equal(text, [frames[0], frames[1], tokenFrame, frames[2], frames[3]].join(''));
  });

  it('clamps an upstream Retry-After to 1..300 s, and with its own limits off goes on forwarding', async () => {
    for (const [given, expected] of [
      ['5', '5'],
      ['100000', '300'],
      ['0', '1'],
    ]) {
      next = () =>
        new Response('{"error":{"code":"rate_limited","message":"slow down"}}', {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': given! },
        });
      const response = await fetch(`${chain.proxy.url}/v1/agent`);
      await expectError(response, 429, 'rate_limited');
      assert.equal(response.headers.get('retry-after'), expected, `for ${given}`);
      assert.equal(chain.proxy.logs.at(-1)?.upstreamStatus, 429, 'forwarded, not held back');
    }
  });

  it('refuses a chat answer that is not an event stream', async () => {
    next = () => new Response('{"reply":"hi"}', { status: 200, headers: { 'content-type': 'application/json' } });
    await expectError(await postChat(chain.proxy.url, { message: 'hi' }), 502, 'upstream_error');
  });

  it('answers a reachable upstream that sends no JSON with 502 upstream_error, not upstream_unreachable', async () => {
    next = () => new Response('<html>maintenance</html>', { status: 200, headers: { 'content-type': 'text/html' } });
    const count = chain.proxy.logs.length;
    const text = await expectError(await fetch(`${chain.proxy.url}/v1/agent`), 502, 'upstream_error');
    assert.ok(!text.includes('maintenance'));
    const [entry] = chain.proxy.logs.slice(count);
    assert.equal(entry?.upstreamStatus, 200);
    assert.notEqual(entry?.error, 'upstream_unreachable');
  });

  it('passes on none of the upstream headers', async () => {
    next = () =>
      new Response('event: completed\ndata: {"type":"completed"}\n\n', {
        status: 200,
        headers: { 'content-type': 'text/event-stream', 'set-cookie': 'session=secret', 'x-totebot-internal': 'node-7' },
      });
    const response = await postChat(chain.proxy.url, { message: 'hi' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('set-cookie'), null);
    assert.equal(response.headers.get('x-totebot-internal'), null);
    assert.equal(await response.text(), 'event: completed\ndata: {"type":"completed"}\n\n');
  });
});

describe('proxy over HTTP: the log', () => {
  const servers = useServersPerTest();

  it('has one entry per request with route and status, and never the key, a token or a message', async () => {
    const { proxy } = await servers.chain({}, { proxySecrets: ['test-secret'] });
    const secretMessage = 'my card number is 4111 1111 1111 1111';
    const { events, token } = await readChat(await postChat(proxy.url, { message: secretMessage }));
    const withToken = { headers: tokenHeader(token.token) };
    const done = events.at(-1);
    assert.ok(done?.type === 'completed');
    const conversationPath = `/v1/conversations/${done.conversationId}/messages`;
    await (await fetch(`${proxy.url}${conversationPath}`, withToken)).text();
    await (await patchJson(`${proxy.url}${conversationPath}/${done.messageId}/feedback`, { feedback: 'positive' }, withToken)).text();
    await (await fetch(`${proxy.url}/v1/agent`)).text();
    await (await fetch(`${proxy.url}/v1/customers`)).text();
    await (await fetch(`${proxy.url}/v1/chat`)).text();
    await (await postChat(proxy.url, { message: '' })).text();
    const goneToken = await createConversationTokens(createKeyring(['test-secret'])).issue('cnv_gone');
    await (await postChat(proxy.url, { message: 'hi', conversationId: 'cnv_gone' }, { headers: tokenHeader(goneToken) })).text();
    await (await postChat(proxy.url, { message: 'hi', conversationId: 'cnv_gone' }, withToken)).text();
    await (await fetch(`${proxy.url}/v1/agent`, { headers: { 'x-http-method-override': 'DELETE' } })).text();
    await (await fetch(`${proxy.url}/v1//agent`)).text();

    assert.deepEqual(
      proxy.logs.map((entry) => ({ method: entry.method, route: entry.route, status: entry.status, upstreamStatus: entry.upstreamStatus })),
      [
        { method: 'POST', route: 'chat', status: 200, upstreamStatus: 200 },
        { method: 'GET', route: 'messages', status: 200, upstreamStatus: 200 },
        { method: 'PATCH', route: 'feedback', status: 200, upstreamStatus: 200 },
        { method: 'GET', route: 'agent', status: 200, upstreamStatus: 200 },
        { method: 'GET', route: 'unknown', status: 404, upstreamStatus: undefined },
        { method: 'GET', route: 'chat', status: 405, upstreamStatus: undefined },
        { method: 'POST', route: 'chat', status: 400, upstreamStatus: undefined },
        { method: 'POST', route: 'chat', status: 404, upstreamStatus: 404 },
        { method: 'POST', route: 'chat', status: 403, upstreamStatus: undefined },
        { method: 'GET', route: 'unknown', status: 400, upstreamStatus: undefined },
        { method: 'GET', route: 'unknown', status: 400, upstreamStatus: undefined },
      ],
    );
    const ids = proxy.logs.map((entry) => entry.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const entry of proxy.logs) {
      assert.ok(!Number.isNaN(Date.parse(entry.time)));
      assert.ok(entry.durationMs >= 0);
    }
    const serialized = JSON.stringify(proxy.logs);
    assert.ok(!serialized.includes(KEY), 'the log holds the key');
    assert.ok(!serialized.includes('tb_pk_'), 'the log holds a key');
    assert.ok(!serialized.includes('4111'), 'the log holds a message text');
    assert.ok(!serialized.includes(token.token), 'the log holds a conversation token');
    assert.ok(!serialized.includes(goneToken), 'the log holds a conversation token');
  });
});
