/**
 * Proxy settings from the environment, and the assembled proxy: with no key it
 * runs the built-in simulator as its upstream and says so loudly.
 */
import { parseOriginList } from './cors.js';
import { createProxy, DEFAULT_API_URL, type ProxyLogEntry, type ProxyOptions, type TotebotProxy } from './handler.js';
import { createPrometheusMetrics, type PrometheusMetrics } from './prometheus-metrics.js';
import { createUndiciUpstream } from './undici-upstream.js';
import type { UpstreamClient } from './upstream.js';
import { parseRateLimitRule, type RateLimitRule, type RateLimitStore } from './rate-limit.js';
import { createSimulator, SIMULATOR_API_KEY, type Simulator } from './simulator/simulator.js';
import { DEFAULT_GLOBAL_LIMIT, DEFAULT_VISITOR_LIMIT } from './traffic-guard.js';

export type Env = Record<string, string | undefined>;

export interface ProxySettings {
  apiKey: string | undefined;
  apiUrl: string;
  port: number;
  host: string;
  allowedOrigins: string[];
  /** Current secret first, the previous one (during rotation) second. Empty: derived from the key. */
  proxySecrets: string[];
  identitySecrets: string[];
  trustedProxyHops: number;
  rateLimits: { visitor: RateLimitRule; global: RateLimitRule } | false;
  /** Redis that several instances share their rate-limit counts through (the `redis` package must be installed). */
  redisUrl: string | undefined;
  /** `GET /metrics`, off unless TOTEBOT_METRICS=on or a token is set; with a token, only for its bearer. */
  metrics: { token: string | undefined } | false;
  /** How long running streams may take to finish on SIGTERM before they are cut. */
  shutdownGraceMs: number;
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

const secrets = (...values: (string | undefined)[]) => values.filter((value): value is string => Boolean(value));

function readRateLimits(env: Env): ProxySettings['rateLimits'] {
  const switchValue = (env.TOTEBOT_RATE_LIMIT || 'on').trim().toLowerCase();
  if (switchValue === 'off') return false;
  if (switchValue !== 'on') throw new Error(`TOTEBOT_RATE_LIMIT must be "on" or "off", got "${env.TOTEBOT_RATE_LIMIT}".`);
  return {
    visitor: env.TOTEBOT_RATE_LIMIT_VISITOR
      ? parseRateLimitRule(env.TOTEBOT_RATE_LIMIT_VISITOR, 'TOTEBOT_RATE_LIMIT_VISITOR')
      : DEFAULT_VISITOR_LIMIT,
    global: env.TOTEBOT_RATE_LIMIT_GLOBAL
      ? parseRateLimitRule(env.TOTEBOT_RATE_LIMIT_GLOBAL, 'TOTEBOT_RATE_LIMIT_GLOBAL')
      : DEFAULT_GLOBAL_LIMIT,
  };
}

function readMetrics(env: Env): ProxySettings['metrics'] {
  const token = env.TOTEBOT_METRICS_TOKEN || undefined;
  const switchValue = (env.TOTEBOT_METRICS || (token ? 'on' : 'off')).trim().toLowerCase();
  if (switchValue !== 'on' && switchValue !== 'off') throw new Error(`TOTEBOT_METRICS must be "on" or "off", got "${env.TOTEBOT_METRICS}".`);
  if (switchValue === 'off') {
    if (token) throw new Error('TOTEBOT_METRICS=off contradicts TOTEBOT_METRICS_TOKEN: unset one of them.');
    return false;
  }
  if (token !== undefined && !/^[\x21-\x7e]{16,256}$/.test(token)) {
    throw new Error('TOTEBOT_METRICS_TOKEN must be 16 to 256 printable characters without spaces.');
  }
  return { token };
}

export function readSettings(env: Env): ProxySettings {
  return {
    apiKey: env.TOTEBOT_API_KEY || undefined,
    apiUrl: env.TOTEBOT_API_URL || DEFAULT_API_URL,
    port: readNumber(env.PORT, 8787, 'PORT', 65_535),
    host: env.HOST || '127.0.0.1',
    allowedOrigins: parseOriginList(env.ALLOWED_ORIGINS),
    proxySecrets: secrets(env.TOTEBOT_PROXY_SECRET, env.TOTEBOT_PROXY_PREVIOUS_SECRET),
    identitySecrets: secrets(env.TOTEBOT_IDENTITY_SECRET, env.TOTEBOT_IDENTITY_PREVIOUS_SECRET),
    trustedProxyHops: readNumber(env.TOTEBOT_TRUST_PROXY, 0, 'TOTEBOT_TRUST_PROXY', 10),
    rateLimits: readRateLimits(env),
    redisUrl: env.TOTEBOT_REDIS_URL || undefined,
    metrics: readMetrics(env),
    shutdownGraceMs: readNumber(env.TOTEBOT_SHUTDOWN_GRACE_MS, 10_000, 'TOTEBOT_SHUTDOWN_GRACE_MS', 600_000),
    simulatorChunkDelayMs: readNumber(env.TOTEBOT_SIMULATOR_CHUNK_MS, 35, 'TOTEBOT_SIMULATOR_CHUNK_MS', 60_000),
    simulatorToolDelayMs: readNumber(env.TOTEBOT_SIMULATOR_TOOL_MS, 800, 'TOTEBOT_SIMULATOR_TOOL_MS', 60_000),
  };
}

/**
 * The request log as `totebot-proxy` writes it: one JSON line per request on
 * stdout, written a turn later. stdout is synchronous on Node when it is a file or
 * a pipe, and the proxy logs a reply as it hands it over, so a write in place
 * would sit between every chat and its first byte; lines that pile up under load
 * leave in one write. An entry is final when it is logged (the handler writes
 * nothing into it after), so it is serialised when written.
 */
export function createStdoutLog(write: (text: string) => void = (text) => void process.stdout.write(text)): (entry: ProxyLogEntry) => void {
  let pending: ProxyLogEntry[] = [];
  const flush = () => {
    unwritten.delete(flush);
    if (pending.length === 0) return;
    const entries = pending;
    pending = [];
    write(entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  };
  return (entry) => {
    if (pending.length === 0) {
      setImmediate(flush);
      flushOnExit(flush);
    }
    pending.push(entry);
  };
}

/** Logs still waiting when the process exits are written then (synchronously, as stdout is). */
const unwritten = new Set<() => void>();
let exitHooked = false;
function flushOnExit(flush: () => void): void {
  unwritten.add(flush);
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const pending of [...unwritten]) pending();
  });
}

export interface AssembledProxy {
  proxy: TotebotProxy;
  /** Present when no key was given and the simulator stands in for Totebot. */
  simulator?: Simulator;
  /** Lines the operator must see at start. */
  warnings: string[];
}

/** What the Node glue plugs into the proxy besides its settings. */
export interface AssemblyOptions {
  /** The request log; unless given, JSON lines on stdout written a turn later (`createStdoutLog`). */
  log?: (entry: ProxyLogEntry) => void;
  rateLimitStore?: RateLimitStore;
  /** How to reach Totebot with a real key; undici unless given (benchmarks compare clients). */
  upstream?: UpstreamClient;
  /** Where the counters go when `settings.metrics` is on: a new registry unless the caller, which may feed it too, gives one. */
  metrics?: PrometheusMetrics;
}

export function assembleProxy(settings: ProxySettings, { log, rateLimitStore, upstream, metrics }: AssemblyOptions = {}): AssembledProxy {
  const warnings: string[] = [];
  const measured = settings.metrics ? { metrics: metrics ?? createPrometheusMetrics(), token: settings.metrics.token } : undefined;
  const common: Omit<ProxyOptions, 'apiKey'> = {
    ...(rateLimitStore && { rateLimitStore }),
    allowedOrigins: settings.allowedOrigins,
    trustedProxyHops: settings.trustedProxyHops,
    rateLimits: settings.rateLimits,
    ...(settings.proxySecrets.length > 0 && { proxySecrets: settings.proxySecrets }),
    ...(settings.identitySecrets.length > 0 && { identitySecrets: settings.identitySecrets }),
    log: log ?? createStdoutLog(),
    ...(measured && { metrics: measured.metrics.sink, metricsEndpoint: measured.metrics.endpoint(measured.token) }),
  };
  if (settings.metrics && !settings.metrics.token) {
    warnings.push('TOTEBOT_METRICS=on without TOTEBOT_METRICS_TOKEN: GET /metrics answers anyone who reaches this port.');
  }
  if (settings.rateLimits === false) {
    warnings.push('*** TOTEBOT_RATE_LIMIT=off: the proxy does not limit visitors. Use only for benchmarks or trusted internal setups. ***');
  }
  if (settings.proxySecrets.length === 0) {
    warnings.push('TOTEBOT_PROXY_SECRET is not set: conversation tokens are signed with a secret derived from the API key.');
  }
  if (settings.identitySecrets.length === 0) {
    warnings.push('TOTEBOT_IDENTITY_SECRET is not set: visitor identity is forwarded unverified, as a hint.');
  }

  if (settings.apiKey) {
    if (settings.allowedOrigins.length === 0) {
      throw new Error(
        'ALLOWED_ORIGINS is required with a real TOTEBOT_API_KEY: list the store origins that embed the widget, e.g. ALLOWED_ORIGINS=https://www.your-store.example',
      );
    }
    // undici rather than the global fetch: measured in docs/benchmarks.md.
    const reach = upstream ?? createUndiciUpstream();
    return { proxy: createProxy({ ...common, apiKey: settings.apiKey, apiUrl: settings.apiUrl, upstream: reach }), warnings };
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
  warnings.unshift(
    '*** TOTEBOT_API_KEY is not set: using the built-in Totebot SIMULATOR as upstream. ***',
    '*** Replies are simulated. Set TOTEBOT_API_KEY to talk to the real Totebot API.   ***',
  );
  return { proxy, simulator, warnings };
}
