/** `GET /v1/agent`: the agent's public display info only, cached because every visitor shares the upstream budget. */
import { adaptAgent } from '../../src/protocol/adapter.js';
import { jsonResponse } from '../http.js';
import { upstreamJson, type Route } from './route.js';

const AGENT_CACHE_MS = 5 * 60_000;

export const agentRoute: Route = {
  name: 'agent',
  method: 'GET',
  pattern: /^\/v1\/agent$/,
  accept: 'application/json',
  upstreamPath: () => '/v1/agent',
  async prepare({ services }) {
    const cached = services.agentCache;
    return cached && cached.until > services.now() ? { respond: jsonResponse(200, cached.body) } : {};
  },
  async respond(upstream, { services }) {
    services.agentCache = { body: adaptAgent(await upstreamJson(upstream)), until: services.now() + AGENT_CACHE_MS };
    return jsonResponse(200, services.agentCache.body);
  },
};
