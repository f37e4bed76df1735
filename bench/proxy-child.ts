/**
 * The proxy under test, in its own process so its memory can be read alone:
 * assembled from settings as `totebot-proxy` (proxy/cli.ts) assembles it
 * (`assembleProxy` + `serve` on 127.0.0.1), so the bench measures what a Node
 * deployment runs, pointed at the upstream stub given as the first argument.
 * Talks to the parent over IPC: it reports its URL, samples its memory on
 * request, and closes everything when told to.
 */
import { assembleProxy, readSettings } from '../proxy/config.js';
import { serveProxy } from '../proxy/node-adapter.js';
import { createUndiciUpstream } from '../proxy/undici-upstream.js';
import type { UpstreamClient as Client } from '../proxy/upstream.js';

/** The upstream clients the bench compares; `assembleProxy` picks the one a deployment runs. */
export const UPSTREAM_CLIENTS = {
  fetch: (): Client => ({ send: (url, init) => fetch(url, init) }),
  undici: (): Client => createUndiciUpstream(),
} as const;
export type UpstreamClient = keyof typeof UPSTREAM_CLIENTS;

export type ChildRequest = { type: 'baseline' } | { type: 'cpu' } | { type: 'sample-start' } | { type: 'sample-stop' } | { type: 'close' };

export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'baseline'; memory: MemoryFigures }
  /** CPU time (user + system) the process has used so far, in microseconds. */
  | { type: 'cpu'; micros: number }
  | { type: 'peak'; memory: MemoryFigures; samples: number };

const upstreamUrl = process.argv[2];
const client = process.argv[3] as UpstreamClient | undefined;
if (!upstreamUrl || (client && !(client in UPSTREAM_CLIENTS)) || !process.send) {
  console.error(`usage: node --expose-gc --import tsx bench/proxy-child.ts <upstream url> [${Object.keys(UPSTREAM_CLIENTS).join('|')}] (as a forked child)`);
  process.exit(2);
}
const send = (message: ChildMessage) => process.send!(message);

const memory = (): MemoryFigures => {
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, external, arrayBuffers };
};

const settings = readSettings({
  TOTEBOT_API_KEY: 'tb_pk_bench',
  TOTEBOT_API_URL: upstreamUrl,
  ALLOWED_ORIGINS: 'http://bench.invalid',
  // The proxy's own per-visitor limits would (rightly) refuse one client's 500 streams; the bench measures the relay.
  TOTEBOT_RATE_LIMIT: 'off',
});
// The request log as deployed (JSON lines on stdout, which the bench sends to /dev/null): it is part of each request's cost.
const { proxy } = assembleProxy(settings, { ...(client && { upstream: UPSTREAM_CLIENTS[client]() }) });
const running = await serveProxy(proxy, { host: '127.0.0.1', port: 0 });

let sampler: NodeJS.Timeout | undefined;
let peak: MemoryFigures = memory();
let samples = 0;

process.on('message', (message: ChildRequest) => {
  switch (message.type) {
    case 'baseline': {
      // Needs --expose-gc: the baseline is live memory, not garbage waiting to be collected.
      globalThis.gc?.();
      send({ type: 'baseline', memory: memory() });
      break;
    }
    case 'cpu': {
      const { user, system } = process.cpuUsage();
      send({ type: 'cpu', micros: user + system });
      break;
    }
    case 'sample-start':
      peak = memory();
      samples = 0;
      sampler = setInterval(() => {
        const now = memory();
        samples += 1;
        peak = {
          rss: Math.max(peak.rss, now.rss),
          heapUsed: Math.max(peak.heapUsed, now.heapUsed),
          external: Math.max(peak.external, now.external),
          arrayBuffers: Math.max(peak.arrayBuffers, now.arrayBuffers),
        };
      }, 25);
      break;
    case 'sample-stop':
      clearInterval(sampler);
      send({ type: 'peak', memory: peak, samples });
      break;
    case 'close':
      clearInterval(sampler);
      void running.close().then(() => process.exit(0));
      break;
  }
});

send({ type: 'ready', url: running.url });
