/**
 * Proxy settings from the environment, and the assembled proxy: with no key it
 * runs the built-in simulator as its upstream and says so loudly.
 */
import { parseOriginList } from './cors.js';
import { createProxy, DEFAULT_API_URL, type ProxyLogEntry, type TotebotProxy } from './handler.js';
import { createSimulator, SIMULATOR_API_KEY, type Simulator } from './simulator/simulator.js';

export type Env = Record<string, string | undefined>;

export interface ProxySettings {
  apiKey: string | undefined;
  apiUrl: string;
  port: number;
  host: string;
  allowedOrigins: string[];
  /** Simulator pacing, used only when there is no key. */
  simulatorChunkDelayMs: number;
  simulatorToolDelayMs: number;
}

function readNumber(value: string | undefined, fallback: number, name: string, max: number): number {
  if (value === undefined || value === '') return fallback;
  const number = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!(number <= max)) throw new Error(`${name} must be a whole number up to ${max}, got "${value}".`);
  return number;
}

export function readSettings(env: Env): ProxySettings {
  return {
    apiKey: env.TOTEBOT_API_KEY || undefined,
    apiUrl: env.TOTEBOT_API_URL || DEFAULT_API_URL,
    port: readNumber(env.PORT, 8787, 'PORT', 65_535),
    host: env.HOST || '127.0.0.1',
    allowedOrigins: parseOriginList(env.ALLOWED_ORIGINS),
    simulatorChunkDelayMs: readNumber(env.TOTEBOT_SIMULATOR_CHUNK_MS, 35, 'TOTEBOT_SIMULATOR_CHUNK_MS', 60_000),
    simulatorToolDelayMs: readNumber(env.TOTEBOT_SIMULATOR_TOOL_MS, 800, 'TOTEBOT_SIMULATOR_TOOL_MS', 60_000),
  };
}

export interface AssembledProxy {
  proxy: TotebotProxy;
  /** Present when no key was given and the simulator stands in for Totebot. */
  simulator?: Simulator;
  warnings: string[];
}

export function assembleProxy(settings: ProxySettings, log?: (entry: ProxyLogEntry) => void): AssembledProxy {
  const common = { allowedOrigins: settings.allowedOrigins, ...(log && { log }) };
  if (settings.apiKey) {
    return { proxy: createProxy({ ...common, apiKey: settings.apiKey, apiUrl: settings.apiUrl }), warnings: [] };
  }
  const simulator = createSimulator({
    chunkDelayMs: settings.simulatorChunkDelayMs,
    toolDelayMs: settings.simulatorToolDelayMs,
  });
  const proxy = createProxy({
    ...common,
    apiKey: SIMULATOR_API_KEY,
    apiUrl: 'http://simulator.invalid',
    // In-process: the simulator sees every request as coming from the proxy's own address, as Totebot would.
    upstreamFetch: (request) => simulator.fetch(request, { clientAddress: '127.0.0.1' }),
  });
  return {
    proxy,
    simulator,
    warnings: [
      '*** TOTEBOT_API_KEY is not set: using the built-in Totebot SIMULATOR as upstream. ***',
      '*** Replies are simulated. Set TOTEBOT_API_KEY to talk to the real Totebot API.   ***',
    ],
  };
}
