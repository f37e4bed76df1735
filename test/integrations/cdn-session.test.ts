/**
 * The script-tag build through a whole session: the CDN build's own transforms (marked cut down to
 * the widget's options, terser then Oxc, translations without keys, unquoted template attributes)
 * are not what the browser tests run, which load the sources. A long Markdown reply, product cards,
 * a quick reply that adds to the cart, a failed reply and Retry, feedback, a new conversation and
 * Undo, then a reload that restores the log.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { RunningServer } from '../../proxy/node-adapter.js';
import { serveStore } from '../support/store-server.js';
import { CHROME_ARGS, ensureChrome } from '../../scripts/find-chrome.mjs';
import { ENGLISH } from '../../src/strings.js';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Store</title>
<script src="/totebot-chat.min.js" async></script></head>
<body><main><h1>Store</h1></main><totebot-chat agent-name="Tote"></totebot-chat></body></html>`;

describe('the script-tag build through a whole session', () => {
  let server: RunningServer;
  let browser: Browser;
  const dist = new URL('../../dist/', import.meta.url);

  before(async () => {
    server = await serveStore(dist, { '/': PAGE });
    browser = await chromium.launch({ executablePath: ensureChrome(), args: CHROME_ARGS });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The last finished reply, once it has finished. */
  async function ask(page: Page, question: string): Promise<Locator> {
    const box = page.getByRole('textbox', { name: ENGLISH.messageLabel });
    const before = await page.locator('totebot-chat .message.assistant:not(.welcome)').count();
    await box.fill(question);
    await box.press('Enter');
    const reply = page.locator('totebot-chat .message.assistant:not(.welcome)').nth(before);
    await reply.and(page.locator('[aria-busy="false"]')).waitFor();
    return reply;
  }

  it('renders Markdown, cards, the cart, errors, feedback, Undo and a restored log as the sources do', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) errors.push(`${response.url()} ${response.status()}`);
    });
    await page.goto(server.url, { waitUntil: 'load' });
    await page.getByRole('button', { name: ENGLISH.openChat }).click();

    // Every kind of block the simulator's long answer has, built by the cut-down marked.
    const longReply = await ask(page, 'Tell me everything about caring for bags');
    const long = longReply.locator('.markdown');
    assert.deepEqual(await long.locator('h3, h4').allTextContents(), ['Caring for your bags', 'Everyday care', 'Cleaning by material', 'Leather conditioner', 'Repairs']);
    assert.deepEqual(await long.locator('thead th').allTextContents(), ['Material', 'Cleaning', 'Avoid']);
    assert.equal(await long.locator('tbody tr').count(), 4);
    assert.equal(await long.locator('pre code[data-language="text"]').count(), 1);
    assert.match((await long.locator('pre code').textContent()) ?? '', /^1\. Wipe off dust with a dry cloth\.\n2\./);
    assert.equal(await long.locator('strong').first().textContent(), 'two-year warranty');
    assert.equal(await long.locator('a[href="mailto:support@example.com"]').count(), 1);
    assert.match((await long.locator('blockquote').textContent()) ?? '', /^Tip: a bag that is used every day/);

    // Product cards and a quick reply that adds the product to the cart.
    const found = await ask(page, 'Do you have a blue tote?');
    assert.ok((await found.locator('[part="product"]').count()) > 0, 'product cards');
    assert.equal(await found.locator('.chip.done').count(), 1, 'the search chip');
    await found.getByRole('button', { name: 'Yes, add it' }).click();
    const added = page.locator('totebot-chat .message.assistant:not(.welcome)').last();
    await added.locator('[part="cart"]').waitFor();
    await added.and(page.locator('[aria-busy="false"]')).waitFor();

    // A failed reply says so in the widget's words, with Retry; feedback on a finished one is sent.
    const failed = await ask(page, 'please fail');
    assert.equal(await failed.locator('[part="error"] span').textContent(), ENGLISH.errorUnavailable);
    assert.equal(await failed.getByRole('button', { name: ENGLISH.retry }).count(), 1);
    await longReply.getByRole('button', { name: ENGLISH.helpful, exact: true }).click();
    await page.waitForFunction(() => document.querySelector('totebot-chat')?.shadowRoot?.querySelector('[part="feedback-button"][aria-pressed="true"]'));

    // A new conversation, then Undo brings the log back.
    const count = await page.locator('totebot-chat .message').count();
    await page.getByRole('button', { name: ENGLISH.newConversation }).click();
    await page.getByRole('button', { name: ENGLISH.undo }).click();
    await page.waitForFunction((expected) => document.querySelector('totebot-chat')?.shadowRoot?.querySelectorAll('.message').length === expected, count);

    // A reload restores the log (the panel was open, so it opens again), its Markdown rendered again.
    await page.reload({ waitUntil: 'load' });
    await page.locator('totebot-chat .message .markdown table').waitFor();
    assert.equal(await page.locator('totebot-chat .message .markdown tbody tr').count(), 4);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
