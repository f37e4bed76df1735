/**
 * The script-tag build on a real page: until the shopper shows intent only the
 * launcher's files load, however long the page stays untouched; hovering the
 * launcher fetches the panel; a returning visitor's panel loads while the
 * browser is idle; a page in German fetches the German table and no other.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { RunningServer } from '../../proxy/node-adapter.js';
import { serveStore } from '../support/store-server.js';
import { CHROME_ARGS, ensureChrome } from '../../scripts/find-chrome.mjs';
import { readCdnGraph } from '../../scripts/cdn-graph.js';
import { de } from '../../src/i18n/de.js';

const page = (lang: string, attributes = '') => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>Store</title>
<script type="module" src="/totebot-chat.min.js"></script></head>
<body><main><h1>Store</h1></main><totebot-chat agent-name="Tote"${attributes}></totebot-chat></body></html>`;

describe('the script-tag build loads the panel only on intent', () => {
  let server: RunningServer;
  let browser: Browser;
  const dist = new URL('../../dist/', import.meta.url);
  const graph = readCdnGraph(dist);
  /** While set, the panel chunk's response waits for it: a slow network on the shopper's first tap. */
  let panelHeld: Promise<void> | undefined;

  before(async () => {
    const pages = { '/': page('en'), '/de': page('de'), '/teaser': page('en', ' teaser="Questions about this tote?" teaser-delay="0"') };
    server = await serveStore(dist, pages, { hold: (pathname) => (pathname.includes('chat-panel') ? panelHeld : undefined) });
    browser = await chromium.launch({ executablePath: ensureChrome(), args: CHROME_ARGS });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page in a fresh browser context (or `context`), and the list of script and API paths it requested. */
  async function open(path: string, context?: BrowserContext): Promise<{ page: Page; requested: string[] }> {
    context ??= await browser.newContext();
    const newPage = await context.newPage();
    const requested: string[] = [];
    newPage.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await newPage.goto(new URL(path, server.url).href, { waitUntil: 'load' });
    await newPage.locator('totebot-chat button.launcher').waitFor();
    // Give any eager work a moment to show itself.
    await newPage.waitForTimeout(300);
    return { page: newPage, requested };
  }

  const panelChunk = graph.onIntent.find((file) => file.file.includes('chat-panel'))!.file;

  it('requests only the launcher files before intent, and the panel on hover', async () => {
    const { page: store, requested } = await open('/');
    const atLoad = graph.atLoad.map((file) => `/${file.file}`);
    assert.deepEqual(requested.filter((path) => path.endsWith('.js')).sort(), atLoad.sort());
    assert.equal(await store.getByRole('button', { name: 'Open chat' }).count(), 1);

    // Listening before the hover: the chunk may arrive before hover() returns.
    const panelLoaded = store.waitForResponse((response) => response.url().endsWith(`/${panelChunk}`));
    await store.locator('totebot-chat button.launcher').hover();
    await panelLoaded;
    await store.locator('totebot-chat button.launcher').click();
    await store.getByRole('textbox', { name: 'Message' }).waitFor();
    await store.context().close();
  });

  it('leaves a first-time visitor\'s page untouched for 5 s at the launcher\'s files, idle time included', async () => {
    const { page: store, requested } = await open('/');
    await store.waitForTimeout(5_000);
    const atLoad = graph.atLoad.map((file) => `/${file.file}`);
    assert.deepEqual(requested.filter((path) => path.endsWith('.js')).sort(), atLoad.sort());
    await store.context().close();
  });

  it('loads a returning visitor\'s panel while the browser is idle, with no interaction', async () => {
    const first = await open('/');
    await first.page.locator('totebot-chat button.launcher').click();
    const box = first.page.getByRole('textbox', { name: 'Message' });
    await box.fill('Hello');
    await box.press('Enter');
    await first.page.locator('totebot-chat .message.assistant[aria-busy="false"]:not(.welcome)').waitFor();
    await first.page.close();
    // A new page of the same store, in the same browser profile: the conversation's hint is there.
    const panelLoaded = first.page.context().waitForEvent('response', (response) => response.url().endsWith(`/${panelChunk}`));
    const returning = await open('/', first.page.context());
    await panelLoaded;
    assert.ok(returning.requested.includes(`/${panelChunk}`));
    assert.equal(await returning.page.locator('totebot-chat button.launcher').getAttribute('aria-expanded'), 'false');
    await returning.page.context().close();
  });

  it('shows the panel\'s frame at once on a tap that finds no panel chunk, and fills it when the chunk arrives', async () => {
    let release!: () => void;
    panelHeld = new Promise((resolve) => (release = resolve));
    try {
      const { page: store } = await open('/');
      await store.locator('totebot-chat button.launcher').click();
      const frame = store.locator('totebot-chat section.panel');
      await frame.waitFor({ state: 'visible' });
      const shown = await frame.evaluate((element) => {
        const style = getComputedStyle(element);
        const { width, height } = element.getBoundingClientRect();
        return { width, height, busy: element.getAttribute('aria-busy'), band: `${style.borderTopWidth} ${style.borderTopColor}`, shadow: style.boxShadow };
      });
      assert.ok(shown.width >= 300 && shown.height >= 400, `a panel-sized frame: ${shown.width}×${shown.height}`);
      assert.equal(shown.busy, 'true');
      assert.equal(shown.band, '60px rgb(29, 78, 216)', 'the title bar\'s colour where the bar will be');
      assert.notEqual(shown.shadow, 'none');
      assert.equal(await store.getByRole('textbox', { name: 'Message' }).count(), 0, 'no composer before the chunk');
      release();
      await store.getByRole('textbox', { name: 'Message' }).waitFor();
      assert.equal(await frame.getAttribute('aria-busy'), 'false');
      const header = await store.locator('totebot-chat .header').evaluate((element) => element.getBoundingClientRect().height);
      assert.equal(header, 60, 'the band was as tall as the title bar that replaces it');
      await store.context().close();
    } finally {
      release();
      panelHeld = undefined;
    }
  });

  it('loads the teaser\'s chunk at once on a page that sets a teaser, and the panel only on intent', async () => {
    const { page: store, requested } = await open('/teaser');
    const expected = [...graph.atLoad, ...graph.teaser].map((file) => `/${file.file}`);
    await store.getByRole('button', { name: 'Questions about this tote?' }).waitFor();
    assert.deepEqual(requested.filter((path) => path.endsWith('.js')).sort(), expected.sort());
    await store.getByRole('button', { name: 'Questions about this tote?' }).click();
    await store.getByRole('textbox', { name: 'Message' }).waitFor();
    assert.ok(requested.includes(`/${panelChunk}`));
    await store.context().close();
  });

  it('fetches the German table, and no other, on a German page', async () => {
    const { page: store, requested } = await open('/de');
    await store.getByRole('button', { name: 'Chat öffnen' }).waitFor();
    const translations = requested.filter((path) => graph.translations.some((file) => path === `/${file.file}`));
    assert.equal(translations.length, 1, translations.join(', '));
    assert.match(translations[0]!, /\/de-/);
    assert.ok(!requested.includes(`/${panelChunk}`), 'no panel before intent');
    // The chunk holds the texts alone: the launcher's get their keys at once, the panel's once it has loaded.
    await store.getByRole('button', { name: de.openChat }).click();
    await store.getByRole('textbox', { name: de.messageLabel }).waitFor();
    assert.equal(await store.getByRole('textbox', { name: de.messageLabel }).getAttribute('placeholder'), de.messagePlaceholder);
    await store.getByRole('button', { name: de.newConversation }).waitFor();
    await store.context().close();
  });
});
