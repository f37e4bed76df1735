/**
 * The script-tag build served as a CDN serves it: dist/totebot-chat.min.js and dist/cdn/*.js
 * from an origin of its own, with `Access-Control-Allow-Origin: *` (module chunks are fetched
 * in CORS mode), gzipped when the browser accepts it. Anything else is a 404, so a chunk resolved
 * against the wrong base shows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { serveRecorded, type RecordedServer } from './recorded-server.js';

export type CdnServer = RecordedServer;

const SERVED = /^\/(?:totebot-chat\.min\.js|cdn\/[\w-]+\.js)$/;

/** `extra`: more scripts the CDN serves by path (a test's probe, say). */
export function serveCdn(dist: URL, extra: Record<string, string> = {}): Promise<CdnServer> {
  return serveRecorded(async (request) => answer(request, new URL(request.url).pathname));
  function answer(request: Request, pathname: string): Response {
    const file = new URL(`.${pathname}`, dist);
    const served = Object.hasOwn(extra, pathname) ? Buffer.from(extra[pathname]!) : SERVED.test(pathname) && existsSync(file) ? readFileSync(file) : undefined;
    if (!served) return new Response('not found', { status: 404, headers: { 'access-control-allow-origin': '*' } });
    const headers: Record<string, string> = { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    const gzip = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
    if (gzip) headers['content-encoding'] = 'gzip';
    return new Response(gzip ? gzipSync(served, { level: 9 }) : served, { headers });
  }
}
