/**
 * For the embedding check in every engine (test/embedding.browser.test.ts): a CDN origin serving
 * the built script-tag file, and a store origin serving a page per embedding with the proxy and
 * simulator behind its /v1. Each page loads a probe from the CDN first in <head>; the probe drives
 * the widget through its public API and posts what it saw to the test page that framed it.
 */
import { serve, type RunningServer } from '../../proxy/node-adapter.js';
import { simulatedProxy } from './app-server.js';
import { serveCdn, type CdnServer } from './cdn-server.js';
import { EMBEDDINGS, storeCsp, storePageHtml } from './embeddings.js';
import { RECORD_PAGE_ERRORS } from './page-errors.js';

/** Runs in the store page before anything else: no global of its own, only a symbol-keyed record. */
const PROBE = `${RECORD_PAGE_ERRORS}
(function () {
  var names = Object.getOwnPropertyNames(window);
  var errors = window[Symbol.for('totebot.pageErrors')];
  var reported = false;
  function report(result) {
    if (reported) return;
    reported = true;
    result.errors = errors;
    parent.postMessage({ totebotEmbedding: result }, '*');
  }
  setTimeout(function () { report({ failed: 'no reply within 8 s' }); }, 8000);
  customElements.whenDefined('totebot-chat').then(function () {
    var chat = document.querySelector('totebot-chat');
    chat.open();
    return chat.send('Do you have a blue tote?').then(function () { return chat.updateComplete; }).then(function () {
      var root = chat.shadowRoot;
      var replies = root.querySelectorAll('.message.assistant:not(.welcome)');
      var reply = replies[replies.length - 1];
      report({
        elements: document.querySelectorAll('totebot-chat').length,
        launchers: root.querySelectorAll('button.launcher').length,
        opened: chat.opened,
        composer: Boolean(root.querySelector('textarea')),
        status: chat.messages[chat.messages.length - 1].status,
        links: reply ? reply.querySelectorAll('.markdown a').length : 0,
        added: Object.getOwnPropertyNames(window).filter(function (name) { return names.indexOf(name) === -1; }),
        scripts: performance.getEntriesByType('resource').filter(function (entry) { return /\\.js(\\?|$)/.test(entry.name); }).map(function (entry) { return entry.name; })
      });
    });
  }).catch(function (error) { report({ failed: String(error && error.message || error) }); });
})();`;

export interface EmbeddingServers {
  store: RunningServer;
  cdn: CdnServer;
  close(): Promise<void>;
}

export async function startEmbeddingServers(): Promise<EmbeddingServers> {
  const cdn = await serveCdn(new URL('../../dist/', import.meta.url), { '/probe.js': PROBE });
  const proxy = simulatedProxy();
  const probe = `<script src="${cdn.url}/probe.js"></script>`;
  const pages = new Map(EMBEDDINGS.map((embedding) => [`/${embedding.id}`, embedding]));
  const store = await serve(async (request, info) => {
    const { pathname } = new URL(request.url);
    const embedding = pages.get(pathname);
    if (embedding) {
      const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
      if (embedding.csp) headers['content-security-policy'] = storeCsp(cdn.url);
      return new Response(storePageHtml(embedding, `${cdn.url}/totebot-chat.min.js`, probe), { headers });
    }
    if (pathname === '/favicon.ico') return new Response(null, { status: 204 });
    return proxy.fetch(request, undefined, info);
  });
  return {
    store,
    cdn,
    close: async () => {
      await store.close();
      await cdn.close();
    },
  };
}
