/**
 * End-to-end tests: the Vite dev server `npm start` runs (demo store + widget +
 * proxy + simulator) on a free 127.0.0.1 port, at a model-like pace so that
 * streaming and running chips can be seen.
 */
import { createServer } from 'vite';
import type { TotebotProxyPluginApi } from '../../proxy/vite-plugin.js';

export interface DemoServer {
  /** The store's URL, without a trailing slash. */
  baseUrl: string;
  plugin: TotebotProxyPluginApi;
  close(): Promise<void>;
}

export async function startDemoServer(): Promise<DemoServer> {
  process.env.TOTEBOT_SIMULATOR_CHUNK_MS = '15';
  process.env.TOTEBOT_SIMULATOR_TOOL_MS = '500';
  const server = await createServer({
    configFile: new URL('../../vite.config.ts', import.meta.url).pathname,
    server: { host: '127.0.0.1', port: 0, strictPort: false },
    logLevel: 'silent',
  });
  await server.listen();
  const plugin = (server.config.plugins.find((entry) => entry.name === 'totebot-proxy') as unknown as { api: TotebotProxyPluginApi }).api;
  return { baseUrl: server.resolvedUrls!.local[0]!.replace(/\/$/, ''), plugin, close: () => server.close() };
}
