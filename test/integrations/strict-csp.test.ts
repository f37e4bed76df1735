/**
 * The script-tag file on a page with a strict Content Security Policy (no 'unsafe-inline', no
 * 'unsafe-eval', nothing remote), in Chromium, Firefox and WebKit: the widget must render, stream a
 * reply and style itself without one violation. Engines differ in what such a policy blocks (inline
 * styles, constructable stylesheets, CSSOM writes), so each is held to it. The page's error recorder
 * is a same-origin file, so the policy under test stays exactly as strict as a store's.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../scripts/test-browser.mjs';
import { ENGLISH } from '../../src/strings.js';
import { pageErrors, RECORD_PAGE_ERRORS_PATH } from '../support/page-errors.js';
import { failedRequests } from '../support/recorded-server.js';
import { waitFor } from '../support/shopping-session.js';
import { storeShopper } from '../support/store-shopper.js';
import { REPLY, replyState, widgetStyle, widgetTexts } from '../support/widget-page.js';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strict CSP store</title>
<script src="${RECORD_PAGE_ERRORS_PATH}"></script>
<script type="module" src="/totebot-chat.min.js"></script></head>
<body><main><h1>Store</h1></main>
<totebot-chat mode="inline" agent-name="Tote"></totebot-chat>
</body></html>`;

for (const engine of ENGINES) {
  describe(`the script-tag file under a strict CSP in ${engine}`, () => {
    const store = storeShopper(engine, { '/': PAGE }, { headers: { 'content-security-policy': CSP } });

    // A hung driver call fails this engine instead of holding up `npm test`.
    it('renders, streams and styles itself without a single violation', { timeout: 60_000 }, async () => {
      const { server, shopper } = store;
      await shopper.goto(server.url);
      await shopper.send(ENGLISH.messageLabel, 'Do you have a blue tote?');
      const links = () => shopper.run(widgetTexts, { selector: '.markdown a', scope: { selector: REPLY, index: 0 } });
      await waitFor(async () => (await shopper.run(replyState, 0))?.busy === 'false' && (await links()).length > 0, 'a finished reply with a link');
      // Styled by its constructable stylesheet: the header has the brand colour, not the default transparent.
      assert.equal(await shopper.run(widgetStyle, { selector: '.header', property: 'background-color' }), 'rgb(29, 78, 216)');
      assert.deepEqual({ page: await shopper.run(pageErrors, undefined), driver: shopper.errors, server: failedRequests(server) }, { page: [], driver: [], server: [] });
    });
  });
}
