/**
 * The demo store's main flow in Debian's Firefox (firefox-esr), driven by
 * puppeteer-core over WebDriver BiDi: open the chat, ask for a blue tote, watch
 * the reply stream with its search chip, add it to the cart, see the page's
 * cart counter move. `>>>` pierces the widget's shadow root (puppeteer's
 * `::-p-aria()` does not, in Firefox).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ensureFirefox } from '../../scripts/find-firefox.mjs';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import { replyState } from '../support/widget-page.js';

describe('demo store, end to end in Firefox', () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    server = await startDemoServer();
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: ensureFirefox(), headless: true });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    page.on('pageerror', (error) => console.error('page error:', error instanceof Error ? error.message : error));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Sends `text` the way a shopper does: typed into the message box, then Enter. */
  async function ask(text: string): Promise<void> {
    await page.waitForSelector('totebot-chat >>> textarea');
    await page.type('totebot-chat >>> textarea', text);
    await page.keyboard.press('Enter');
  }

  it('shows the store and opens the chat from the launcher', async () => {
    await page.goto(server.baseUrl);
    assert.ok((await page.$$eval('.products > li', (items) => items.length)) >= 12);
    assert.equal(await page.$eval('.cart-count', (count) => count.textContent), '0');
    await page.click('totebot-chat >>> button.launcher');
    // The agent's name arrives from /v1/agent, with the panel's chunk that the click fetched. Polled: a
    // `>>>` selector's wait watches the document's mutations, which miss changes inside the shadow root.
    await page.waitForFunction(
      () => {
        const dialog = document.querySelector('totebot-chat')?.shadowRoot?.querySelector<HTMLElement>('[role="dialog"]');
        return dialog && !dialog.hidden && dialog.getAttribute('aria-label') === 'Chat with Tote';
      },
      { polling: 100 },
    );
    // Focus goes to the message box on open, so typing needs no click.
    await page.waitForFunction(() => document.querySelector('totebot-chat')!.shadowRoot!.activeElement?.tagName === 'TEXTAREA');
  });

  it('streams the answer with a live search chip', async () => {
    await ask('Do you have a blue tote?');
    const lengths = new Set<number>();
    const chips = new Set<string>();
    for (let polls = 0; polls < 500; polls += 1) {
      const state = await page.evaluate(replyState, 0);
      if (state) {
        lengths.add(state.text.length);
        state.chips.forEach((chip) => chips.add(chip));
        if (state.busy === 'false') break;
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const final = (await page.evaluate(replyState, 0))!;
    assert.equal(final.busy, 'false');
    assert.ok(chips.has('Searching products…'), `the chip ran (saw ${[...chips].join(', ')})`);
    assert.deepEqual(final.chips, ['Searched products']);
    assert.ok(lengths.size >= 3, `the reply grew in steps (saw ${[...lengths].join(', ')})`);
    assert.match(final.text, /Blue Canvas Tote/);
    const href = await page.$eval('totebot-chat >>> .message.assistant:not(.welcome) a', (link) => link.getAttribute('href'));
    assert.equal(href, `${server.baseUrl}/products/blue-canvas-tote`);
  });

  it('adds to the cart, and the page\'s counter moves', async () => {
    await ask('Add the blue tote to my cart');
    await page.waitForFunction((index) => {
      const reply = document.querySelector('totebot-chat')!.shadowRoot!.querySelectorAll('.message.assistant:not(.welcome)')[index];
      return [...(reply?.querySelectorAll('.chip') ?? [])].some((chip) => chip.textContent!.includes('Added Blue Canvas Tote to your cart'));
    }, { timeout: 10_000 }, 1);
    await page.waitForFunction(() => document.querySelector('.cart-count')?.textContent === '1');
  });
});
