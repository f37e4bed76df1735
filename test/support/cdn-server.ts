/**
 * The script-tag build served as a CDN serves it: dist/totebot-chat.min.js and dist/cdn/*.js
 * from an origin of its own, with `Access-Control-Allow-Origin: *` (module chunks are fetched
 * in CORS mode). Anything else is a 404, so a chunk resolved against the wrong base shows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { serve, type RunningServer } from '../../proxy/node-adapter.js';

export interface CdnServer extends RunningServer {
  /** Paths requested of it, in order. */
  readonly requested: string[];
}

const SERVED = /^\/(?:totebot-chat\.min\.js|cdn\/[\w-]+\.js)$/;

export async function serveCdn(dist: URL): Promise<CdnServer> {
  const requested: string[] = [];
  const server = await serve(async (request) => {
    const { pathname } = new URL(request.url);
    requested.push(pathname);
    const file = new URL(`.${pathname}`, dist);
    if (!SERVED.test(pathname) || !existsSync(file)) return new Response('not found', { status: 404, headers: { 'access-control-allow-origin': '*' } });
    return new Response(readFileSync(file), {
      headers: { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*', 'cache-control': 'no-store' },
    });
  });
  return Object.assign(server, { requested });
}
