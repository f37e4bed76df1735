import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assembleProxy, readSettings } from '../../proxy/config.js';
import type { ProxyLogEntry } from '../../proxy/handler.js';
import { SIMULATOR_API_KEY } from '../../proxy/simulator/simulator.js';
import { startSimulator } from '../support/test-server.js';

describe('readSettings', () => {
  it('has defaults for an empty environment', () => {
    assert.deepEqual(readSettings({}), {
      apiKey: undefined,
      apiUrl: 'https://api.totebot.ai',
      port: 8787,
      host: '127.0.0.1',
      allowedOrigins: [],
      simulatorChunkDelayMs: 35,
      simulatorToolDelayMs: 800,
    });
  });

  it('treats empty values as unset', () => {
    assert.deepEqual(
      readSettings({ TOTEBOT_API_KEY: '', TOTEBOT_API_URL: '', PORT: '', HOST: '', ALLOWED_ORIGINS: '' }),
      readSettings({}),
    );
  });

  it('reads every variable', () => {
    assert.deepEqual(
      readSettings({
        TOTEBOT_API_KEY: 'tb_pk_live',
        TOTEBOT_API_URL: 'https://staging.totebot.example',
        PORT: '3000',
        HOST: '0.0.0.0',
        ALLOWED_ORIGINS: 'https://shop.example/, http://localhost:5173',
        TOTEBOT_SIMULATOR_CHUNK_MS: '0',
        TOTEBOT_SIMULATOR_TOOL_MS: '5',
      }),
      {
        apiKey: 'tb_pk_live',
        apiUrl: 'https://staging.totebot.example',
        port: 3000,
        host: '0.0.0.0',
        allowedOrigins: ['https://shop.example', 'http://localhost:5173'],
        simulatorChunkDelayMs: 0,
        simulatorToolDelayMs: 5,
      },
    );
  });

  for (const port of ['abc', '-1', '80.5', '8080x', 'NaN', '70000', '0x1F', '1e3']) {
    it(`refuses PORT=${JSON.stringify(port)}`, () => {
      assert.throws(() => readSettings({ PORT: port }), { message: `PORT must be a whole number up to 65535, got "${port}".` });
    });
  }

  it('refuses invalid simulator pacing', () => {
    assert.throws(() => readSettings({ TOTEBOT_SIMULATOR_CHUNK_MS: 'fast' }), /TOTEBOT_SIMULATOR_CHUNK_MS/);
    assert.throws(() => readSettings({ TOTEBOT_SIMULATOR_TOOL_MS: '-5' }), /TOTEBOT_SIMULATOR_TOOL_MS/);
  });
});

describe('assembleProxy', () => {
  it('without a key runs the simulator as upstream and warns loudly', async () => {
    const logs: ProxyLogEntry[] = [];
    const assembled = assembleProxy(readSettings({ TOTEBOT_SIMULATOR_CHUNK_MS: '0', TOTEBOT_SIMULATOR_TOOL_MS: '0' }), (entry) => logs.push(entry));
    assert.ok(assembled.simulator);
    assert.equal(assembled.warnings.length, 2);
    assert.match(assembled.warnings.join('\n'), /TOTEBOT_API_KEY is not set/);
    assert.match(assembled.warnings.join('\n'), /SIMULATOR/);
    assert.ok(!assembled.warnings.join('\n').includes(SIMULATOR_API_KEY));

    const response = await assembled.proxy.fetch(new Request('http://localhost:8787/v1/agent'));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { id: 'agt_simulator', name: 'Tote' });
    assert.deepEqual(assembled.simulator.stats.requests, [
      { method: 'GET', path: '/v1/agent', authorization: `Bearer ${SIMULATOR_API_KEY}` },
    ]);
    assert.deepEqual(
      logs.map((entry) => [entry.route, entry.status]),
      [['agent', 200]],
    );

    const chat = await assembled.proxy.fetch(
      new Request('http://localhost:8787/v1/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"message":"hello"}',
      }),
    );
    assert.equal(chat.status, 200);
    assert.match(await chat.text(), /event: completed\n/);
    assert.equal(assembled.simulator.stats.streamsCompleted, 1);
  });

  it('without a key still applies the allow-list', async () => {
    const assembled = assembleProxy(readSettings({ ALLOWED_ORIGINS: 'https://shop.example' }), () => {});
    const refused = await assembled.proxy.fetch(new Request('http://localhost:8787/v1/agent', { headers: { origin: 'https://evil.example' } }));
    assert.equal(refused.status, 403);
    const allowed = await assembled.proxy.fetch(new Request('http://localhost:8787/v1/agent', { headers: { origin: 'https://shop.example' } }));
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.equal(assembled.simulator?.stats.requests.length, 1);
  });

  it('with a key returns no simulator, no warnings, and forwards to TOTEBOT_API_URL', async () => {
    const upstream = await startSimulator({ rateLimit: false });
    try {
      const logs: ProxyLogEntry[] = [];
      const assembled = assembleProxy(
        readSettings({ TOTEBOT_API_KEY: SIMULATOR_API_KEY, TOTEBOT_API_URL: `${upstream.url}/` }),
        (entry) => logs.push(entry),
      );
      assert.equal(assembled.simulator, undefined);
      assert.deepEqual(assembled.warnings, []);

      const response = await assembled.proxy.fetch(new Request('http://localhost:8787/v1/agent'));
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { id: 'agt_simulator', name: 'Tote' });
      assert.deepEqual(upstream.simulator.stats.requests, [
        { method: 'GET', path: '/v1/agent', authorization: `Bearer ${SIMULATOR_API_KEY}` },
      ]);
      assert.deepEqual(
        logs.map((entry) => [entry.route, entry.status, entry.upstreamStatus]),
        [['agent', 200, 200]],
      );
    } finally {
      await upstream.close();
    }
  });
});
