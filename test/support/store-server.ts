/**
 * A store's pages, the script-tag build and the proxy (simulator behind it) on one 127.0.0.1 origin,
 * as the lazy-loading and whole-session tests of the built files need them.
 */
import { readFileSync } from 'node:fs';
import { simulatedProxy } from './app-server.js';
import { serveRecorded, type RecordedServer } from './recorded-server.js';

/** `pages`: HTML by path. `hold`: a promise a script's response waits for (a slow network), if any. */
export function serveStore(dist: URL, pages: Record<string, string>, hold: (pathname: string) => Promise<void> | undefined = () => undefined): Promise<RecordedServer> {
  const proxy = simulatedProxy();
  return serveRecorded(async (request, info) => {
    const { pathname } = new URL(request.url);
    if (Object.hasOwn(pages, pathname)) return new Response(pages[pathname], { headers: { 'content-type': 'text/html; charset=utf-8' } });
    if (pathname === '/totebot-chat.min.js' || /^\/cdn\/[\w-]+\.js$/.test(pathname)) {
      await hold(pathname);
      return new Response(readFileSync(new URL(`.${pathname}`, dist)), { headers: { 'content-type': 'text/javascript' } });
    }
    return proxy.fetch(request, undefined, info);
  });
}
