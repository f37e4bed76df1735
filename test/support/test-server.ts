/**
 * Test servers: the simulator and the proxy on 127.0.0.1 with OS-chosen ports,
 * each returned with a `close()` the test must call.
 */
import { createProxy, type ProxyLogEntry, type ProxyOptions } from '../../proxy/handler.js';
import { serve, type RunningServer } from '../../proxy/node-adapter.js';
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

export async function startProxy(upstreamUrl: string, options: Partial<ProxyOptions> = {}): Promise<ProxyServer> {
  const logs: ProxyLogEntry[] = [];
  const proxy = createProxy({ apiKey: SIMULATOR_API_KEY, apiUrl: upstreamUrl, log: (entry) => logs.push(entry), ...options });
  const running = await serve((request) => proxy.fetch(request));
  return { ...running, logs };
}
