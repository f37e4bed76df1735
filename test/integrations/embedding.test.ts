/**
 * The built script-tag file, served from a CDN origin other than the page's, embedded in every
 * way store platforms and tag managers do it. Each page must load the widget, open it, chat and
 * stream; every chunk must come from the CDN (resolved against the script's own URL), nothing
 * may fail to load or throw, and the page's global scope gains nothing but Lit's registries and
 * at most one totebot-named entry.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serve, type RunningServer } from '../../proxy/node-adapter.js';
import { createSimulator, type Simulator } from '../../proxy/simulator/simulator.js';
import { simulatedProxy } from '../support/app-server.js';
import { serveCdn, type CdnServer } from '../support/cdn-server.js';
import { ELEMENT, EMBEDDINGS, LIT_GLOBALS, storeCsp, storePageHtml, type Embedding } from '../support/embeddings.js';
import { CHROME_ARGS, ensureChrome } from '../../scripts/find-chrome.mjs';

/** What a page saw: its failed requests, errors, CSP violations and the scripts it fetched. */
interface PageRecord {
  page: Page;
  scripts: string[];
  failures: string[];
  errors: string[];
}

describe('the script-tag file, served from another origin, embedded every way a store does it', () => {
  let pageServer: RunningServer;
  let cdn: CdnServer;
  let browser: Browser;
  let simulator: Simulator;
  const pages = new Map<string, { html: string; csp?: string }>();

  before(async () => {
    cdn = await serveCdn(new URL('../../dist/', import.meta.url));
    simulator = createSimulator({ rateLimit: false });
    const proxy = simulatedProxy(simulator);
    pageServer = await serve(async (request, info) => {
      const { pathname } = new URL(request.url);
      const stored = pages.get(pathname);
      if (stored) {
        const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
        if (stored.csp) headers['content-security-policy'] = stored.csp;
        return new Response(stored.html, { headers });
      }
      if (pathname === '/favicon.ico') return new Response(null, { status: 204 });
      return proxy.fetch(request, undefined, info);
    });
    browser = await chromium.launch({ executablePath: ensureChrome(), args: CHROME_ARGS });
  });
  after(async () => {
    await browser?.close();
    await pageServer?.close();
    await cdn?.close();
  });

  /** Serves a store page at a path of its own. */
  function storePage(parts: Omit<Embedding, 'id'>): string {
    const path = `/${pages.size}`;
    pages.set(path, { html: storePageHtml(parts, `${cdn.url}/totebot-chat.min.js`), csp: parts.csp ? storeCsp(cdn.url) : undefined });
    return new URL(path, pageServer.url).href;
  }

  async function visit(url: string): Promise<PageRecord> {
    const context = await browser.newContext();
    // Before any page script: the global names the page starts with, kept under a symbol (not a name).
    await context.addInitScript(() => {
      const record = { names: Object.getOwnPropertyNames(window), violations: [] as string[] };
      Object.defineProperty(window, Symbol.for('totebot-test'), { value: record });
      document.addEventListener('securitypolicyviolation', (event) => record.violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    const page = await context.newPage();
    const record: PageRecord = { page, scripts: [], failures: [], errors: [] };
    page.on('request', (request) => {
      if (request.resourceType() === 'script') record.scripts.push(request.url());
    });
    page.on('requestfailed', (request) => record.failures.push(`${request.url()} ${request.failure()?.errorText}`));
    page.on('response', (response) => {
      if (response.status() >= 400) record.failures.push(`${response.url()} ${response.status()}`);
    });
    page.on('pageerror', (error) => record.errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') record.errors.push(`${message.type()}: ${message.text()}`);
    });
    await page.goto(url, { waitUntil: 'load' });
    return record;
  }

  async function chat(page: Page, question = 'Do you have a blue tote?'): Promise<void> {
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill(question);
    await box.press('Enter');
    await page.locator('totebot-chat .message.assistant[aria-busy="false"]:not(.welcome) .markdown a').first().waitFor();
  }

  /** Names the page's global scope gained since it started, Lit's registries aside. */
  async function addedGlobals(page: Page): Promise<string[]> {
    const added = await page.evaluate(() => {
      const { names } = (window as unknown as Record<symbol, { names: string[] }>)[Symbol.for('totebot-test')]!;
      const before = new Set(names);
      return Object.getOwnPropertyNames(window).filter((name) => !before.has(name));
    });
    // The page's own scripts declare nothing, so Lit's registries must show: the comparison sees what was added.
    assert.ok(added.includes('litHtmlVersions'), `the page gained ${added.join(', ')}`);
    return added.filter((name) => !LIT_GLOBALS.has(name));
  }

  for (const embedding of EMBEDDINGS) {
    it(`${embedding.name}: loads, opens, chats and streams, with every chunk from the CDN`, async () => {
      const { page, scripts, failures, errors } = await visit(storePage(embedding));
      await page.locator('totebot-chat button.launcher').click();
      await chat(page);

      assert.equal(await page.locator('totebot-chat').count(), 1);
      assert.equal(await page.locator('totebot-chat button.launcher').count(), 1, 'one launcher');
      assert.ok(scripts.some((url) => /\/cdn\/chat-panel-[\w-]+\.js$/.test(url)), 'the panel chunk was fetched');
      const elsewhere = scripts.filter((url) => !url.startsWith(`${cdn.url}/`));
      assert.deepEqual(elsewhere, [], 'every script comes from the CDN');
      assert.deepEqual(failures, []);
      assert.deepEqual(errors, []);
      const violations = await page.evaluate(() => (window as unknown as Record<symbol, { violations: string[] }>)[Symbol.for('totebot-test')]!.violations);
      assert.deepEqual(violations, []);
      const added = await addedGlobals(page);
      assert.ok(added.length <= 1 && added.every((global) => /totebot/i.test(global)), `globals added: ${added.join(', ')}`);
      await page.context().close();
    });
  }

  it('counts as a failure a chunk the CDN does not have (the check can fail)', async () => {
    const url = storePage({ name: 'a script whose launcher chunk is missing', head: `<script src="${cdn.url}/cdn/missing.js"></script>`, body: ELEMENT });
    const { page, failures } = await visit(url);
    assert.ok(failures.some((failure) => failure.includes('/cdn/missing.js 404')), failures.join('\n'));
    await page.context().close();
  });

  it('honours properties and attributes set before the element upgrades', async () => {
    const url = storePage({
      name: 'set before upgrade',
      body: `<totebot-chat id="chat"></totebot-chat>
        <script>
          (function () {
            var chat = document.getElementById('chat');
            chat.setAttribute('agent-name', 'Tote');
            chat.identity = { id: 'u_early', name: 'Ana' };
            chat.strings = { openChat: 'Ask Tote' };
            chat.suggestions = ['Do you have a blue tote?'];
          })();
        </script>
        <script defer src="{cdn}"></script>`,
    });
    const { page, errors } = await visit(url);
    await page.getByRole('button', { name: 'Ask Tote' }).click();
    await page.getByRole('button', { name: 'Do you have a blue tote?' }).click();
    await page.locator('totebot-chat .message.assistant[aria-busy="false"]:not(.welcome) .markdown a').first().waitFor();
    assert.equal(await page.locator('totebot-chat .title').textContent(), 'Tote');
    const sent = simulator.stats.requests.filter((request) => request.path === '/v1/chat').at(-1);
    assert.deepEqual(sent?.identity, { id: 'u_early', name: 'Ana' });
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('runs methods called before the file has loaded through customElements.whenDefined', async () => {
    const url = storePage({
      name: 'methods before load',
      body: `<totebot-chat agent-name="Tote"></totebot-chat>
        <script>
          customElements.whenDefined('totebot-chat').then(function () {
            var chat = document.querySelector('totebot-chat');
            chat.identify({ id: 'u_whendefined' });
            chat.open();
            chat.send('Do you have a blue tote?');
          });
        </script>
        <script async src="{cdn}"></script>`,
    });
    const { page, errors } = await visit(url);
    await page.locator('totebot-chat .message.assistant[aria-busy="false"]:not(.welcome) .markdown a').first().waitFor();
    assert.equal(await page.locator('totebot-chat button.launcher').getAttribute('aria-expanded'), 'true', 'the panel is open');
    const sent = simulator.stats.requests.filter((request) => request.path === '/v1/chat').at(-1);
    assert.deepEqual(sent?.identity, { id: 'u_whendefined' });
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
