/**
 * A store's pages, the script-tag build and the proxy (simulator behind it) on one 127.0.0.1 origin,
 * as the lazy-loading and whole-session tests of the built files need them.
 */
import { readFileSync } from 'node:fs';
import { simulatedProxy } from './app-server.js';
import { RECORD_PAGE_ERRORS, RECORD_PAGE_ERRORS_PATH } from './page-errors.js';
import { serveRecorded, type RecordedServer } from './recorded-server.js';

export interface StoreOptions {
  /** A promise a script's response waits for (a slow network), if any. */
  hold?: (pathname: string) => Promise<void> | undefined;
  /** Headers on the store's own pages and scripts (a Content Security Policy), not on the proxy's answers. */
  headers?: Record<string, string>;
}

/** `pages`: HTML by path. The store also serves RECORD_PAGE_ERRORS at RECORD_PAGE_ERRORS_PATH. */
export function serveStore(dist: URL, pages: Record<string, string>, { hold = () => undefined, headers = {} }: StoreOptions = {}): Promise<RecordedServer> {
  const proxy = simulatedProxy();
  return serveRecorded(async (request, info) => {
    const { pathname } = new URL(request.url);
    if (Object.hasOwn(pages, pathname)) return new Response(pages[pathname], { headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
    if (pathname === RECORD_PAGE_ERRORS_PATH) return new Response(RECORD_PAGE_ERRORS, { headers: { ...headers, 'content-type': 'text/javascript' } });
    if (pathname === '/totebot-chat.min.js' || /^\/cdn\/[\w-]+\.js$/.test(pathname)) {
      await hold(pathname);
      return new Response(readFileSync(new URL(`.${pathname}`, dist)), { headers: { ...headers, 'content-type': 'text/javascript' } });
    }
    return proxy.fetch(request, undefined, info);
  });
}
