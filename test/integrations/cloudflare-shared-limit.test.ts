/**
 * Two Workers, each in its own workerd isolate, counting one global limit in one
 * Durable Object: the second Worker binds the first one's RateLimitCounter class
 * (`scriptName`), as two deployments (or two isolates of one) share a namespace
 * in production. Miniflare runs one isolate per Worker and cannot be made to
 * start a second isolate of the same Worker, so two Workers stand in for two.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Miniflare } from 'miniflare';
import { startSimulator, type SimulatorServer } from '../support/test-server.js';
import { bundleWorker } from '../support/worker-bundle.js';
import { SIMULATOR_API_KEY } from '../../proxy/simulator/simulator.js';

describe('two Workers sharing one budget through a Durable Object', () => {
  let upstream: SimulatorServer;
  let workers: Miniflare;

  before(async () => {
    upstream = await startSimulator({ rateLimit: false });
    const script = await bundleWorker('test/integrations/worker/shared-limit-entry.ts');
    const bindings = { TOTEBOT_API_KEY: SIMULATOR_API_KEY, TOTEBOT_API_URL: upstream.url };
    workers = new Miniflare({
      workers: [
        { name: 'proxy-a', modules: true, script, compatibilityDate: '2024-09-23', bindings, durableObjects: { TOTEBOT_RATE_LIMITS: 'RateLimitCounter' } },
        {
          name: 'proxy-b',
          modules: true,
          script,
          compatibilityDate: '2024-09-23',
          bindings,
          durableObjects: { TOTEBOT_RATE_LIMITS: { className: 'RateLimitCounter', scriptName: 'proxy-a' } },
        },
      ],
    });
  });
  after(async () => {
    await workers?.dispose();
    await upstream?.close();
  });

  it('refuses on both Workers once they forwarded the shared limit between them', async () => {
    // Miniflare's Fetcher type names workerd's Request and Response types; these are the same objects at runtime.
    type Fetching = { fetch(input: string, init: RequestInit): Promise<Response> };
    const a = (await workers.getWorker('proxy-a')) as unknown as Fetching;
    const b = (await workers.getWorker('proxy-b')) as unknown as Fetching;
    const statuses: string[] = [];
    for (const [name, worker] of [['a', a], ['b', b], ['a', a], ['b', b], ['a', a], ['b', b]] as const) {
      const response = await worker.fetch('https://chat.shop.example/v1/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.7' },
        body: JSON.stringify({ message: 'hello' }),
      });
      statuses.push(`${name} ${response.status}`);
      if (response.status === 429) assert.match(response.headers.get('retry-after') ?? '', /^\d+$/);
      await response.arrayBuffer();
    }
    // A limit of 3 per Worker would let all six through; one shared limit of 3 lets three through.
    assert.deepEqual(statuses, ['a 200', 'b 200', 'a 200', 'b 429', 'a 429', 'b 429']);
    assert.equal(upstream.simulator.stats.requests.length, 3);
  });
});
