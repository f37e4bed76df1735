/**
 * GET /metrics on a proxy in front of the simulator: Prometheus text (format
 * 0.0.4, read strictly below), behind its bearer token, with counters
 * and histograms that move with the traffic, and never the key or a token.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrometheusMetrics } from '../../proxy/prometheus-metrics.js';
import { SIMULATOR_API_KEY } from '../../proxy/simulator/simulator.js';
import { readSseEvents } from '../support/sse.js';
import { useProxyChain } from '../support/test-server.js';

const TOKEN = 'scrape-token-0123456789abcdef';
const metrics = createPrometheusMetrics();

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\.)*"';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(${LABEL}(?:,${LABEL})*)\\})? (-?\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?|NaN|[+-]Inf)(?: -?\\d+)?$`);
const COMMENT = new RegExp(`^# (?:HELP (${NAME}) .*|TYPE (${NAME}) (counter|gauge|histogram|summary|untyped))$`);

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Reads the text format strictly: every line a HELP, a TYPE or a sample; every
 * sample of a family declared by a TYPE line before it (a histogram's as
 * `_bucket`, `_sum`, `_count`); no family declared twice.
 */
function parseStrict(text: string): Sample[] {
  const families = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n').filter(Boolean)) {
    const comment = COMMENT.exec(line);
    if (line.startsWith('#')) {
      assert.ok(comment, `not a HELP or TYPE line: ${line}`);
      if (comment[2]) {
        assert.ok(!families.has(comment[2]), `${comment[2]} declared twice`);
        families.set(comment[2], comment[3]!);
      }
      continue;
    }
    const sample = SAMPLE.exec(line);
    assert.ok(sample, `not a sample line: ${line}`);
    const name = sample[1]!;
    const family = families.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    assert.ok(families.has(family), `${name} has no TYPE line before it`);
    const labels = Object.fromEntries([...(sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((match) => [match[1]!, match[2]!]));
    samples.push({ name, labels, value: Number(sample[3]) });
  }
  return samples;
}

/** A counter's or gauge's value, or a histogram's count, for the sample with these labels; 0 when there is none. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.find(
    (sample) => (sample.name === name || sample.name === `${name}_count`) && Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted),
  );
  return found?.value ?? 0;
}

describe('GET /metrics', () => {
  // The simulator allows 4 requests a minute: three chats and one agent lookup, then a chat meets an upstream 429.
  const chain = useProxyChain(
    { rateLimit: { limit: 4, windowMs: 60_000 }, chunkDelayMs: 5 },
    { metrics: metrics.sink, metricsEndpoint: metrics.endpoint(TOKEN), rateLimits: { visitor: false, global: false } },
  );

  async function scrape(): Promise<{ text: string; families: Sample[] }> {
    const response = await fetch(`${chain.proxy.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    return { text, families: parseStrict(text) };
  }

  const chat = () =>
    fetch(`${chain.proxy.url}/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"a blue tote?"}' });

  it('answers only the bearer of its token', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdef', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const response = await fetch(`${chain.proxy.url}/metrics`, { headers: authorization ? { authorization } : {} });
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer');
      assert.doesNotMatch(await response.text(), /totebot_proxy_/);
    }
  });

  it('parses as Prometheus text, and its counters move with the traffic', async () => {
    const before = (await scrape()).families;
    assert.equal(value(before, 'totebot_proxy_requests_total', { route: 'chat', status: '200' }), 0);

    // A stream counts as open from its headers to its end.
    const streaming = await chat();
    assert.equal(streaming.status, 200);
    assert.equal(value((await scrape()).families, 'totebot_proxy_open_streams'), 1);
    const { events } = await readSseEvents(streaming);
    const token = events.find((event) => event.type === 'conversation_token');
    assert.ok(token?.type === 'conversation_token');
    await (await chat()).text();
    await (await fetch(`${chain.proxy.url}/v1/agent`)).text();
    await (await fetch(`${chain.proxy.url}/v1/agent`)).text();
    await (await fetch(`${chain.proxy.url}/v1/customers`)).text();
    await (await chat()).text();
    const limited = await chat();
    assert.equal(limited.status, 429, 'upstream 429 relayed');
    await limited.text();
    const held = await chat();
    assert.equal(held.status, 429, 'the proxy holds back itself');
    await held.text();

    const { text, families } = await scrape();
    assert.equal(value(families, 'totebot_proxy_requests_total', { route: 'chat', status: '200' }), 3);
    assert.equal(value(families, 'totebot_proxy_requests_total', { route: 'chat', status: '429' }), 2);
    assert.equal(value(families, 'totebot_proxy_requests_total', { route: 'agent', status: '200' }), 2);
    assert.equal(value(families, 'totebot_proxy_requests_total', { route: 'unknown', status: '404' }), 1);
    assert.equal(value(families, 'totebot_proxy_upstream_latency_seconds', { route: 'chat', status: '200' }), 3);
    assert.equal(value(families, 'totebot_proxy_upstream_latency_seconds', { route: 'agent', status: '200' }), 1, 'the second agent answer came from the cache');
    assert.equal(value(families, 'totebot_proxy_time_to_first_byte_seconds', { route: 'chat' }), 3);
    assert.equal(value(families, 'totebot_proxy_open_streams'), 0);
    assert.equal(value(families, 'totebot_proxy_upstream_rate_limited_total'), 1);
    assert.equal(value(families, 'totebot_proxy_rate_limited_total', { kind: 'upstream' }), 1);
    assert.equal(value(families, 'totebot_proxy_rate_limited_total', { kind: 'visitor' }), 0);
    assert.equal(value(families, 'totebot_proxy_rate_limit_store_fallbacks_total'), 0);
    assert.ok(value(families, 'totebot_proxy_process_resident_memory_bytes') > 0, 'process metrics');

    assert.ok(!text.includes(SIMULATOR_API_KEY) && !text.includes('tb_pk_'), 'no key in the metrics');
    assert.ok(!text.includes(token.token) && !text.includes(token.conversationId), 'no token or conversation id in the metrics');
    assert.ok(!chain.proxy.logs.some((entry) => entry.route === 'metrics' || JSON.stringify(entry).includes('/metrics')), 'scrapes are not logged');
  });
});

describe('GET /metrics when metrics are off', () => {
  const chain = useProxyChain();

  it('is an unknown path like any other', async () => {
    const response = await fetch(`${chain.proxy.url}/metrics`);
    assert.equal(response.status, 404);
  });
});
