/**
 * `totebot-proxy` as a real process: starts on an OS-chosen port without a key,
 * says loudly that it simulates, serves, logs without secrets, and stops on SIGTERM;
 * with metrics on it serves /metrics to its token, and with Redis unreachable it
 * serves all the same.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/redis-server.js';
import { within } from '../support/timing.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface RunningCli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startCli(env: Record<string, string>): RunningCli {
  const baseEnv = { ...process.env };
  delete baseEnv.TOTEBOT_API_KEY;
  delete baseEnv.TOTEBOT_API_URL;
  delete baseEnv.ALLOWED_ORIGINS;
  const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/cli.ts'], {
    cwd: root,
    env: { ...baseEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (out += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (err += text));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Polls `read` until `pattern` matches, failing after `ms`. */
async function waitFor(read: () => string, pattern: RegExp, ms: number, what: string): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = pattern.exec(read());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms; output so far:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function stopCli(cli: RunningCli): Promise<void> {
  if (cli.child.exitCode !== null || cli.child.signalCode !== null) return;
  cli.child.kill('SIGKILL');
  await cli.exited;
}

/** Starts the CLI and waits for its listening line; a CLI that never listens is killed, not left behind. */
async function startListeningCli(env: Record<string, string>): Promise<{ cli: RunningCli; url: string }> {
  const cli = startCli({ PORT: '0', HOST: '127.0.0.1', ...env });
  try {
    const url = (await waitFor(cli.stdout, /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m, 20_000, 'listening line'))[1]!;
    return { cli, url };
  } catch (error) {
    await stopCli(cli);
    throw error;
  }
}

describe('totebot-proxy without TOTEBOT_API_KEY', () => {
  let cli: RunningCli;
  let url: string;

  before(async () => {
    ({ cli, url } = await startListeningCli({
      ALLOWED_ORIGINS: 'https://shop.example',
      TOTEBOT_SIMULATOR_CHUNK_MS: '0',
      TOTEBOT_SIMULATOR_TOOL_MS: '0',
    }));
  });
  // Runs even when a test failed: the child never outlives the suite.
  after(() => stopCli(cli));

  it('prints the listening URL with an OS-chosen port', () => {
    const port = Number(new URL(url).port);
    assert.ok(Number.isInteger(port) && port > 0 && port !== 8787, `port ${port}`);
  });

  it('warns on stderr that it runs the simulator', async () => {
    await waitFor(cli.stderr, /TOTEBOT_API_KEY is not set: using the built-in Totebot SIMULATOR/, 5_000, 'simulator warning');
    assert.match(cli.stderr(), /Set TOTEBOT_API_KEY to talk to the real Totebot API/);
  });

  it('serves GET /v1/agent', async () => {
    const response = await fetch(`${url}/v1/agent`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { id: 'agt_simulator', name: 'Tote' });
  });

  it('streams a chat reply', async () => {
    const response = await fetch(`${url}/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
      body: JSON.stringify({ message: 'Do you have a blue tote?' }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(await response.text(), /event: completed\n/);
  });

  it('applies ALLOWED_ORIGINS', async () => {
    const response = await fetch(`${url}/v1/agent`, { headers: { origin: 'https://evil.example' } });
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'origin_not_allowed');
  });

  it('logs one JSON line per request to stdout, without the key or the message', async () => {
    await waitFor(cli.stdout, /"status":403/, 5_000, 'log line of the refused request');
    const entries = cli
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { method: string; route: string; status: number });
    assert.deepEqual(
      entries.map((entry) => [entry.method, entry.route, entry.status]),
      [
        ['GET', 'agent', 200],
        ['POST', 'chat', 200],
        ['GET', 'agent', 403],
      ],
    );
    const output = cli.stdout() + cli.stderr();
    assert.ok(!output.includes('tb_pk_'), 'the output holds a key');
    assert.ok(!output.includes('blue tote?'), 'the output holds a message text');
  });

  it('exits with code 0 on SIGTERM', async () => {
    cli.child.kill('SIGTERM');
    const result = await within(cli.exited, 5_000, 'no exit within 5 s of SIGTERM');
    assert.deepEqual(result, { code: 0, signal: null });
    await assert.rejects(fetch(`${url}/v1/agent`));
  });
});

describe('totebot-proxy with an invalid PORT', () => {
  let cli: RunningCli | undefined;
  after(async () => {
    if (cli) await stopCli(cli);
  });

  it('exits with code 1 and says why', async () => {
    cli = startCli({ PORT: 'eighty', HOST: '127.0.0.1' });
    const result = await within(cli.exited, 20_000, 'no exit within 20 s');
    assert.deepEqual(result, { code: 1, signal: null });
    assert.match(cli.stderr(), /^totebot-proxy: PORT must be a whole number up to 65535, got "eighty"\.$/m);
    assert.equal(cli.stdout(), '');
  });
});

describe('totebot-proxy shutting down', () => {
  let cli: RunningCli;
  let url: string;

  before(async () => {
    ({ cli, url } = await startListeningCli({
      TOTEBOT_SIMULATOR_CHUNK_MS: '8',
      TOTEBOT_SIMULATOR_TOOL_MS: '0',
      TOTEBOT_SHUTDOWN_GRACE_MS: '8000',
    }));
  });
  after(() => stopCli(cli));

  it('answers /healthz until SIGTERM, then lets a running stream finish before it exits', async () => {
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });

    const stream = await fetch(`${url}/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Tell me everything about caring for bags' }),
    });
    const reader = stream.body!.getReader();
    await reader.read();
    cli.child.kill('SIGTERM');
    await waitFor(cli.stdout, /^shutting down/m, 5_000, 'shutdown line');

    // The stream that was running finishes whole: it ends with `completed`.
    let text = '';
    const decoder = new TextDecoder();
    for (let next = await reader.read(); !next.done; next = await reader.read()) text += decoder.decode(next.value, { stream: true });
    assert.match(text, /event: completed\n/);
    const result = await within(cli.exited, 5_000, 'no exit after the stream finished');
    assert.equal(result.code, 0);
  });
});

describe('totebot-proxy with metrics on and Redis unreachable', () => {
  const TOKEN = 'cli-scrape-token-0123456789';
  let cli: RunningCli;
  let url: string;

  before(async () => {
    const port = await freePort();
    ({ cli, url } = await startListeningCli({
      TOTEBOT_SIMULATOR_CHUNK_MS: '0',
      TOTEBOT_SIMULATOR_TOOL_MS: '0',
      TOTEBOT_METRICS_TOKEN: TOKEN,
      // Nothing listens there: the proxy must start and serve all the same.
      TOTEBOT_REDIS_URL: `redis://127.0.0.1:${port}`,
    }));
  });
  after(() => stopCli(cli));

  it('serves chats, says once that limits count in memory, and counts them in /metrics', async () => {
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${url}/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"hi"}' });
      assert.equal(response.status, 200);
      assert.match(await response.text(), /event: completed\n/);
    }
    assert.equal(cli.stderr().match(/shared rate-limit store failed/g)?.length, 1, cli.stderr());
    assert.equal((await fetch(`${url}/metrics`)).status, 401);
    const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    assert.match(metrics, /^totebot_proxy_requests_total\{route="chat",status="200"\} 2$/m);
    assert.match(metrics, /^totebot_proxy_rate_limit_store_degraded 1$/m);
    assert.match(metrics, /^totebot_proxy_rate_limit_store_fallbacks_total 1$/m);
    assert.ok(!cli.stdout().includes(TOKEN) && !cli.stderr().includes(TOKEN), 'the token is not logged');
  });
});
