/** The same handler object as a Cloudflare Worker's default export: key, URL and origins from `env` bindings. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createProxy } from '../../proxy/handler.js';

function recordingUpstream() {
  const seen: { url: string; authorization: string | null }[] = [];
  return {
    seen,
    upstreamFetch: async (request: Request) => {
      seen.push({ url: request.url, authorization: request.headers.get('authorization') });
      return Response.json({ id: 'agt', name: 'Tote', model: 'secret-model' });
    },
  };
}

describe('createProxy with runtime bindings', () => {
  it('takes the key, the URL and the origins from env when the options leave them out', async () => {
    const upstream = recordingUpstream();
    const proxy = createProxy({ upstreamFetch: upstream.upstreamFetch, log: () => {} });
    const env = { TOTEBOT_API_KEY: 'tb_pk_bound', TOTEBOT_API_URL: 'https://api.example', ALLOWED_ORIGINS: 'https://shop.example', OTHER: 42 };
    const response = await proxy.fetch(new Request('https://proxy.example/v1/agent', { headers: { origin: 'https://shop.example' } }), env);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.deepEqual(upstream.seen, [{ url: 'https://api.example/v1/agent', authorization: 'Bearer tb_pk_bound' }]);
    const foreign = await proxy.fetch(new Request('https://proxy.example/v1/chat', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }), env);
    assert.equal(foreign.status, 403);
  });

  it('lets options win over bindings', async () => {
    const upstream = recordingUpstream();
    const proxy = createProxy({ apiKey: 'tb_pk_option', apiUrl: 'https://option.example', upstreamFetch: upstream.upstreamFetch, log: () => {} });
    await proxy.fetch(new Request('https://proxy.example/v1/agent'), { TOTEBOT_API_KEY: 'tb_pk_bound', TOTEBOT_API_URL: 'https://bound.example' });
    assert.deepEqual(upstream.seen, [{ url: 'https://option.example/v1/agent', authorization: 'Bearer tb_pk_option' }]);
  });

  it('answers 503 without forwarding when no key is configured anywhere', async () => {
    const upstream = recordingUpstream();
    const proxy = createProxy({ upstreamFetch: upstream.upstreamFetch, log: () => {} });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    try {
      const response = await proxy.fetch(new Request('https://proxy.example/v1/agent'), {});
      assert.equal(response.status, 503);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'not_configured');
    } finally {
      console.error = original;
    }
    assert.deepEqual(upstream.seen, []);
    assert.match(String(errors[0]), /TOTEBOT_API_KEY/);
  });
});
