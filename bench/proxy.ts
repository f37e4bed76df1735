/**
 * Proxy benchmark, loopback only:
 * 1. time to first byte the proxy adds: the same chat request straight to a stub
 *    upstream and through the proxy, alternating, median of many sequential requests;
 * 2. 500 concurrent chat streams through the proxy from a stub upstream that sends
 *    20 chunks at 50 ms: errors, total time, and the proxy process's memory per stream.
 * The proxy runs in a child process (bench/proxy-child.ts) so its memory is its own.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { setMaxListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { ChildMessage, ChildRequest, MemoryFigures, UpstreamClient } from './proxy-child.js';
import { median, percentile } from './stats.js';

export interface ProxyOptions {
  ttfbRequests: number;
  /** Upstream clients measured side by side with the one `assembleProxy` picks (time to first byte only). */
  clients: UpstreamClient[];
  warmup: number;
  streams: number;
  /** Timed runs of `streams` streams (one more measures live memory). */
  concurrencyRuns: number;
  chunks: number;
  chunkIntervalMs: number;
  /** The concurrency run is abandoned (and counted as errors) after this long. */
  limitMs: number;
  log: (line: string) => void;
}

export interface ProxyResult {
  ttfb: {
    requests: number;
    directMedianMs: number;
    proxiedMedianMs: number;
    overheadMedianMs: number;
    directP90Ms: number;
    proxiedP90Ms: number;
    /** The deployed proxy's CPU time per request (user + system, after the warm-up): unlike wall time, barely moved by other load. */
    proxiedCpuMsPerRequest: number;
    /** Requests per target before the recorded ones: the proxy's code is optimised by then, as in a running deployment. */
    warmup: number;
    /** 1-minute load average when the measurement started and ended: the machine is shared. */
    load: [number, number];
    /** The same requests through a proxy on each compared upstream client, each alternating with direct requests in a phase of its own. */
    clients: { client: UpstreamClient; proxiedMedianMs: number; overheadMedianMs: number; proxiedP90Ms: number; cpuMsPerRequest: number }[];
  };
  concurrency: {
    streams: number;
    /** Errors are counted over this many runs of `streams` streams. */
    runs: number;
    chunks: number;
    chunkIntervalMs: number;
    errors: number;
    errorSamples: string[];
    /** Median over the timed runs: first request to last stream's end. */
    totalMs: number;
    /** The floor: one stream's own pacing. */
    idealMs: number;
    /** Peak RSS over the first run (fresh process) less the RSS before, per stream: garbage and warm-up included, so pessimistic. */
    rssPerStreamBytes: number;
    /** Heap + external after a collection with every stream open, less the same before, per stream. */
    liveHeapPerStreamBytes: number;
    baseline: MemoryFigures;
    peak: MemoryFigures;
    live?: MemoryFigures;
  };
}

const frame = (event: object) => `event: ${(event as { type: string }).type}\ndata: ${JSON.stringify(event)}\n\n`;

/** The upstream stand-in: `ttfb` answers at once with one chunk; `paced` streams `chunks` chunks `interval` ms apart. */
async function startUpstream(chunks: number, intervalMs: number) {
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (part: string) => (body += part));
    request.on('end', () => {
      const { pathname } = new URL(request.url ?? '/', 'http://localhost');
      if (request.method !== 'POST' || pathname !== '/v1/chat') {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end('{"error":{"code":"not_found","message":"bench upstream"}}');
        return;
      }
      const mode = (JSON.parse(body) as { message?: string }).message;
      response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      response.socket?.setNoDelay(true);
      const conversationId = 'cnv_bench';
      if (mode !== 'paced') {
        response.write(frame({ type: 'chunk', conversationId, content: 'Hello' }));
        response.end(frame({ type: 'completed', conversationId, messageId: 'msg_1', content: 'Hello' }));
        return;
      }
      response.flushHeaders();
      let sent = 0;
      const tick = () => {
        if (response.destroyed) return;
        if (sent < chunks) {
          response.write(frame({ type: 'chunk', conversationId, content: ` word${sent}` }));
          sent += 1;
          const timer = setTimeout(() => (timers.delete(timer), tick()), intervalMs);
          timers.add(timer);
        } else {
          response.end(frame({ type: 'completed', conversationId, messageId: 'msg_1', content: '' }));
        }
      };
      tick();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', backlog: 2048 }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface ProxyChild {
  url: string;
  request(message: ChildRequest, reply?: ChildMessage['type']): Promise<ChildMessage | undefined>;
  close(): Promise<void>;
}

/** `client` unset: the proxy exactly as `assembleProxy` builds it for a deployment. */
async function startProxyChild(upstreamUrl: string, client?: UpstreamClient): Promise<ProxyChild> {
  const child: ChildProcess = fork(new URL('./proxy-child.ts', import.meta.url).pathname, [upstreamUrl, ...(client ? [client] : [])], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    // stdout takes the proxy's request log (one line per request); stderr stays for its warnings and errors.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = (type: ChildMessage['type']) =>
    new Promise<ChildMessage>((resolve, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code: number | null) => reject(new Error(`proxy child exited (${code}) while waiting for ${type}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next('ready');
  return {
    url: (ready as Extract<ChildMessage, { type: 'ready' }>).url,
    async request(message, reply) {
      const answer = reply ? next(reply) : undefined;
      child.send(message);
      return answer;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => (clearTimeout(timer), resolve()));
        child.send({ type: 'close' } satisfies ChildRequest);
      }),
  };
}

interface StreamResult {
  status: number;
  firstByteMs: number;
  body: string;
}

/** One chat request with node:http; resolves with the whole body and the time to its first byte. */
function chat(agent: Agent, baseUrl: string, message: string, signal?: AbortSignal, onFirstByte?: () => void): Promise<StreamResult> {
  const body = JSON.stringify({ message });
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = httpRequest(
      `${baseUrl}/v1/chat`,
      {
        method: 'POST',
        agent,
        ...(signal && { signal }),
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), accept: 'text/event-stream' },
      },
      (response) => {
        let firstByteMs = Number.NaN;
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (part: string) => {
          if (Number.isNaN(firstByteMs)) {
            firstByteMs = performance.now() - started;
            onFirstByte?.();
          }
          text += part;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, firstByteMs, body: text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const countChunks = (body: string) => body.split('event: chunk\n').length - 1;

async function memoryOf(proxy: ProxyChild): Promise<MemoryFigures> {
  return ((await proxy.request({ type: 'baseline' }, 'baseline')) as Extract<ChildMessage, { type: 'baseline' }>).memory;
}

/** `options.streams` chat streams at once through the proxy; each must bring all its chunks and `completed`. */
async function concurrentStreams(agent: Agent, proxy: ProxyChild, options: ProxyOptions, measureLive: boolean) {
  const baseline = await memoryOf(proxy);
  await proxy.request({ type: 'sample-start' });
  const errors: string[] = [];
  const limit = AbortSignal.timeout(options.limitMs);
  setMaxListeners(options.streams + 10, limit);
  let open = 0;
  let allOpen: () => void = () => {};
  const opened = new Promise<void>((resolve) => (allOpen = resolve));
  const started = performance.now();
  const streams = Promise.all(
    Array.from({ length: options.streams }, () =>
      chat(agent, proxy.url, 'paced', limit, () => ++open === options.streams && allOpen()).then(
        (result) => {
          if (result.status !== 200) errors.push(`status ${result.status}`);
          else if (countChunks(result.body) !== options.chunks || !result.body.includes('event: completed\n')) {
            errors.push(`incomplete stream: ${countChunks(result.body)} chunks`);
          }
        },
        (error: unknown) => errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
      ),
    ),
  );
  let live: MemoryFigures | undefined;
  if (measureLive) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([opened, streams, new Promise<void>((resolve) => (timer = setTimeout(resolve, options.limitMs)))]);
    clearTimeout(timer);
    if (open === options.streams) {
      // Every stream is open and past its first chunk; a collection first, so garbage does not count.
      await new Promise((resolve) => setTimeout(resolve, options.chunkIntervalMs * 2));
      live = await memoryOf(proxy);
    }
  }
  await streams;
  const totalMs = performance.now() - started;
  const peak = ((await proxy.request({ type: 'sample-stop' }, 'peak')) as Extract<ChildMessage, { type: 'peak' }>).memory;
  return { errors, totalMs, baseline, peak, live };
}

/** One phase of the time-to-first-byte measurement: `targets` in turn, `warmup` rounds unrecorded, then `requests` rounds. */
async function alternate(agent: Agent, targets: readonly string[], warmup: number, requests: number, afterWarmup: () => Promise<void>) {
  const samples = targets.map(() => [] as number[]);
  for (let i = 0; i < warmup + requests; i++) {
    if (i === warmup) await afterWarmup();
    for (const [index, target] of targets.entries()) {
      const result = await chat(agent, target, 'ttfb', AbortSignal.timeout(10_000));
      if (result.status !== 200 || countChunks(result.body) !== 1) throw new Error(`ttfb request to ${target} failed: ${result.status}`);
      if (i >= warmup) samples[index]!.push(result.firstByteMs);
    }
  }
  return samples;
}

const cpuOf = async (child: ProxyChild) => ((await child.request({ type: 'cpu' }, 'cpu')) as Extract<ChildMessage, { type: 'cpu' }>).micros;

export async function runProxy(options: ProxyOptions): Promise<ProxyResult> {
  const upstream = await startUpstream(options.chunks, options.chunkIntervalMs);
  const proxy = await startProxyChild(upstream.url);
  const candidates: ProxyChild[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 1000 });
  try {
    // 1. Time to first byte: straight to the stub and through the deployed proxy, in turn so drift hits both alike.
    //    Only these two alternate: another proxy child between them would compete for the CPUs at the moments
    //    measured (its own reply's tail work, its collections) and charge it to this proxy.
    const loadBefore = loadavg()[0]!;
    let cpuBefore = 0;
    const [direct, proxied] = (await alternate(agent, [upstream.url, proxy.url], options.warmup, options.ttfbRequests, async () => {
      // After the warm-up: loading modules and compiling code would otherwise dominate CPU time.
      cpuBefore = await cpuOf(proxy);
    })) as [number[], number[]];
    const proxiedCpuMsPerRequest = ((await cpuOf(proxy)) - cpuBefore) / 1000 / options.ttfbRequests;
    const loadAfter = loadavg()[0]!;
    const directMedianMs = median(direct);
    const proxiedMedianMs = median(proxied);
    options.log(
      `  ttfb: direct ${directMedianMs.toFixed(2)} ms, through the proxy ${proxiedMedianMs.toFixed(2)} ms (medians of ${direct.length}); ` +
        `proxy CPU ${proxiedCpuMsPerRequest.toFixed(3)} ms per request; load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}`,
    );

    // Each compared client in a phase of its own, the same way: a child of its own, alternating with direct requests.
    const clients: ProxyResult['ttfb']['clients'] = [];
    for (const client of options.clients) {
      const candidate = await startProxyChild(upstream.url, client);
      candidates.push(candidate);
      let before = 0;
      const [baseline, samples] = (await alternate(agent, [upstream.url, candidate.url], options.warmup, options.ttfbRequests, async () => {
        before = await cpuOf(candidate);
      })) as [number[], number[]];
      const cpuMsPerRequest = ((await cpuOf(candidate)) - before) / 1000 / options.ttfbRequests;
      await candidates.pop()!.close();
      const clientMedianMs = median(samples);
      const overheadMedianMs = clientMedianMs - median(baseline);
      options.log(
        `  ttfb through the proxy on ${client}: ${clientMedianMs.toFixed(2)} ms (+${overheadMedianMs.toFixed(2)} ms), ` +
          `CPU ${cpuMsPerRequest.toFixed(3)} ms per request`,
      );
      clients.push({ client, proxiedMedianMs: clientMedianMs, overheadMedianMs, proxiedP90Ms: percentile(samples, 90), cpuMsPerRequest });
    }

    // 2. Many concurrent streams through the proxy: once undisturbed (errors, time, peak RSS), once with a
    //    collection while every stream is open (live memory per stream; the pause would skew the time).
    const timed = [];
    // Each run on connections of its own, as each of 500 shoppers has: reusing the previous run's idle sockets
    // races the proxy server's keep-alive timeout (5 s) whenever a loaded machine stretches the gap between runs
    // towards it, and a request sent as the server closes the socket fails with a reset the proxy never saw.
    const streamsOnFreshSockets = async (measureLive: boolean) => {
      const fresh = new Agent({ keepAlive: true, maxSockets: 1000 });
      try {
        return await concurrentStreams(fresh, proxy, options, measureLive);
      } finally {
        fresh.destroy();
      }
    };
    for (let run = 0; run < options.concurrencyRuns; run++) timed.push(await streamsOnFreshSockets(false));
    const measured = await streamsOnFreshSockets(true);
    const errors = [...timed.flatMap((run) => run.errors), ...measured.errors];
    const totalMs = median(timed.map((run) => run.totalMs));
    // RSS of the first run, from a fresh process: later runs reuse pages the allocator kept, so they show less.
    const { baseline, peak } = timed[0]!;
    const live = measured.live;
    const idealMs = options.chunks * options.chunkIntervalMs;
    options.log(
      `  ${options.streams} concurrent streams × ${options.concurrencyRuns + 1} runs: ${errors.length} errors, ` +
        `median ${totalMs.toFixed(0)} ms (one stream's own pacing: ${idealMs} ms)`,
    );
    return {
      ttfb: {
        requests: direct.length,
        warmup: options.warmup,
        directMedianMs,
        proxiedMedianMs,
        overheadMedianMs: proxiedMedianMs - directMedianMs,
        directP90Ms: percentile(direct, 90),
        proxiedP90Ms: percentile(proxied, 90),
        proxiedCpuMsPerRequest,
        load: [loadBefore, loadAfter],
        clients,
      },
      concurrency: {
        streams: options.streams,
        runs: options.concurrencyRuns + 1,
        chunks: options.chunks,
        chunkIntervalMs: options.chunkIntervalMs,
        errors: errors.length,
        errorSamples: [...new Set(errors)].slice(0, 3),
        totalMs,
        idealMs,
        rssPerStreamBytes: (peak.rss - baseline.rss) / options.streams,
        liveHeapPerStreamBytes: live ? (live.heapUsed + live.external - baseline.heapUsed - baseline.external) / options.streams : Number.NaN,
        baseline,
        peak,
        ...(live && { live }),
      },
    };
  } finally {
    agent.destroy();
    await Promise.all(candidates.map((candidate) => candidate.close()));
    await proxy.close();
    await upstream.close();
  }
}
