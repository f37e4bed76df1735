/**
 * A shopper closing the widget mid-reply: the client's abort must reach
 * upstream at once, so Totebot stops generating (and billing) the reply.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { bareServer, closeAfterEach, started } from '../support/bare-server.js';
import { startProxy, useProxyChain } from '../support/test-server.js';
import { openChatStream } from '../support/http.js';
import { signal, within } from '../support/timing.js';

describe('a client abort', () => {
  const chain = useProxyChain({ chunkDelayMs: 25, toolDelayMs: 0 });

  it('aborts the upstream stream mid-reply', async () => {
    const upstreamAborted = chain.upstream.simulator.nextStreamAbort();
    const stream = await openChatStream(chain.proxy.url, { message: 'tell me everything' });
    assert.equal(stream.response.status, 200);
    assert.equal(stream.first.done, false);
    const firstFrame = stream.firstText;
    assert.match(firstFrame, /^event: chunk\n/);
    const conversationId = /"conversationId":"([^"]+)"/.exec(firstFrame)?.[1];
    assert.ok(conversationId);
    assert.equal(chain.upstream.simulator.stats.streamsStarted, 1);

    stream.abort();
    await assert.rejects(stream.read(), { name: 'AbortError' });

    await within(upstreamAborted, 2000, 'the upstream abort did not happen within 2000 ms');
    assert.equal(chain.upstream.simulator.stats.streamsAborted, 1);
    assert.equal(chain.upstream.simulator.stats.streamsCompleted, 0);
    // The reply stopped where it was: only the shopper's message was saved.
    assert.deepEqual(
      chain.upstream.simulator.conversation(conversationId)?.messages.map((message) => message.role),
      ['user'],
    );
    assert.deepEqual(chain.upstream.simulator.stats.requests, [
      { method: 'POST', path: '/v1/chat', authorization: 'Bearer tb_pk_simulator' },
    ]);
  });

  it('leaves the proxy serving the next request', async () => {
    const response = await fetch(`${chain.proxy.url}/v1/agent`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { id: 'agt_simulator', name: 'Tote' });
    assert.equal(chain.upstream.simulator.stats.streamsAborted, 1);
    assert.equal(chain.upstream.simulator.stats.streamsCompleted, 0);
  });
});

describe('a client abort before upstream has answered', () => {
  closeAfterEach();

  it('closes the upstream request at once, and the log says the client left', async () => {
    const reached = signal();
    const upstreamClosed = signal();
    const upstream = await bareServer((_req, res) => {
      // Headers never come: the proxy is still waiting for them when the client leaves.
      res.on('close', () => upstreamClosed.resolve());
      reached.resolve();
    });
    const proxy = await startProxy(upstream.url);
    started.push(proxy);
    const body = JSON.stringify({ message: 'hello' });
    const request = httpRequest(`${proxy.url}/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    request.on('error', () => {});
    request.end(body);
    await within(reached.promise, 2000, 'the request did not reach upstream');
    request.destroy();
    await within(upstreamClosed.promise, 2000, 'the upstream request stayed open after the client left');
    await within(
      (async () => {
        while (proxy.logs.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      })(),
      2000,
      'no log line',
    );
    assert.equal(proxy.logs[0]?.route, 'chat');
    assert.equal(proxy.logs[0]?.error, 'client_aborted');
  });
});
