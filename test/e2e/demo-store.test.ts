/**
 * The scenario of the foundation issue, end to end: the same Vite dev server
 * `npm start` runs (demo store + widget + proxy + simulator), driven in Debian's
 * Chromium with playwright-core. The same flow runs in Firefox and WebKit
 * (demo-store.firefox.test.ts, demo-store.webkit.test.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROME_ARGS, ensureChrome } from '../../scripts/find-chrome.mjs';
import type { TotebotProxyPluginApi } from '../../proxy/vite-plugin.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

describe('demo store, end to end', () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let plugin: TotebotProxyPluginApi;

  before(async () => {
    server = await startDemoServer();
    ({ baseUrl, plugin } = server);
    browser = await chromium.launch({
      executablePath: ensureChrome(),
      args: CHROME_ARGS.filter((flag) => !flag.startsWith('--headless')),
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const reply = (index: number) => page.locator('totebot-chat .message.assistant:not(.welcome)').nth(index);
  const messageBox = () => page.getByRole('textbox', { name: 'Message' });

  it('shows the store with the launcher in the corner', async () => {
    await page.goto(baseUrl);
    assert.ok((await page.locator('.products > li').count()) >= 12);
    assert.equal(await page.locator('.cart-count').textContent(), '0');
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
  });

  it('streams a product answer word by word with a live search chip', async () => {
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('dialog', { name: 'Chat with Tote' }).waitFor();
    await messageBox().fill('do you have a blue tote?');
    await messageBox().press('Enter');

    await page.locator('totebot-chat .chip', { hasText: 'Searching products…' }).waitFor({ timeout: 5000 });
    const lengths = new Set<number>();
    const markdown = reply(0).locator('.markdown');
    await markdown.waitFor();
    while ((await reply(0).getAttribute('aria-busy')) === 'true') {
      lengths.add(((await markdown.textContent()) ?? '').length);
      await page.waitForTimeout(30);
    }
    assert.ok(lengths.size >= 3, `the reply grew in steps (saw ${[...lengths].join(', ')})`);
    await page.locator('totebot-chat .chip', { hasText: 'Searched products' }).waitFor();
    const link = reply(0).getByRole('link', { name: 'Blue Canvas Tote', exact: true });
    assert.equal(await link.getAttribute('href'), `${baseUrl}/products/blue-canvas-tote`);
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer nofollow');
    assert.ok((await reply(0).locator('.markdown ul > li').count()) >= 2);
  });

  it('adds to the cart through an action the page hears', async () => {
    await messageBox().fill('add the blue tote to my cart');
    await messageBox().press('Enter');
    await reply(1).locator('.chip', { hasText: 'Added Blue Canvas Tote to your cart' }).waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('.cart-count')?.textContent === '1');
  });

  it('keeps a thumbs-up pressed and records it upstream', async () => {
    const helpful = reply(0).getByRole('button', { name: 'Helpful', exact: true });
    await helpful.click();
    await page.waitForFunction(
      () =>
        document
          .querySelector('totebot-chat')!
          .shadowRoot!.querySelector('.message.assistant:not(.welcome) [aria-label="Helpful"]')
          ?.getAttribute('aria-pressed') === 'true',
    );
    const conversationId = await page.evaluate(() => document.querySelector('totebot-chat')!.conversationId!);
    const messages = plugin.simulator!.conversation(conversationId)!.messages;
    const firstReply = messages.find((message) => message.role === 'assistant')!;
    for (let attempt = 0; attempt < 50 && firstReply.feedback !== 'POSITIVE'; attempt += 1) await page.waitForTimeout(20);
    assert.equal(firstReply.feedback, 'POSITIVE');
  });

  it('reopens onto the same conversation after a reload and continues it', async () => {
    const conversationId = await page.evaluate(() => document.querySelector('totebot-chat')!.conversationId!);
    await page.reload();
    await page.getByRole('dialog', { name: 'Chat with Tote' }).waitFor();
    await reply(1).locator('.markdown').waitFor();
    assert.equal(await page.locator('totebot-chat .message.user').count(), 2);
    assert.match((await reply(1).locator('.markdown').textContent()) ?? '', /added the Blue Canvas Tote/);
    assert.equal(await reply(0).getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed'), 'true');

    await messageBox().fill('hello');
    await messageBox().press('Enter');
    await page.waitForFunction(
      () => document.querySelector('totebot-chat')!.shadowRoot!.querySelectorAll('.message.assistant.complete').length === 3,
    );
    assert.equal(await page.evaluate(() => document.querySelector('totebot-chat')!.conversationId), conversationId);
    assert.equal(plugin.simulator!.conversation(conversationId)!.messages.length, 6);
  });

  it('lets a store owner switch theme, language, position, colour and suggestions, kept in the address', async () => {
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await fresh.goto(baseUrl);
      const widget = fresh.locator('totebot-chat');
      const launcher = fresh.locator('totebot-chat button.launcher');
      await launcher.waitFor();
      // The demo offers its suggested questions from the start.
      assert.match((await widget.getAttribute('suggestions')) ?? '', /blue tote/);

      await fresh.getByLabel('Theme').selectOption('dark');
      await fresh.getByLabel('Language').selectOption('ar');
      await fresh.getByLabel('Position').selectOption('left');
      await fresh.getByLabel('Brand colour').fill('#0f766e');
      await fresh.getByLabel('Suggested questions').uncheck();
      assert.equal(await widget.getAttribute('theme'), 'dark');
      assert.equal(await widget.getAttribute('lang'), 'ar');
      assert.equal(await widget.getAttribute('suggestions'), null);
      const box = (await launcher.boundingBox())!;
      assert.ok(box.x < 200, `launcher at x=${box.x}, not on the left`);
      assert.equal(await launcher.evaluate((button) => getComputedStyle(button).backgroundColor), 'rgb(15, 118, 110)');
      assert.equal(new URL(fresh.url()).search, '?theme=dark&lang=ar&position=left&accent=%230f766e&suggestions=');

      // A reload (or a shared link) shows the same look; the panel speaks Arabic, right to left.
      await fresh.reload();
      await fresh.locator('totebot-chat button.launcher').click();
      const panel = fresh.locator('totebot-chat section.panel');
      await panel.waitFor();
      assert.equal(await panel.getAttribute('dir'), 'rtl');
      assert.equal(await widget.getAttribute('theme'), 'dark');
      assert.equal(await fresh.getByLabel('Brand colour').inputValue(), '#0f766e');
      assert.equal(await fresh.locator('totebot-chat .suggestions').count(), 0);
    } finally {
      await fresh.close();
    }
  });
});
