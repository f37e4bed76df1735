import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createProxy } from '../../proxy/handler.js';

describe('/healthz', () => {
  it('answers locally, never upstream, and 503 once draining', async () => {
    let forwarded = 0;
    const proxy = createProxy({
      apiKey: 'tb_pk_test',
      apiUrl: 'http://upstream.invalid',
      upstreamFetch: async () => {
        forwarded += 1;
        return new Response('{}');
      },
      log: () => assert.fail('health checks are not logged'),
    });
    const ok = await proxy.fetch(new Request('http://proxy.example/healthz'));
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { status: 'ok' });
    assert.equal((await proxy.fetch(new Request('http://proxy.example/healthz', { method: 'HEAD' }))).status, 200);
    proxy.drain();
    const draining = await proxy.fetch(new Request('http://proxy.example/healthz'));
    assert.equal(draining.status, 503);
    assert.equal(((await draining.json()) as { error: { code: string } }).error.code, 'draining');
    assert.equal(forwarded, 0);
  });
});
