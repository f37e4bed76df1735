/**
 * Two proxy instances sharing one upstream budget through a real redis-server
 * (Debian's package), started on loopback for this test and stopped after it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { createRedisRateLimitStore, type RedisScriptRunner } from '../../proxy/redis-rate-limit-store.js';
import { startProxy, startSimulator, type ProxyServer, type SimulatorServer } from '../support/test-server.js';
import { SIMULATOR_API_KEY } from '../../proxy/simulator/simulator.js';
import { startRedis, type RedisServer } from '../support/redis-server.js';

describe('rate limits shared through Redis', () => {
  let redisServer: RedisServer | undefined;
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
    redisServer = await startRedis();
    const { url } = redisServer;
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
    await redisServer?.stop();
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

describe('two totebot-proxy processes with TOTEBOT_REDIS_URL', () => {
  let redis: RedisServer | undefined;
  let upstream: SimulatorServer;
  const children: ChildProcess[] = [];

  function startCli(): Promise<string> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/cli.ts'], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        TOTEBOT_API_KEY: SIMULATOR_API_KEY,
        TOTEBOT_API_URL: upstream.url,
        ALLOWED_ORIGINS: 'https://shop.example',
        TOTEBOT_REDIS_URL: redis!.url,
        TOTEBOT_RATE_LIMIT_VISITOR: '100/60',
        TOTEBOT_RATE_LIMIT_GLOBAL: '2/60',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 20_000);
      child.stdout!.setEncoding('utf8').on('data', (text: string) => {
        out += text;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match && /shared through Redis/.test(out)) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
  }

  before(async () => {
    redis = await startRedis();
    upstream = await startSimulator({ rateLimit: false });
  });
  after(async () => {
    for (const child of children) child.kill('SIGKILL');
    await upstream?.close();
    await redis?.stop();
  });

  it('share one global budget between processes', async () => {
    const [first, second] = await Promise.all([startCli(), startCli()]);
    const statuses: number[] = [];
    for (const url of [first!, second!, first!, second!]) {
      const response = await fetch(`${url}/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'hello' }),
      });
      statuses.push(response.status);
      await response.body?.cancel();
    }
    assert.deepEqual(statuses, [200, 200, 429, 429]);
    assert.equal(upstream.simulator.stats.requests.filter((request) => request.path === '/v1/chat').length, 2);
  });
});
