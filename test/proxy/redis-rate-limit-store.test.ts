/**
 * Two proxy instances sharing one upstream budget through a real redis-server
 * (Debian's package), started on loopback for this test and stopped after it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createClient } from 'redis';
import { createRedisRateLimitStore, type RedisScriptRunner } from '../../proxy/redis-rate-limit-store.js';
import { startProxy, startSimulator, type ProxyServer, type SimulatorServer } from '../support/test-server.js';
import { ensureRedis } from '../../scripts/find-redis.mjs';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('rate limits shared through Redis', () => {
  let redisServer: ChildProcess;
  const clients: { quit(): Promise<unknown> }[] = [];
  let upstream: SimulatorServer;
  const proxies: ProxyServer[] = [];

  const runner = async (url: string): Promise<RedisScriptRunner> => {
    const client = createClient({ url });
    clients.push(client);
    await client.connect();
    return { evalScript: (script, keys, args) => client.eval(script, { keys, arguments: args }) };
  };

  before(async () => {
    const port = await freePort();
    redisServer = spawn(ensureRedis(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const url = `redis://127.0.0.1:${port}`;
    // redis-server needs a moment to listen.
    for (let attempt = 0; ; attempt += 1) {
      try {
        const probe = createClient({ url });
        await probe.connect();
        await probe.quit();
        break;
      } catch (error) {
        if (attempt > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    upstream = await startSimulator({ rateLimit: false });
    for (let index = 0; index < 2; index += 1) {
      proxies.push(
        await startProxy(upstream.url, {
          rateLimits: { visitor: false, global: { limit: 3, windowMs: 60_000 } },
          rateLimitStore: createRedisRateLimitStore(await runner(url), 'test:'),
        }),
      );
    }
  });
  after(async () => {
    for (const proxy of proxies) await proxy.close();
    await upstream?.close();
    for (const client of clients) await client.quit().catch(() => {});
    redisServer?.kill('SIGTERM');
  });

  it('lets two proxy instances together forward no more than the shared limit', async () => {
    const statuses: number[] = [];
    for (const proxy of [proxies[0]!, proxies[1]!, proxies[0]!, proxies[1]!, proxies[0]!]) {
      const response = await fetch(`${proxy.url}/v1/agent`);
      statuses.push(response.status);
      if (response.status === 429) assert.match(response.headers.get('retry-after') ?? '', /^\d+$/);
      await response.body?.cancel();
    }
    // The agent answer is cached per instance: each instance forwards once, then answers from its cache.
    assert.deepEqual(statuses, [200, 200, 200, 200, 200]);

    const chats: number[] = [];
    for (const proxy of [proxies[0]!, proxies[1]!, proxies[0]!, proxies[1]!]) {
      const response = await fetch(`${proxy.url}/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'hello' }),
      });
      chats.push(response.status);
      await response.body?.cancel();
    }
    // Two agent lookups and one chat used the budget of 3: every chat after that is refused, on both instances.
    assert.deepEqual(chats, [200, 429, 429, 429]);
    assert.equal(upstream.simulator.stats.requests.filter((request) => request.path === '/v1/chat').length, 1);
  });
});
