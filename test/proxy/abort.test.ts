/**
 * A shopper closing the widget mid-reply: the client's abort must reach
 * upstream at once, so Totebot stops generating (and billing) the reply.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startProxy, startSimulator, type ProxyServer, type SimulatorServer } from '../support/test-server.js';

/** Rejects after `ms` unless `promise` settles first. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('a client abort', () => {
  let upstream: SimulatorServer;
  let proxy: ProxyServer;

  before(async () => {
    upstream = await startSimulator({ rateLimit: false, chunkDelayMs: 25, toolDelayMs: 0 });
    proxy = await startProxy(upstream.url);
  });
  after(async () => {
    await proxy.close();
    await upstream.close();
  });

  it('aborts the upstream stream mid-reply', async () => {
    const upstreamAborted = upstream.simulator.nextStreamAbort();
    const controller = new AbortController();
    const response = await fetch(`${proxy.url}/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'tell me everything' }),
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    assert.equal(first.done, false);
    const firstFrame = new TextDecoder().decode(first.value);
    assert.match(firstFrame, /^event: chunk\n/);
    const conversationId = /"conversationId":"([^"]+)"/.exec(firstFrame)?.[1];
    assert.ok(conversationId);
    assert.equal(upstream.simulator.stats.streamsStarted, 1);

    controller.abort();
    await assert.rejects(reader.read(), { name: 'AbortError' });

    await within(upstreamAborted, 2000, 'the upstream abort');
    assert.equal(upstream.simulator.stats.streamsAborted, 1);
    assert.equal(upstream.simulator.stats.streamsCompleted, 0);
    // The reply stopped where it was: only the shopper's message was saved.
    assert.deepEqual(
      upstream.simulator.conversation(conversationId)?.messages.map((message) => message.role),
      ['user'],
    );
    assert.deepEqual(upstream.simulator.stats.requests, [
      { method: 'POST', path: '/v1/chat', authorization: 'Bearer tb_pk_simulator' },
    ]);
  });

  it('leaves the proxy serving the next request', async () => {
    const response = await fetch(`${proxy.url}/v1/agent`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { id: 'agt_simulator', name: 'Tote' });
    assert.equal(upstream.simulator.stats.streamsAborted, 1);
    assert.equal(upstream.simulator.stats.streamsCompleted, 0);
  });
});
