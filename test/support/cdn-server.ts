/**
 * The script-tag build served as a CDN serves it: dist/totebot-chat.min.js and dist/cdn/*.js
 * from an origin of its own, with `Access-Control-Allow-Origin: *` (module chunks are fetched
 * in CORS mode), gzipped when the browser accepts it. Anything else is a 404, so a chunk resolved
 * against the wrong base shows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
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
    const headers: Record<string, string> = { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    const gzip = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
    if (gzip) headers['content-encoding'] = 'gzip';
    return new Response(gzip ? gzipSync(readFileSync(file), { level: 9 }) : readFileSync(file), { headers });
  });
  return Object.assign(server, { requested });
}
