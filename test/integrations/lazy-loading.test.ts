/**
 * The script-tag build on a real page: until the shopper shows intent only the
 * launcher's files load; hovering the launcher fetches the panel; a page in
 * German fetches the German table and no other. The browser's idle callback is
 * held back so that "before intent" lasts as long as the test needs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serve, type RunningServer } from '../../proxy/node-adapter.js';
import { simulatedProxy } from '../support/app-server.js';
import { CHROME_ARGS, ensureChrome } from '../../scripts/find-chrome.mjs';
import { readCdnGraph } from '../../scripts/cdn-graph.js';

const page = (lang: string) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>Store</title>
<script type="module" src="/totebot-chat.min.js"></script></head>
<body><main><h1>Store</h1></main><totebot-chat agent-name="Tote"></totebot-chat></body></html>`;

describe('the script-tag build loads the panel only on intent', () => {
  let server: RunningServer;
  let browser: Browser;
  const dist = new URL('../../dist/', import.meta.url);
  const graph = readCdnGraph(dist);

  before(async () => {
    const proxy = simulatedProxy();
    server = await serve(async (request, info) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/' || pathname === '/de') {
        return new Response(page(pathname === '/de' ? 'de' : 'en'), { headers: { 'content-type': 'text/html; charset=utf-8' } });
      }
      if (pathname === '/totebot-chat.min.js' || /^\/cdn\/[\w-]+\.js$/.test(pathname)) {
        return new Response(readFileSync(new URL(`.${pathname}`, dist)), { headers: { 'content-type': 'text/javascript' } });
      }
      return proxy.fetch(request, undefined, info);
    });
    browser = await chromium.launch({ executablePath: ensureChrome(), args: CHROME_ARGS });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page whose idle callbacks never run, and the list of script and API paths it requested. */
  async function open(path: string): Promise<{ page: Page; requested: string[] }> {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      window.requestIdleCallback = () => 0;
    });
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

  it('fetches the German table, and no other, on a German page', async () => {
    const { page: store, requested } = await open('/de');
    await store.getByRole('button', { name: 'Chat öffnen' }).waitFor();
    const translations = requested.filter((path) => graph.translations.some((file) => path === `/${file.file}`));
    assert.equal(translations.length, 1, translations.join(', '));
    assert.match(translations[0]!, /\/de-/);
    assert.ok(!requested.includes(`/${panelChunk}`), 'no panel before intent');
    await store.context().close();
  });
});
