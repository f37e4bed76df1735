import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assembleProxy, createStdoutLog, readSettings } from '../../proxy/config.js';
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
      proxySecrets: [],
      identitySecrets: [],
      trustedProxyHops: 0,
      rateLimits: { visitor: { limit: 20, windowMs: 60_000 }, global: { limit: 55, windowMs: 60_000 } },
      redisUrl: undefined,
      metrics: false,
      shutdownGraceMs: 10_000,
      simulatorChunkDelayMs: 35,
      simulatorToolDelayMs: 800,
    });
  });

  it('turns /metrics on with TOTEBOT_METRICS=on or with a token, which must be long enough', () => {
    assert.deepEqual(readSettings({ TOTEBOT_METRICS: 'on' }).metrics, { token: undefined });
    assert.deepEqual(readSettings({ TOTEBOT_METRICS_TOKEN: 'a-scrape-token-of-32-characters!' }).metrics, { token: 'a-scrape-token-of-32-characters!' });
    assert.equal(readSettings({ TOTEBOT_METRICS: 'off' }).metrics, false);
    assert.throws(() => readSettings({ TOTEBOT_METRICS: 'yes' }), /TOTEBOT_METRICS must be "on" or "off"/);
    assert.throws(() => readSettings({ TOTEBOT_METRICS: 'off', TOTEBOT_METRICS_TOKEN: 'a-scrape-token-of-32-characters!' }), /contradicts/);
    assert.throws(() => readSettings({ TOTEBOT_METRICS_TOKEN: 'short' }), /16 to 256 printable characters/);
  });

  it('treats empty values as unset', () => {
    assert.deepEqual(
      readSettings({
        TOTEBOT_API_KEY: '',
        TOTEBOT_API_URL: '',
        PORT: '',
        HOST: '',
        ALLOWED_ORIGINS: '',
        TOTEBOT_PROXY_SECRET: '',
        TOTEBOT_PROXY_PREVIOUS_SECRET: '',
        TOTEBOT_IDENTITY_SECRET: '',
        TOTEBOT_IDENTITY_PREVIOUS_SECRET: '',
        TOTEBOT_TRUST_PROXY: '',
        TOTEBOT_RATE_LIMIT_VISITOR: '',
        TOTEBOT_RATE_LIMIT_GLOBAL: '',
      }),
      readSettings({}),
    );
  });

  it('treats an empty TOTEBOT_RATE_LIMIT as unset: the limits stay on', () => {
    // Like every other variable: `TOTEBOT_RATE_LIMIT=` (say, from an env file or compose default) is "not set".
    assert.deepEqual(readSettings({ TOTEBOT_RATE_LIMIT: '' }), readSettings({}));
  });

  it('reads every variable', () => {
    assert.deepEqual(
      readSettings({
        TOTEBOT_API_KEY: 'tb_pk_live',
        TOTEBOT_API_URL: 'https://staging.totebot.example',
        PORT: '3000',
        HOST: '0.0.0.0',
        ALLOWED_ORIGINS: 'https://shop.example/, http://localhost:5173',
        TOTEBOT_PROXY_SECRET: 'proxy-now',
        TOTEBOT_PROXY_PREVIOUS_SECRET: 'proxy-before',
        TOTEBOT_IDENTITY_SECRET: 'identity-now',
        TOTEBOT_IDENTITY_PREVIOUS_SECRET: 'identity-before',
        TOTEBOT_TRUST_PROXY: '2',
        TOTEBOT_RATE_LIMIT: 'on',
        TOTEBOT_RATE_LIMIT_VISITOR: '10/30',
        TOTEBOT_RATE_LIMIT_GLOBAL: ' 50 / 60 ',
        TOTEBOT_SHUTDOWN_GRACE_MS: '2500',
        TOTEBOT_REDIS_URL: 'redis://127.0.0.1:6379',
        TOTEBOT_METRICS_TOKEN: 'scrape-token-0123456789',
        TOTEBOT_SIMULATOR_CHUNK_MS: '0',
        TOTEBOT_SIMULATOR_TOOL_MS: '5',
      }),
      {
        apiKey: 'tb_pk_live',
        apiUrl: 'https://staging.totebot.example',
        port: 3000,
        host: '0.0.0.0',
        allowedOrigins: ['https://shop.example', 'http://localhost:5173'],
        proxySecrets: ['proxy-now', 'proxy-before'],
        identitySecrets: ['identity-now', 'identity-before'],
        trustedProxyHops: 2,
        rateLimits: { visitor: { limit: 10, windowMs: 30_000 }, global: { limit: 50, windowMs: 60_000 } },
        redisUrl: 'redis://127.0.0.1:6379',
        metrics: { token: 'scrape-token-0123456789' },
        shutdownGraceMs: 2500,
        simulatorChunkDelayMs: 0,
        simulatorToolDelayMs: 5,
      },
    );
  });

  it('reads a previous secret alone as the only one (the current one is unset)', () => {
    const settings = readSettings({ TOTEBOT_PROXY_PREVIOUS_SECRET: 'proxy-before', TOTEBOT_IDENTITY_PREVIOUS_SECRET: 'identity-before' });
    assert.deepEqual(settings.proxySecrets, ['proxy-before']);
    assert.deepEqual(settings.identitySecrets, ['identity-before']);
  });

  for (const off of ['off', 'OFF', 'Off']) {
    it(`switches the rate limits off with TOTEBOT_RATE_LIMIT=${off}`, () => {
      assert.equal(readSettings({ TOTEBOT_RATE_LIMIT: off, TOTEBOT_RATE_LIMIT_VISITOR: '10/30' }).rateLimits, false);
    });
  }

  it('refuses a TOTEBOT_RATE_LIMIT that is neither on nor off', () => {
    assert.throws(() => readSettings({ TOTEBOT_RATE_LIMIT: 'no' }), { message: 'TOTEBOT_RATE_LIMIT must be "on" or "off", got "no".' });
  });

  for (const rule of ['20', '20/', '/60', '0/60', '20/0', '-1/60', 'twenty/60', '20/60/1', '1000000/60']) {
    it(`refuses TOTEBOT_RATE_LIMIT_VISITOR=${JSON.stringify(rule)} and the same for _GLOBAL`, () => {
      assert.throws(() => readSettings({ TOTEBOT_RATE_LIMIT_VISITOR: rule }), /^Error: TOTEBOT_RATE_LIMIT_VISITOR must look like "20\/60"/);
      assert.throws(() => readSettings({ TOTEBOT_RATE_LIMIT_GLOBAL: rule }), /^Error: TOTEBOT_RATE_LIMIT_GLOBAL must look like "20\/60"/);
    });
  }

  it('reads TOTEBOT_TRUST_PROXY from 0 to 10 and refuses anything else', () => {
    assert.equal(readSettings({ TOTEBOT_TRUST_PROXY: '0' }).trustedProxyHops, 0);
    assert.equal(readSettings({ TOTEBOT_TRUST_PROXY: '10' }).trustedProxyHops, 10);
    for (const hops of ['11', '-1', 'yes', 'true', '1.5']) {
      assert.throws(() => readSettings({ TOTEBOT_TRUST_PROXY: hops }), {
        message: `TOTEBOT_TRUST_PROXY must be a whole number up to 10, got "${hops}".`,
      });
    }
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
  /** A real key needs the store origins that embed the widget. */
  const KEYED_ENV = { TOTEBOT_API_KEY: SIMULATOR_API_KEY, ALLOWED_ORIGINS: 'https://shop.example' };

  it('without a key runs the simulator as upstream and warns loudly', async () => {
    const logs: ProxyLogEntry[] = [];
    const assembled = assembleProxy(readSettings({ TOTEBOT_SIMULATOR_CHUNK_MS: '0', TOTEBOT_SIMULATOR_TOOL_MS: '0' }), { log: (entry) => logs.push(entry) });
    assert.ok(assembled.simulator);
    // The two simulator lines first, then one line per unset secret.
    assert.equal(assembled.warnings.length, 4);
    assert.match(assembled.warnings[0]!, /TOTEBOT_API_KEY is not set/);
    assert.match(assembled.warnings.join('\n'), /SIMULATOR/);
    assert.match(assembled.warnings[2]!, /TOTEBOT_PROXY_SECRET is not set/);
    assert.match(assembled.warnings[3]!, /TOTEBOT_IDENTITY_SECRET is not set/);
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
    const assembled = assembleProxy(readSettings({ ALLOWED_ORIGINS: 'https://shop.example' }), { log: () => {} });
    const refused = await assembled.proxy.fetch(new Request('http://localhost:8787/v1/agent', { headers: { origin: 'https://evil.example' } }));
    assert.equal(refused.status, 403);
    const allowed = await assembled.proxy.fetch(new Request('http://localhost:8787/v1/agent', { headers: { origin: 'https://shop.example' } }));
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.equal(assembled.simulator?.stats.requests.length, 1);
  });

  it('with a key, an allow-list and both secrets returns no simulator, no warnings, and forwards to TOTEBOT_API_URL', async () => {
    const upstream = await startSimulator({ rateLimit: false });
    try {
      const logs: ProxyLogEntry[] = [];
      const assembled = assembleProxy(
        readSettings({
          ...KEYED_ENV,
          TOTEBOT_API_URL: `${upstream.url}/`,
          TOTEBOT_PROXY_SECRET: 'proxy-secret',
          TOTEBOT_IDENTITY_SECRET: 'identity-secret',
        }),
        { log: (entry) => logs.push(entry) },
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

  it('with a key refuses to start without ALLOWED_ORIGINS', () => {
    assert.throws(() => assembleProxy(readSettings({ TOTEBOT_API_KEY: 'tb_pk_live' })), /^Error: ALLOWED_ORIGINS is required with a real TOTEBOT_API_KEY/);
  });

  it('with a key warns about a derived proxy secret and unverified identity, without naming the key', () => {
    const { simulator, warnings } = assembleProxy(readSettings(KEYED_ENV));
    assert.equal(simulator, undefined);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /TOTEBOT_PROXY_SECRET is not set: conversation tokens are signed with a secret derived from the API key/);
    assert.match(warnings[1]!, /TOTEBOT_IDENTITY_SECRET is not set: visitor identity is forwarded unverified/);
    assert.ok(!warnings.join('\n').includes(SIMULATOR_API_KEY));
  });

  it('serves /metrics with TOTEBOT_METRICS=on, warning that it is open, and only to the token once one is set', async () => {
    const open = assembleProxy(readSettings({ ...KEYED_ENV, TOTEBOT_METRICS: 'on', TOTEBOT_PROXY_SECRET: 'p', TOTEBOT_IDENTITY_SECRET: 'i' }));
    assert.deepEqual(open.warnings, ['TOTEBOT_METRICS=on without TOTEBOT_METRICS_TOKEN: GET /metrics answers anyone who reaches this port.']);
    const scraped = await open.proxy.fetch(new Request('http://localhost:8787/metrics'));
    assert.equal(scraped.status, 200);
    assert.match(await scraped.text(), /^# TYPE totebot_proxy_requests_total counter$/m);

    const token = 'scrape-token-0123456789';
    const guarded = assembleProxy(readSettings({ ...KEYED_ENV, TOTEBOT_METRICS_TOKEN: token }));
    assert.ok(!guarded.warnings.some((warning) => warning.includes('METRICS')));
    assert.equal((await guarded.proxy.fetch(new Request('http://localhost:8787/metrics'))).status, 401);
    const withToken = await guarded.proxy.fetch(new Request('http://localhost:8787/metrics', { headers: { authorization: `Bearer ${token}` } }));
    assert.equal(withToken.status, 200);
    const off = assembleProxy(readSettings(KEYED_ENV));
    assert.equal((await off.proxy.fetch(new Request('http://localhost:8787/metrics'))).status, 404);
  });

  it('warns first and loudly when the rate limits are off', () => {
    const { warnings } = assembleProxy(
      readSettings({ ...KEYED_ENV, TOTEBOT_RATE_LIMIT: 'off', TOTEBOT_PROXY_SECRET: 'p', TOTEBOT_IDENTITY_SECRET: 'i' }),
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^\*\*\* TOTEBOT_RATE_LIMIT=off: the proxy does not limit visitors/);
  });

  it('passes the rate limits on: the proxy answers 429 itself once a visitor used them up', async () => {
    const upstream = await startSimulator({ rateLimit: false });
    try {
      const { proxy } = assembleProxy(
        readSettings({ ...KEYED_ENV, TOTEBOT_API_URL: upstream.url, TOTEBOT_RATE_LIMIT_VISITOR: '1/60' }),
        { log: () => {} },
      );
      const chat = () =>
        proxy.fetch(
          new Request('http://localhost:8787/v1/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"hi"}' }),
          undefined,
          { clientAddress: '192.0.2.1' },
        );
      const first = await chat();
      assert.equal(first.status, 200);
      await first.text();
      const second = await chat();
      assert.equal(second.status, 429);
      assert.equal(((await second.json()) as { error: { code: string } }).error.code, 'rate_limited');
      assert.equal(upstream.simulator.stats.requests.length, 1);
    } finally {
      await upstream.close();
    }
  });
});

describe('createStdoutLog', () => {
  const entry = (id: string): ProxyLogEntry => ({ time: '2026-12-05T00:00:00.000Z', id, method: 'POST', route: 'chat', status: 200, durationMs: 1 });

  it('writes one JSON line per request a turn later, the lines of one turn in one write, in order', async () => {
    const writes: string[] = [];
    const log = createStdoutLog((text) => writes.push(text));
    log(entry('req_1'));
    log(entry('req_2'));
    assert.deepEqual(writes, [], 'written in place, on the way to the first byte');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(writes, [`${JSON.stringify(entry('req_1'))}\n${JSON.stringify(entry('req_2'))}\n`]);
    log(entry('req_3'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(writes.slice(1), [`${JSON.stringify(entry('req_3'))}\n`]);
  });
});
