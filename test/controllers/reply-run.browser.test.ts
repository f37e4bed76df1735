/** One reply's request with a fake proxy client: its outcome, its abort and its idle watchdog. */
import { expect } from '@open-wc/testing';
import { ApiError } from '../../src/api/client.js';
import { ReplyRun } from '../../src/controllers/reply-run.js';
import type { ProxyStreamEvent } from '../../src/protocol/events.js';
import { FakeApiClient } from '../support/fake-api-client.js';
import { sleep } from '../support/throwaway-host.js';

function start(idleTimeoutMs = 10_000) {
  const client = new FakeApiClient();
  const events: ProxyStreamEvent[] = [];
  const run = new ReplyRun(client, { message: 'hello', conversationId: 'cnv_1' }, 'tok_1', idleTimeoutMs, (event) => events.push(event));
  return { client, events, run, stream: client.lastStream };
}

describe('ReplyRun', () => {
  it('sends the request with the token and passes every event on', async () => {
    const { events, run, stream } = start();
    expect(stream.request).to.deep.equal({ message: 'hello', conversationId: 'cnv_1' });
    expect(stream.token).to.equal('tok_1');
    stream.emit({ type: 'chunk', content: 'Hi' }, { type: 'completed' });
    stream.end('finished');
    expect(await run.outcome).to.equal('finished');
    expect(events.map((event) => event.type)).to.deep.equal(['chunk', 'completed']);
  });

  it('settles as the stream ended: interrupted when it closed early', async () => {
    const { run, stream } = start();
    stream.end('interrupted');
    expect(await run.outcome).to.equal('interrupted');
  });

  it('aborts the request; events that come after the abort are dropped', async () => {
    const { events, run, stream } = start();
    run.abort();
    expect(stream.signal.aborted).to.equal(true);
    stream.onEvent({ type: 'chunk', content: 'late' });
    expect(await run.outcome).to.equal('aborted');
    expect(events).to.deep.equal([]);
  });

  it('ends a stream silent for the idle timeout as idle, and keeps it open while events come', async () => {
    const { run, stream } = start(150);
    for (let tick = 0; tick < 4; tick += 1) {
      await sleep(80);
      stream.emit({ type: 'chunk', content: '.' });
    }
    // 320 ms in, never silent for 150 ms.
    expect(stream.signal.aborted).to.equal(false);
    expect(await run.outcome).to.equal('idle');
    expect(stream.signal.aborted).to.equal(true);
  });

  it('rejects with the ApiError that kept the stream from starting, and any other failure as an unreachable proxy', async () => {
    const refused = start();
    refused.stream.fail(new ApiError(429, 'rate_limited', 'busy', 3));
    const error = await refused.run.outcome.then(() => undefined, (reason: unknown) => reason);
    expect(error).to.be.instanceOf(ApiError).and.include({ status: 429, code: 'rate_limited', retryAfterSeconds: 3 });

    const client = new FakeApiClient();
    client.streamChat = () => Promise.reject(new TypeError('Failed to fetch'));
    const run = new ReplyRun(client, { message: 'hello' }, undefined, 10_000, () => {});
    const other = await run.outcome.then(() => undefined, (reason: unknown) => reason);
    expect(other).to.be.instanceOf(ApiError).and.include({ status: 0, code: 'unreachable' });
  });

  it('stops watching once settled: no abort after the outcome', async () => {
    const { run, stream } = start(100);
    stream.end('finished');
    await run.outcome;
    await sleep(200);
    expect(stream.signal.aborted).to.equal(false);
  });
});
