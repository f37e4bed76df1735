/**
 * The script-tag build on a real page, in Chromium, Firefox and WebKit: until the shopper shows
 * intent only the launcher's files load, however long the page stays untouched; hovering the
 * launcher fetches the panel; a returning visitor's panel loads while the browser is idle (WebKit
 * has no requestIdleCallback, so there the widget's fallback is what runs); a page in German
 * fetches the German table and no other. What was fetched is read from the store server's record,
 * the same in every engine; each engine has its own server, and each test a fresh browser profile.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../../scripts/test-browser.mjs';
import { readCdnGraph } from '../../scripts/cdn-graph.js';
import { de } from '../../src/i18n/de.js';
import { ENGLISH } from '../../src/strings.js';
import { replyState, widgetElement } from '../support/widget-page.js';
import { waitFor } from '../support/shopping-session.js';
import { storeShopper } from '../support/store-shopper.js';

const page = (lang: string, attributes = '') => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>Store</title>
<script type="module" src="/totebot-chat.min.js"></script></head>
<body><main><h1>Store</h1></main><totebot-chat agent-name="Tote"${attributes}></totebot-chat></body></html>`;

const PAGES = { '/': page('en'), '/de': page('de'), '/teaser': page('en', ' teaser="Questions about this tote?" teaser-delay="0"') };
const TEASER = 'Questions about this tote?';

const graph = readCdnGraph(new URL('../../dist/', import.meta.url));
const panelChunk = `/${graph.onIntent.find((file) => file.file.includes('chat-panel'))!.file}`;
const atLoad = graph.atLoad.map((file) => `/${file.file}`).sort();
const scripts = (paths: string[]) => paths.filter((path) => path.endsWith('.js')).sort();

for (const engine of ENGINES) {
  describe(`the script-tag build loads the panel only on intent in ${engine}`, () => {
    /** While set, the panel chunk's response waits for it: a slow network on the shopper's first tap. */
    let panelHeld: Promise<void> | undefined;
    const store = storeShopper(engine, PAGES, { hold: (pathname) => (pathname.includes('chat-panel') ? panelHeld : undefined) }, { eachTest: true });

    /** Loads `path` (in a new tab of the same profile with `revisit`); resolves with a reader of the paths the store answered since. */
    async function open(path: string, { revisit = false } = {}): Promise<() => string[]> {
      const { server, shopper } = store;
      const from = server.answered.length;
      const url = new URL(path, server.url).href;
      await (revisit ? shopper.revisit(url) : shopper.goto(url));
      await waitFor(async () => (await shopper.run(widgetElement, { selector: 'button.launcher' }))?.shown, 'the launcher');
      // Give any eager work a moment to show itself.
      await new Promise((resolve) => setTimeout(resolve, 300));
      return () => server.answered.slice(from).map((answer) => answer.path);
    }
    const fetched = (requested: () => string[], path: string) => waitFor(async () => requested().includes(path), `a request for ${path}`);
    const textbox = (name: string) => waitFor(async () => (await store.shopper.count(name, undefined, 'textbox')) === 1, `one text box "${name}"`);
    const button = (name: string) => waitFor(async () => (await store.shopper.count(name)) === 1, `one button "${name}"`);

    // A hung driver call fails this engine instead of holding up `npm test`.
    it('requests only the launcher files before intent, and the panel on hover', { timeout: 60_000 }, async () => {
      const requested = await open('/');
      assert.deepEqual(scripts(requested()), atLoad);
      assert.equal(await store.shopper.count(ENGLISH.openChat), 1);
      await store.shopper.hover(ENGLISH.openChat);
      await fetched(requested, panelChunk);
      await store.shopper.press(ENGLISH.openChat);
      await textbox(ENGLISH.messageLabel);
    });

    it("leaves a first-time visitor's page untouched for 5 s at the launcher's files, idle time included", { timeout: 60_000 }, async () => {
      const requested = await open('/');
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      assert.deepEqual(scripts(requested()), atLoad);
    });

    it("loads a returning visitor's panel while the browser is idle, with no interaction", { timeout: 60_000 }, async () => {
      const { shopper } = store;
      await open('/');
      await shopper.press(ENGLISH.openChat);
      await shopper.send(ENGLISH.messageLabel, 'Hello');
      await waitFor(async () => (await shopper.run(replyState, 0))?.busy === 'false', 'the reply');
      // A new tab of the same store, in the same browser profile: the conversation's hint is there.
      const requested = await open('/', { revisit: true });
      await fetched(requested, panelChunk);
      const launcher = await shopper.run(widgetElement, { selector: 'button.launcher', attributes: ['aria-expanded'] });
      assert.equal(launcher?.attributes['aria-expanded'], 'false');
    });

    it("shows the panel's frame at once on a tap that finds no panel chunk, and fills it when the chunk arrives", { timeout: 60_000 }, async () => {
      let release!: () => void;
      panelHeld = new Promise((resolve) => (release = resolve));
      try {
        const { shopper } = store;
        await open('/');
        await shopper.press(ENGLISH.openChat);
        const frame = () => shopper.run(widgetElement, { selector: 'section.panel', attributes: ['aria-busy'], properties: ['border-top-width', 'border-top-color', 'box-shadow'] });
        const shown = await waitFor(async () => {
          const found = await frame();
          return found?.shown && found;
        }, 'the panel frame');
        assert.ok(shown.width >= 300 && shown.height >= 400, `a panel-sized frame: ${shown.width}×${shown.height}`);
        assert.equal(shown.attributes['aria-busy'], 'true');
        assert.equal(`${shown.styles['border-top-width']} ${shown.styles['border-top-color']}`, '60px rgb(29, 78, 216)', "the title bar's colour where the bar will be");
        assert.notEqual(shown.styles['box-shadow'], 'none');
        assert.equal(await shopper.count(ENGLISH.messageLabel, undefined, 'textbox'), 0, 'no composer before the chunk');
        release();
        await textbox(ENGLISH.messageLabel);
        assert.equal((await frame())?.attributes['aria-busy'], 'false');
        const header = await shopper.run(widgetElement, { selector: '.header' });
        assert.equal(header?.height, 60, 'the band was as tall as the title bar that replaces it');
      } finally {
        release();
        panelHeld = undefined;
      }
    });

    it("loads the teaser's chunk at once on a page that sets a teaser, and the panel only on intent", { timeout: 60_000 }, async () => {
      const requested = await open('/teaser');
      const expected = [...graph.atLoad, ...graph.teaser].map((file) => `/${file.file}`).sort();
      await button(TEASER);
      assert.deepEqual(scripts(requested()), expected);
      await store.shopper.press(TEASER);
      await textbox(ENGLISH.messageLabel);
      assert.ok(requested().includes(panelChunk));
    });

    it('fetches the German table, and no other, on a German page', { timeout: 60_000 }, async () => {
      const { shopper } = store;
      const requested = await open('/de');
      await button(de.openChat);
      const translations = requested().filter((path) => graph.translations.some((file) => path === `/${file.file}`));
      assert.equal(translations.length, 1, translations.join(', '));
      assert.match(translations[0]!, /\/de-/);
      assert.ok(!requested().includes(panelChunk), 'no panel before intent');
      // The chunk holds the texts alone: the launcher's get their keys at once, the panel's once it has loaded.
      await shopper.press(de.openChat);
      await textbox(de.messageLabel);
      const box = await shopper.run(widgetElement, { selector: `[aria-label="${de.messageLabel}"]`, attributes: ['placeholder'] });
      assert.equal(box?.attributes.placeholder, de.messagePlaceholder);
      await button(de.newConversation);
    });
  });
}
