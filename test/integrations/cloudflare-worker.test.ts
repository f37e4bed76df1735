/**
 * The same proxy handler on Cloudflare's runtime (workerd, through miniflare),
 * configured only by Worker bindings, in front of the simulator on loopback.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Miniflare } from 'miniflare';
import { startSimulator, type SimulatorServer } from '../support/test-server.js';
import { bundleWorker } from '../support/worker-bundle.js';
import { SIMULATOR_API_KEY } from '../../proxy/simulator/simulator.js';
import { CONVERSATION_TOKEN_HEADER } from '../../src/protocol/events.js';
import { adaptStreamEvent, type RawSseMessage } from '../../src/protocol/adapter.js';
import { createSseDecoder } from '../../src/protocol/sse.js';

describe('the proxy as a Cloudflare Worker', () => {
  let upstream: SimulatorServer;
  let worker: Miniflare;

  before(async () => {
    upstream = await startSimulator({ rateLimit: false });
    worker = new Miniflare({
      modules: true,
      script: await bundleWorker('test/integrations/worker/entry.ts'),
      compatibilityDate: '2024-09-23',
      bindings: { TOTEBOT_API_KEY: SIMULATOR_API_KEY, TOTEBOT_API_URL: upstream.url, ALLOWED_ORIGINS: 'https://shop.example' },
    });
  });
  after(async () => {
    await worker?.dispose();
    await upstream?.close();
  });

  const origin = { origin: 'https://shop.example' };

  it('streams a chat with its conversation token, and serves that conversation to its holder only', async () => {
    const response = await worker.dispatchFetch('https://chat.shop.example/v1/chat', {
      method: 'POST',
      headers: { ...origin, 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.7' },
      body: JSON.stringify({ message: 'do you have a blue tote?' }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://shop.example');
    const raw: RawSseMessage[] = [];
    const feed = createSseDecoder((message) => raw.push(message));
    feed(new Uint8Array(await response.arrayBuffer()));
    const events = raw.map(adaptStreamEvent).filter((event) => event !== null);
    const token = events.find((event) => event.type === 'conversation_token');
    assert.ok(token && token.type === 'conversation_token');
    assert.equal(events.at(-1)?.type, 'completed');
    assert.equal(upstream.simulator.stats.requests.at(-1)!.authorization, `Bearer ${SIMULATOR_API_KEY}`);

    const history = `https://chat.shop.example/v1/conversations/${token.conversationId}/messages`;
    const withToken = await worker.dispatchFetch(history, { headers: { ...origin, [CONVERSATION_TOKEN_HEADER]: token.token } });
    assert.equal(withToken.status, 200);
    assert.equal(((await withToken.json()) as { data: unknown[] }).data.length, 2);
    const without = await worker.dispatchFetch(history, { headers: origin });
    assert.equal(without.status, 403);
  });

  it('forwards nothing outside its allow-list and refuses other origins', async () => {
    const before = upstream.simulator.stats.requests.length;
    assert.equal((await worker.dispatchFetch('https://chat.shop.example/v1/conversations', { headers: origin })).status, 404);
    const foreign = await worker.dispatchFetch('https://chat.shop.example/v1/chat', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{"message":"hi"}',
    });
    assert.equal(foreign.status, 403);
    assert.equal((await worker.dispatchFetch('https://chat.shop.example/healthz')).status, 200);
    assert.equal(upstream.simulator.stats.requests.length, before);
  });
});
