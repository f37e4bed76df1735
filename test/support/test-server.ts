/**
 * Test servers: the simulator and the proxy on 127.0.0.1 with OS-chosen ports,
 * each returned with a `close()` the test must call — or registered with
 * node:test hooks that call it (`useProxyChain`, `useServersPerTest`).
 */
import { after, afterEach, before } from 'node:test';
import { createProxy, type ProxyLogEntry, type ProxyOptions } from '../../proxy/handler.js';
import { serve, serveProxy, type RunningServer } from '../../proxy/node-adapter.js';
import { createUndiciUpstream } from '../../proxy/undici-upstream.js';
import { createSimulator, SIMULATOR_API_KEY, type Simulator, type SimulatorOptions } from '../../proxy/simulator/simulator.js';

export interface SimulatorServer extends RunningServer {
  simulator: Simulator;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorServer> {
  const simulator = createSimulator(options);
  const running = await serve((request, info) => simulator.fetch(request, info));
  return { ...running, simulator };
}

export interface ProxyServer extends RunningServer {
  logs: ProxyLogEntry[];
}

/**
 * How test proxies reach upstream: the Node client a Node deployment uses
 * (proxy/undici-upstream.ts), or the global fetch with `TOTEBOT_TEST_UPSTREAM=fetch`,
 * so the same suites prove both.
 */
const useGlobalFetch = process.env.TOTEBOT_TEST_UPSTREAM === 'fetch';

export async function startProxy(upstreamUrl: string, options: Partial<ProxyOptions> = {}): Promise<ProxyServer> {
  const logs: ProxyLogEntry[] = [];
  const upstream = useGlobalFetch || options.upstreamFetch ? undefined : createUndiciUpstream();
  // The proxy's own rate limits are off unless a test turns them on: tests send many requests from one address.
  const proxy = createProxy({
    apiKey: SIMULATOR_API_KEY,
    apiUrl: upstreamUrl,
    log: (entry) => logs.push(entry),
    rateLimits: false,
    ...(upstream && { upstream }),
    ...options,
  });
  const running = await serveProxy(proxy);
  return {
    ...running,
    logs,
    close: async () => {
      await running.close();
      await upstream?.close();
    },
  };
}

/** A proxy in front of an upstream: client → `proxy` → `upstream`. */
export interface ProxyChain<Upstream extends RunningServer = SimulatorServer> {
  readonly upstream: Upstream;
  readonly proxy: ProxyServer;
}

/** The simulator as a chain's upstream: without its rate limit unless `options` set one. */
function startChainSimulator(options: SimulatorOptions): Promise<SimulatorServer> {
  return startSimulator({ rateLimit: false, ...options });
}

/**
 * For a `describe` block: starts `startUpstream()` and a proxy in front of it
 * in `before`, closes both in `after` (the proxy first). Read `upstream` and
 * `proxy` from the returned object inside tests; they throw before `before`.
 */
export function useProxyChainTo<Upstream extends RunningServer>(
  startUpstream: () => Promise<Upstream>,
  proxyOptions: Partial<ProxyOptions> = {},
): ProxyChain<Upstream> {
  let upstream: Upstream | undefined;
  let proxy: ProxyServer | undefined;
  before(async () => {
    upstream = await startUpstream();
    proxy = await startProxy(upstream.url, proxyOptions);
  });
  after(async () => {
    try {
      await proxy?.close();
    } finally {
      await upstream?.close();
    }
  });
  const running = <T>(server: T | undefined, name: string): T => {
    if (server === undefined) throw new Error(`the chain's ${name} is not running: read it inside a test`);
    return server;
  };
  return {
    get upstream() {
      return running(upstream, 'upstream');
    },
    get proxy() {
      return running(proxy, 'proxy');
    },
  };
}

/**
 * For a `describe` block: the simulator (rate limit off unless
 * `simulatorOptions` set one) behind a proxy, for every test of the block.
 */
export function useProxyChain(simulatorOptions: SimulatorOptions = {}, proxyOptions: Partial<ProxyOptions> = {}): ProxyChain {
  return useProxyChainTo(() => startChainSimulator(simulatorOptions), proxyOptions);
}

export interface ServersPerTest {
  /** Closes `server` after the current test, whatever happened; returns it. */
  track<T extends RunningServer>(server: T): T;
  simulator(options?: SimulatorOptions): Promise<SimulatorServer>;
  proxy(upstreamUrl: string, options?: Partial<ProxyOptions>): Promise<ProxyServer>;
  /** The simulator (rate limit off unless `simulatorOptions` set one) behind a proxy. */
  chain(simulatorOptions?: SimulatorOptions, proxyOptions?: Partial<ProxyOptions>): Promise<ProxyChain>;
}

/**
 * For servers a test starts itself: registers an `afterEach` that closes every
 * server started (or tracked) through the returned object during that test,
 * newest first, whether the test passed or failed.
 */
export function useServersPerTest(): ServersPerTest {
  const started: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).reverse().map((server) => server.close()));
  });
  const track = <T extends RunningServer>(server: T): T => {
    started.push(server);
    return server;
  };
  return {
    track,
    simulator: async (options) => track(await startSimulator(options)),
    proxy: async (upstreamUrl, options) => track(await startProxy(upstreamUrl, options)),
    chain: async (simulatorOptions = {}, proxyOptions = {}) => {
      const upstream = track(await startChainSimulator(simulatorOptions));
      const proxy = track(await startProxy(upstream.url, proxyOptions));
      return { upstream, proxy };
    },
  };
}
