/**
 * CORS by exact origin, over real HTTP: allowed origins get their preflight,
 * everything else gets a 403 and nothing reaches upstream.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { corsPolicy, parseOriginList, preflightHeaders } from '../../proxy/cors.js';
import { useProxyChain } from '../support/test-server.js';
import { postChat } from '../support/http.js';

const SHOP = 'https://shop.example';

interface ErrorBody {
  error: { code: string; message: string };
}

async function expectForbidden(response: Response): Promise<void> {
  assert.equal(response.status, 403);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(((await response.json()) as ErrorBody).error.code, 'origin_not_allowed');
  assert.equal(response.headers.get('access-control-allow-origin'), null);
  assert.equal(response.headers.get('access-control-allow-methods'), null);
  assert.equal(response.headers.get('vary'), 'Origin');
}

function preflight(url: string, origin: string, method: string): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' },
  });
}

function postHelloFrom(base: string, origin: string): Promise<Response> {
  return postChat(base, { message: 'hello' }, { headers: { origin } });
}

describe('CORS over HTTP, with an allow-list', () => {
  const chain = useProxyChain({}, { allowedOrigins: [SHOP, 'http://localhost:5173'] });

  it('answers a preflight from an allowed origin with 204 and the CORS headers', async () => {
    const before = chain.upstream.simulator.stats.requests.length;
    const response = await preflight(`${chain.proxy.url}/v1/chat`, SHOP, 'POST');
    assert.equal(response.status, 204);
    assert.equal(await response.text(), '');
    assert.equal(response.headers.get('access-control-allow-origin'), SHOP);
    assert.equal(response.headers.get('access-control-allow-methods'), 'POST, OPTIONS');
    // The widget sends the conversation token in its own header, so the preflight must allow it.
    assert.equal(response.headers.get('access-control-allow-headers'), 'content-type, x-totebot-conversation-token');
    assert.equal(response.headers.get('access-control-max-age'), '600');
    assert.equal(response.headers.get('vary'), 'Origin');
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
    assert.equal(chain.upstream.simulator.stats.requests.length, before);
  });

  it("names each route's own method in its preflight", async () => {
    const feedback = await preflight(`${chain.proxy.url}/v1/conversations/cnv_1/messages/msg_1/feedback`, 'http://localhost:5173', 'PATCH');
    assert.equal(feedback.status, 204);
    assert.equal(feedback.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.equal(feedback.headers.get('access-control-allow-methods'), 'PATCH, OPTIONS');
    const messages = await preflight(`${chain.proxy.url}/v1/conversations/cnv_1/messages`, SHOP, 'GET');
    assert.equal(messages.status, 204);
    assert.equal(messages.headers.get('access-control-allow-methods'), 'GET, OPTIONS');
  });

  it('answers a preflight for a route outside the allow-list with 404, even from an allowed origin', async () => {
    const before = chain.upstream.simulator.stats.requests.length;
    const response = await preflight(`${chain.proxy.url}/v1/customers`, SHOP, 'GET');
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as ErrorBody).error.code, 'not_found');
    assert.equal(response.headers.get('access-control-allow-methods'), null);
    assert.equal(chain.upstream.simulator.stats.requests.length, before);
  });

  it('lets a POST from an allowed origin through with its allow-origin header', async () => {
    const before = chain.upstream.simulator.stats.requests.length;
    const response = await postHelloFrom(chain.proxy.url, SHOP);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), SHOP);
    assert.equal(response.headers.get('vary'), 'Origin');
    assert.match(await response.text(), /event: completed\n/);
    assert.equal(chain.upstream.simulator.stats.requests.length, before + 1);
  });

  it('puts the allow-origin header on errors too, so the widget can read them', async () => {
    const response = await postChat(chain.proxy.url, '{"message":""}', { headers: { origin: SHOP } });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('access-control-allow-origin'), SHOP);
    assert.equal(((await response.json()) as ErrorBody).error.code, 'invalid_message');
  });

  for (const origin of [
    'https://evil.example',
    'https://shop.example.evil.example',
    'https://evil.example/https://shop.example',
    'http://shop.example',
    'https://shop.example:8443',
    'null',
  ]) {
    it(`refuses a preflight and a POST from ${origin}, forwarding nothing`, async () => {
      const before = chain.upstream.simulator.stats.requests.length;
      const streamsBefore = chain.upstream.simulator.stats.streamsStarted;
      await expectForbidden(await preflight(`${chain.proxy.url}/v1/chat`, origin, 'POST'));
      await expectForbidden(await postHelloFrom(chain.proxy.url, origin));
      await expectForbidden(await fetch(`${chain.proxy.url}/v1/agent`, { headers: { origin } }));
      assert.equal(chain.upstream.simulator.stats.requests.length, before);
      assert.equal(chain.upstream.simulator.stats.streamsStarted, streamsBefore);
    });
  }

  it('logs a refused origin under its route with status 403', async () => {
    const count = chain.proxy.logs.length;
    await expectForbidden(await postHelloFrom(chain.proxy.url, 'https://evil.example'));
    assert.deepEqual(
      chain.proxy.logs.slice(count).map((entry) => [entry.method, entry.route, entry.status]),
      [['POST', 'chat', 403]],
    );
  });
});

describe('CORS over HTTP, without an allow-list', () => {
  const chain = useProxyChain();

  it("allows the proxy's own origin (a same-origin page) without an allow-origin header", async () => {
    const sameOrigin = new URL(chain.proxy.url).origin;
    const before = chain.upstream.simulator.stats.requests.length;
    const response = await postHelloFrom(chain.proxy.url, sameOrigin);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /event: completed\n/);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.headers.get('vary'), 'Origin');
    assert.equal(chain.upstream.simulator.stats.requests.length, before + 1);

    const agent = await fetch(`${chain.proxy.url}/v1/agent`, { headers: { origin: sameOrigin } });
    assert.equal(agent.status, 200);
    assert.deepEqual(await agent.json(), { id: 'agt_simulator', name: 'Tote' });
  });

  it('allows a request without Origin (server to server)', async () => {
    // GET /v1/agent may come from the proxy's cache (the test above fetched it); a chat is always forwarded.
    const response = await fetch(`${chain.proxy.url}/v1/agent`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { id: 'agt_simulator', name: 'Tote' });
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.headers.get('vary'), 'Origin');

    const before = chain.upstream.simulator.stats.requests.length;
    const chat = await postChat(chain.proxy.url, { message: 'hello' });
    assert.equal(chat.status, 200);
    assert.equal(chat.headers.get('access-control-allow-origin'), null);
    assert.equal(chat.headers.get('vary'), 'Origin');
    assert.match(await chat.text(), /event: completed\n/);
    assert.equal(chain.upstream.simulator.stats.requests.length, before + 1);
  });

  it('refuses any other origin, even another port on the same host', async () => {
    const { hostname, port } = new URL(chain.proxy.url);
    const before = chain.upstream.simulator.stats.requests.length;
    await expectForbidden(await postHelloFrom(chain.proxy.url, `http://${hostname}:${Number(port) + 1}`));
    await expectForbidden(await postHelloFrom(chain.proxy.url, `https://${hostname}:${port}`));
    await expectForbidden(await preflight(`${chain.proxy.url}/v1/chat`, 'https://shop.example', 'POST'));
    assert.equal(chain.upstream.simulator.stats.requests.length, before);
  });
});

describe('corsPolicy and preflightHeaders', () => {
  const at = (origin?: string) =>
    new Request('https://proxy.example/v1/chat', { method: 'POST', ...(origin !== undefined && { headers: { origin } }) });

  it('allows no Origin, the same origin and listed origins only', () => {
    assert.deepEqual(corsPolicy(at(), [SHOP]), { origin: undefined, allowed: true, headers: { vary: 'Origin' } });
    assert.deepEqual(corsPolicy(at('https://proxy.example'), []), {
      origin: 'https://proxy.example',
      allowed: true,
      headers: { vary: 'Origin' },
    });
    assert.deepEqual(corsPolicy(at(SHOP), [SHOP]), {
      origin: SHOP,
      allowed: true,
      headers: { vary: 'Origin', 'access-control-allow-origin': SHOP },
    });
    assert.deepEqual(corsPolicy(at('https://evil.example'), [SHOP]), {
      origin: 'https://evil.example',
      allowed: false,
      headers: { vary: 'Origin' },
    });
  });

  it('builds the preflight headers for a method', () => {
    assert.deepEqual(preflightHeaders(corsPolicy(at(SHOP), [SHOP]), 'PATCH'), {
      vary: 'Origin',
      'access-control-allow-origin': SHOP,
      'access-control-allow-methods': 'PATCH, OPTIONS',
      'access-control-allow-headers': 'content-type, x-totebot-conversation-token',
      'access-control-max-age': '600',
    });
  });
});

describe('parseOriginList', () => {
  it('reads nothing from an absent or empty value', () => {
    assert.deepEqual(parseOriginList(undefined), []);
    assert.deepEqual(parseOriginList(''), []);
    assert.deepEqual(parseOriginList(' , ,'), []);
  });

  it('splits on commas, trims spaces and trailing slashes', () => {
    assert.deepEqual(parseOriginList('https://shop.example'), ['https://shop.example']);
    assert.deepEqual(parseOriginList(' https://shop.example/ ,http://localhost:5173//,, https://b.example:8443 '), [
      'https://shop.example',
      'http://localhost:5173',
      'https://b.example:8443',
    ]);
  });
});
