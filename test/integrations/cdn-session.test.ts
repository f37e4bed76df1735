/**
 * The script-tag build through a whole session, in Chromium, Firefox and WebKit: the CDN build's own
 * transforms (marked cut down to the widget's options, terser then Oxc, translations without keys,
 * unquoted template attributes) are not what the browser tests run, which load the sources. The
 * session (test/support/shopping-session.ts) is the same in every engine; each engine gets its own
 * store server, so no engine sees another's conversation.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../scripts/test-browser.mjs';
import { RECORD_PAGE_ERRORS } from '../support/page-errors.js';
import { failedRequests } from '../support/recorded-server.js';
import { runShoppingSession } from '../support/shopping-session.js';
import { storeShopper } from '../support/store-shopper.js';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Store</title>
<script>${RECORD_PAGE_ERRORS}</script>
<script src="/totebot-chat.min.js" async></script></head>
<body><main><h1>Store</h1></main><totebot-chat agent-name="Tote"></totebot-chat></body></html>`;

for (const engine of ENGINES) {
  describe(`the script-tag build through a whole session in ${engine}`, () => {
    const store = storeShopper(engine, { '/': PAGE });

    // A hung driver call fails this engine instead of holding up `npm test`.
    it('renders Markdown, cards, the cart, errors, feedback, Undo and a restored log as the sources do', { timeout: 120_000 }, async () => {
      const pageErrors = await runShoppingSession(store.shopper, store.server.url);
      assert.deepEqual({ page: pageErrors, driver: store.shopper.errors, server: failedRequests(store.server) }, { page: [], driver: [], server: [] });
    });
  });
}
