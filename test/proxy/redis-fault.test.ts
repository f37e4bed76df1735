/**
 * Redis fails under load and comes back: a real redis-server on a loopback port
 * is stopped while two proxy instances keep serving chats, then started again on
 * the same port. No chat may fail because of Redis; each instance says once that
 * it counts in memory, and once that it shares again; after that, hits from both
 * instances land in the one shared window again.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { connectRedis, type RedisConnection } from '../../proxy/redis-connection.js';
import { freePort, startRedis, type RedisServer } from '../support/redis-server.js';
import { startProxy, startSimulator, type ProxyServer, type SimulatorServer } from '../support/test-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rate limits when Redis fails and returns', { timeout: 60_000 }, () => {
  let port: number;
  let redis: RedisServer | undefined;
  let upstream: SimulatorServer;
  const connections: RedisConnection[] = [];
  const proxies: ProxyServer[] = [];
  const lines: string[][] = [[], []];
  const transitions: boolean[][] = [[], []];

  before(async () => {
    port = await freePort();
    redis = await startRedis(port);
    upstream = await startSimulator({ rateLimit: false });
    for (const index of [0, 1]) {
      const connection = await connectRedis(`redis://127.0.0.1:${port}`, {
        prefix: 'fault:',
        // Generous: a busy test machine must not pass for a Redis outage while Redis is up.
        timeoutMs: 2000,
        probeEveryMs: 200,
        warn: (line) => lines[index]!.push(line),
        onDegraded: (degraded) => transitions[index]!.push(degraded),
      });
      connections.push(connection);
      // Limits far above this test's traffic: what is tested is that counting goes on, not refusals.
      proxies.push(
        await startProxy(upstream.url, { rateLimits: { visitor: false, global: { limit: 100_000, windowMs: 60_000 } }, rateLimitStore: connection.store }),
      );
    }
  });
  after(async () => {
    for (const proxy of proxies) await proxy.close();
    for (const connection of connections) await connection.close();
    await upstream?.close();
    await redis?.stop();
  });

  /** Bounded load: `workers` loops of one chat at a time, alternating instances, until `stop` resolves. */
  async function load(workers: number, stop: Promise<void>) {
    let stopped = false;
    void stop.then(() => (stopped = true));
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: workers }, async (_, worker) => {
        for (let turn = 0; !stopped; turn += 1) {
          const proxy = proxies[(worker + turn) % 2]!;
          const response = await fetch(`${proxy.url}/v1/chat`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"message":"hello"}',
          });
          const text = await response.text();
          statuses.push(response.status === 200 && text.includes('event: completed') ? 200 : response.status);
        }
      }),
    );
    return statuses;
  }

  async function sharedHits(): Promise<number> {
    const client = createClient({ url: `redis://127.0.0.1:${port}` });
    await client.connect();
    try {
      return await client.zCard('fault:global');
    } finally {
      client.destroy();
    }
  }

  it('serves every chat while Redis is down, says so once per instance, and shares counting again once it is back', async (t) => {
    let finish!: () => void;
    const stop = new Promise<void>((resolve) => (finish = resolve));
    const running = load(4, stop);

    await sleep(500);
    const before = await sharedHits();
    assert.ok(before > 0, 'hits were counted in Redis before the outage');

    await redis!.stop();
    redis = undefined;
    await sleep(1500);
    assert.ok(connections.every((connection) => connection.store.degraded), 'both instances count in memory');

    redis = await startRedis(port);
    // Reconnection (at most 2 s between attempts) and the next probe.
    for (let waited = 0; connections.some((connection) => connection.store.degraded) && waited < 10_000; waited += 100) await sleep(100);
    assert.ok(connections.every((connection) => !connection.store.degraded), 'both instances share counting again');
    await sleep(300);
    finish();
    const statuses = await running;

    assert.ok(statuses.length > 20, `the load ran (${statuses.length} chats)`);
    t.diagnostic(`${statuses.length} chats, ${statuses.filter((status) => status === 200).length} completed; first line: ${lines[0]![0]}`);
    assert.deepEqual(
      statuses.filter((status) => status !== 200),
      [],
      'no chat failed because of Redis',
    );
    for (const index of [0, 1]) {
      assert.deepEqual(transitions[index], [true, false]);
      assert.equal(lines[index]!.length, 2);
      assert.match(lines[index]![0]!, /shared rate-limit store failed \((ECONNREFUSED|timeout|[A-Za-z_]+)\).*memory/);
      assert.match(lines[index]![1]!, /shared again/);
    }

    // The restarted Redis starts empty; hits from both instances land in its one window.
    const afterReturn = await sharedHits();
    for (const proxy of proxies) {
      const response = await fetch(`${proxy.url}/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"hi"}' });
      assert.equal(response.status, 200);
      await response.text();
    }
    assert.equal(await sharedHits(), afterReturn + 2);
  });
});
