/**
 * The script-tag build through a whole session, in Chromium, Firefox and WebKit: the CDN build's own
 * transforms (marked cut down to the widget's options, terser then Oxc, translations without keys,
 * unquoted template attributes) are not what the browser tests run, which load the sources. The
 * session (test/support/shopping-session.ts) is the same in every engine; each engine gets its own
 * store server, so no engine sees another's conversation.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../scripts/test-browser.mjs';
import { launchShopper } from '../support/launch-shopper.js';
import { RECORD_PAGE_ERRORS } from '../support/page-errors.js';
import type { RecordedServer } from '../support/recorded-server.js';
import { runShoppingSession, type Shopper } from '../support/shopping-session.js';
import { serveStore } from '../support/store-server.js';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Store</title>
<script>${RECORD_PAGE_ERRORS}</script>
<script src="/totebot-chat.min.js" async></script></head>
<body><main><h1>Store</h1></main><totebot-chat agent-name="Tote"></totebot-chat></body></html>`;

for (const engine of ENGINES) {
  describe(`the script-tag build through a whole session in ${engine}`, () => {
    let server: RecordedServer;
    let shopper: Shopper;

    before(async () => {
      server = await serveStore(new URL('../../dist/', import.meta.url), { '/': PAGE });
      shopper = await launchShopper(engine);
    });
    // Bounded too: closing a hung driver must not hold up `npm test` either.
    after(
      async () => {
        await shopper?.close();
        await server?.close();
      },
      { timeout: 30_000 },
    );

    // A hung driver call fails this engine instead of holding up `npm test`.
    it('renders Markdown, cards, the cart, errors, feedback, Undo and a restored log as the sources do', { timeout: 120_000 }, async () => {
      const pageErrors = await runShoppingSession(shopper, server.url);
      const failed = server.answered.filter(({ path, status }) => status >= 400 && path !== '/favicon.ico').map(({ path, status }) => `${path} ${status}`);
      assert.deepEqual({ page: pageErrors, driver: shopper.errors, server: failed }, { page: [], driver: [], server: [] });
    });
  });
}
