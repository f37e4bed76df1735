/**
 * Mounts the proxy under `/v1` in Vite's dev server, so the demo page, the widget
 * and the proxy share one origin. Without a key the simulator stands in; the
 * plugin's `api.simulator` lets tests look at what it recorded.
 */
import type { Plugin } from 'vite';
import { assembleProxy, readSettings, type Env } from './config.js';
import { proxyListener } from './node-adapter.js';
import type { Simulator } from './simulator/simulator.js';

export interface TotebotProxyPluginApi {
  simulator: Simulator | undefined;
}

export function totebotProxyPlugin(env: Env = process.env): Plugin & { api: TotebotProxyPluginApi } {
  const api: TotebotProxyPluginApi = { simulator: undefined };
  return {
    name: 'totebot-proxy',
    api,
    configureServer(server) {
      const { proxy, simulator, warnings } = assembleProxy(readSettings(env), {
        log: (entry) => server.config.logger.info(JSON.stringify(entry)),
      });
      api.simulator = simulator;
      for (const warning of warnings) server.config.logger.warn(warning);
      server.middlewares.use('/v1', proxyListener(proxy));
    },
  };
}
