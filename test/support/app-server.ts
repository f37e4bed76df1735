/**
 * Integration tests of a store's own app: builds it with Vite (the package's
 * names aliased to dist, as an installed package resolves them), then serves
 * the output and the proxy (simulator behind it) on one 127.0.0.1 origin.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { createProxy, type TotebotProxy } from '../../proxy/handler.js';
import { serve } from '../../proxy/node-adapter.js';
import { createSimulator, SIMULATOR_API_KEY, type Simulator } from '../../proxy/simulator/simulator.js';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' };

/** The proxy with the simulator in-process behind it, limits off, silent: what a test page talks to. */
export function simulatedProxy(simulator: Simulator = createSimulator({ rateLimit: false })): TotebotProxy {
  return createProxy({
    apiKey: SIMULATOR_API_KEY,
    apiUrl: 'http://simulator.invalid',
    upstreamFetch: (request) => simulator.fetch(request),
    rateLimits: false,
    log: () => {},
  });
}

export interface ServedApp {
  url: string;
  outDir: string;
  close(): Promise<void>;
}

export async function buildAndServeApp(appDir: string, aliases: { find: RegExp; replacement: string }[]): Promise<ServedApp> {
  const outDir = mkdtempSync(join(tmpdir(), 'totebot-app-'));
  try {
    await build({
      configFile: false,
      logLevel: 'silent',
      root: join(projectRoot, appDir),
      resolve: { alias: aliases },
      build: { outDir, emptyOutDir: true, target: 'es2022' },
    });
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  const proxy = simulatedProxy();
  const server = await serve(async (request, info) => {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith('/v1/')) return proxy.fetch(request, undefined, info);
    const file = pathname === '/' ? '/index.html' : pathname;
    try {
      return new Response(readFileSync(join(outDir, file)), { headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
  return {
    url: server.url,
    outDir,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
