/**
 * The proxy's hardening over real HTTP, with an upstream that counts what
 * reaches it: its own rate limits (per visitor, global, and the backoff after an
 * upstream 429), the agent cache, the connect and idle timeouts, heartbeats, and
 * conversation tokens kept out of the log.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { serve, type RunningServer } from '../../proxy/node-adapter.js';
import { SIMULATOR_API_KEY } from '../../proxy/simulator/simulator.js';
import { useServersPerTest, type ProxyServer, type SimulatorServer } from '../support/test-server.js';
import { patchJson, postChat } from '../support/http.js';
import { startConversation, tokenHeader } from '../support/conversation.js';
import { readSseEvents } from '../support/sse.js';
import { within } from '../support/timing.js';

interface ErrorBody {
  error: { code: string; message: string };
}

const MINUTE = 60_000;

/** Asserts the proxy's own JSON 429 and returns its Retry-After in seconds. */
async function expectRateLimited(response: Response): Promise<number> {
  assert.equal(response.status, 429);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const body = (await response.json()) as ErrorBody;
  assert.equal(body.error.code, 'rate_limited');
  assert.ok(body.error.message.length > 0);
  const retryAfter = response.headers.get('retry-after') ?? '';
  assert.match(retryAfter, /^\d+$/);
  return Number(retryAfter);
}

/** POSTs a chat message (as a front proxy would, with X-Forwarded-For when given) and reads the answer to its end. */
async function chat(proxy: ProxyServer, forwardedFor?: string): Promise<Response> {
  const response = await postChat(proxy.url, { message: 'hi' }, forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {});
  if (response.status === 200) assert.match(await response.text(), /event: completed\n/);
  return response;
}

const requestsReaching = (upstream: SimulatorServer) => upstream.simulator.stats.requests.length;

describe('proxy over HTTP: per-visitor and global limits', () => {
  const servers = useServersPerTest();
  const perVisitor = { visitor: { limit: 2, windowMs: MINUTE }, global: false } as const;

  it('lets a visitor make `limit` requests per window, then answers 429 itself with Retry-After, forwarding nothing', async () => {
    const { upstream, proxy } = await servers.chain({}, { rateLimits: perVisitor });
    assert.equal((await chat(proxy)).status, 200);
    assert.equal((await chat(proxy)).status, 200);
    assert.equal(requestsReaching(upstream), 2);

    const retryAfter = await expectRateLimited(await chat(proxy));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `retry-after ${retryAfter}`);
    assert.equal(requestsReaching(upstream), 2);
    assert.equal(proxy.logs.at(-1)?.status, 429);
    assert.equal(proxy.logs.at(-1)?.note, 'rate_limited_visitor');
    assert.equal(proxy.logs.at(-1)?.upstreamStatus, undefined);
  });

  it('without trusted proxy hops, a made-up X-Forwarded-For does not escape the limit', async () => {
    const { upstream, proxy } = await servers.chain({}, { rateLimits: perVisitor, trustedProxyHops: 0 });
    assert.equal((await chat(proxy)).status, 200);
    assert.equal((await chat(proxy)).status, 200);
    await expectRateLimited(await chat(proxy, '203.0.113.50'));
    await expectRateLimited(await chat(proxy, '198.51.100.7, 203.0.113.51'));
    assert.equal(requestsReaching(upstream), 2);
  });

  it('with one trusted hop, the address that hop appended names the visitor', async () => {
    const { upstream, proxy } = await servers.chain({}, { rateLimits: perVisitor, trustedProxyHops: 1 });
    const visitor = '203.0.113.1';
    assert.equal((await chat(proxy, visitor)).status, 200);
    assert.equal((await chat(proxy, visitor)).status, 200);
    await expectRateLimited(await chat(proxy, visitor));
    // An entry the client put in front of the one the trusted hop appended changes nothing.
    await expectRateLimited(await chat(proxy, `198.51.100.99, ${visitor}`));
    assert.equal(requestsReaching(upstream), 2);

    // Another visitor behind the same front proxy has a budget of their own.
    assert.equal((await chat(proxy, '203.0.113.2')).status, 200);
    assert.equal(requestsReaching(upstream), 3);
  });

  it('keeps all visitors together under the global limit', async () => {
    const { upstream, proxy } = await servers.chain(
      {},
      { rateLimits: { visitor: false, global: { limit: 2, windowMs: MINUTE } }, trustedProxyHops: 1 },
    );
    assert.equal((await chat(proxy, '203.0.113.1')).status, 200);
    assert.equal((await chat(proxy, '203.0.113.2')).status, 200);
    const retryAfter = await expectRateLimited(await chat(proxy, '203.0.113.3'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `retry-after ${retryAfter}`);
    assert.equal(requestsReaching(upstream), 2);
    assert.equal(proxy.logs.at(-1)?.note, 'rate_limited_global');
  });
});

describe('proxy over HTTP: backing off after an upstream 429', () => {
  const servers = useServersPerTest();

  it('relays the first 429, then answers 429 itself without reaching upstream', async () => {
    const { upstream, proxy } = await servers.chain({ rateLimit: { limit: 1, windowMs: MINUTE } }, { rateLimits: {} });
    const conversation = await startConversation(proxy);
    assert.equal(requestsReaching(upstream), 1);

    const relayed = await postChat(proxy.url, { message: 'hi' });
    const relayedWait = await expectRateLimited(relayed);
    assert.ok(relayedWait >= 59 && relayedWait <= 60, `retry-after ${relayedWait}`);
    assert.equal(requestsReaching(upstream), 2);

    const held = await expectRateLimited(await postChat(proxy.url, { message: 'hi' }));
    assert.ok(held >= 1 && held <= relayedWait, `retry-after ${held}`);
    // Every route waits, a conversation's own holder too.
    await expectRateLimited(
      await fetch(`${proxy.url}/v1/conversations/${conversation.conversationId}/messages`, { headers: tokenHeader(conversation.token) }),
    );
    assert.equal(requestsReaching(upstream), 2, 'nothing reached upstream while backing off');
    assert.equal(upstream.simulator.stats.streamsStarted, 1);
    assert.deepEqual(
      proxy.logs.map((entry) => [entry.route, entry.status, entry.upstreamStatus, entry.note]),
      [
        ['chat', 200, 200, undefined],
        ['chat', 429, 429, undefined],
        ['chat', 429, undefined, 'rate_limited_upstream'],
        ['messages', 429, undefined, 'rate_limited_upstream'],
      ],
    );
  });

  it('forwards again once the Retry-After has passed', async () => {
    let limited = true;
    let reached = 0;
    const stub = servers.track(
      await serve(async () => {
        reached += 1;
        return limited
          ? new Response('{"error":{"code":"rate_limited","message":"slow down"}}', {
              status: 429,
              headers: { 'content-type': 'application/json', 'retry-after': '1' },
            })
          : new Response('{"id":"agt_1","name":"Tote"}', { status: 200, headers: { 'content-type': 'application/json' } });
      }),
    );
    const proxy = await servers.proxy(stub.url, { rateLimits: {} });
    assert.equal(await expectRateLimited(await fetch(`${proxy.url}/v1/agent`)), 1);
    limited = false;
    assert.equal(await expectRateLimited(await fetch(`${proxy.url}/v1/agent`)), 1);
    assert.equal(reached, 1);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const again = await fetch(`${proxy.url}/v1/agent`);
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { id: 'agt_1', name: 'Tote' });
    assert.equal(reached, 2);
  });

  for (const [given, expected] of [
    ['100000', 300],
    ['0', 1],
    [undefined, 60],
    ['Wed, 21 Oct 2015 07:28:00 GMT', 60],
  ] as const) {
    it(`answers an upstream Retry-After of ${JSON.stringify(given)} with ${expected}, and holds back that long`, async () => {
      let reached = 0;
      const stub = servers.track(
        await serve(async () => {
          reached += 1;
          return new Response('{"error":{"code":"rate_limited","message":"slow down"}}', {
            status: 429,
            headers: { 'content-type': 'application/json', ...(given !== undefined && { 'retry-after': given }) },
          });
        }),
      );
      const proxy = await servers.proxy(stub.url, { rateLimits: {} });
      assert.equal(await expectRateLimited(await fetch(`${proxy.url}/v1/agent`)), expected);
      const held = await expectRateLimited(await postChat(proxy.url, { message: 'hi' }));
      assert.ok(held >= expected - 1 && held <= expected, `held for ${held}`);
      assert.equal(reached, 1);
    });
  }
});

describe('proxy over HTTP: GET /v1/agent is cached', () => {
  const servers = useServersPerTest();

  it('asks upstream once and answers the next call from its cache', async () => {
    const { upstream, proxy } = await servers.chain();
    const first = await fetch(`${proxy.url}/v1/agent`);
    assert.equal(first.status, 200);
    assert.deepEqual(await first.json(), { id: 'agt_simulator', name: 'Tote' });
    const second = await fetch(`${proxy.url}/v1/agent`);
    assert.equal(second.status, 200);
    assert.match(second.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await second.json(), { id: 'agt_simulator', name: 'Tote' });
    assert.deepEqual(upstream.simulator.stats.requests, [{ method: 'GET', path: '/v1/agent', authorization: `Bearer ${SIMULATOR_API_KEY}` }]);
    assert.deepEqual(
      proxy.logs.map((entry) => [entry.route, entry.status, entry.upstreamStatus]),
      [
        ['agent', 200, 200],
        ['agent', 200, undefined],
      ],
    );
  });
});

describe('proxy over HTTP: timeouts and heartbeats', () => {
  const servers = useServersPerTest();

  it('answers 504 upstream_timeout when upstream accepts but never answers', async () => {
    let reached = 0;
    const silent: RunningServer = servers.track(
      await serve(() => {
        reached += 1;
        return new Promise<Response>(() => {});
      }),
    );
    const proxy = await servers.proxy(silent.url, { connectTimeoutMs: 100 });
    for (const send of [() => fetch(`${proxy.url}/v1/agent`), () => postChat(proxy.url, { message: 'hi' })]) {
      const started = Date.now();
      const response = await within(send(), 2_000, 'no answer within 2 s');
      const elapsed = Date.now() - started;
      assert.equal(response.status, 504);
      assert.equal(((await response.json()) as ErrorBody).error.code, 'upstream_timeout');
      assert.ok(elapsed >= 90 && elapsed < 1_000, `answered after ${elapsed} ms`);
    }
    assert.equal(reached, 2);
    assert.deepEqual(
      proxy.logs.map((entry) => [entry.route, entry.status]),
      [
        ['agent', 504],
        ['chat', 504],
      ],
    );
  });

  it('sends keep-alive comments while upstream is busy with a tool', async () => {
    const { proxy } = await servers.chain({ toolDelayMs: 300 }, { heartbeatMs: 50 });
    const response = await postChat(proxy.url, { message: 'do you have a blue tote?' });
    assert.equal(response.status, 200);
    const text = await response.text();
    const heartbeatAt = text.indexOf(': keep-alive\n\n');
    assert.ok(heartbeatAt > text.indexOf('event: tool_call\n'), 'a keep-alive comment after the tool call');
    assert.ok(heartbeatAt < text.indexOf('event: chunk\n'), 'the keep-alive came during the pause, before the reply');
    // Comments are invisible to an SSE client: the events are the same as without them.
    const { events } = await readSseEvents(new Response(text));
    assert.equal(events[0]?.type, 'tool_call');
    assert.equal(events.at(-1)?.type, 'completed');
  });

  it('ends a stalled stream with an upstream_timeout error event and closes the upstream request', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    const stalling = servers.track(
      await serve(async (request) => {
        request.signal.addEventListener('abort', () => upstreamClosed(), { once: true });
        const frame = 'event: chunk\ndata: {"type":"chunk","conversationId":"cnv_stall","content":"Hel"}\n\n';
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(frame));
          },
        });
        return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
      }),
    );
    const proxy = await servers.proxy(stalling.url, { idleTimeoutMs: 100 });
    const started = Date.now();
    const response = await postChat(proxy.url, { message: 'hi' });
    assert.equal(response.status, 200);
    const { events } = await within(readSseEvents(response), 2_000, 'the stalled stream did not end within 2 s');
    assert.ok(Date.now() - started < 1_000, `ended after ${Date.now() - started} ms`);
    assert.deepEqual(
      events.map((event) => event.type),
      ['chunk', 'conversation_token', 'error'],
    );
    const error = events[2];
    assert.ok(error?.type === 'error');
    assert.equal(error.code, 'upstream_timeout');
    await within(closed, 2_000, 'the upstream request was not closed within 2 s');
  });
});

describe('proxy over HTTP: conversation tokens stay out of the log', () => {
  const servers = useServersPerTest();

  it('logs every request that carries or receives a token without the token or the key', async () => {
    const { proxy } = await servers.chain();
    const mine = await startConversation(proxy, 'do you have a blue tote?');
    const theirs = await startConversation(proxy);
    const messages = (id: string) => `${proxy.url}/v1/conversations/${id}/messages`;

    assert.equal((await fetch(messages(mine.conversationId), { headers: tokenHeader(mine.token) })).status, 200);
    const rating = await patchJson(`${messages(mine.conversationId)}/${mine.messageId}/feedback`, { feedback: 'POSITIVE' }, { headers: tokenHeader(mine.token) });
    assert.equal(rating.status, 200);
    const next = await postChat(proxy.url, { message: 'thanks', conversationId: mine.conversationId }, { headers: tokenHeader(mine.token) });
    assert.equal(next.status, 200);
    await next.text();
    // Refused: someone else's token, and a token sent along with a request that needs none.
    assert.equal((await fetch(messages(mine.conversationId), { headers: tokenHeader(theirs.token) })).status, 403);
    assert.equal((await fetch(`${proxy.url}/v1/agent`, { headers: tokenHeader(mine.token) })).status, 200);

    assert.equal(proxy.logs.length, 7);
    const serialized = JSON.stringify(proxy.logs);
    for (const token of [mine.token, theirs.token]) assert.ok(!serialized.includes(token), 'the log holds a conversation token');
    assert.ok(!serialized.includes(SIMULATOR_API_KEY), 'the log holds the key');
    assert.ok(!serialized.includes('tb_pk_'), 'the log holds a key');
  });
});
