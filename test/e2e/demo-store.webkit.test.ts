/**
 * The demo store's main flow in WebKit: WebKitGTK's MiniBrowser, driven by
 * webdriverio through WebKitWebDriver on an Xvfb display of its own (started and
 * stopped here). The shopper's typing goes through Element Send Keys: key actions
 * drop characters in this driver.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { remote } from 'webdriverio';
import { startWebKit, WEBKIT_CAPABILITIES, type RunningWebKit } from '../../scripts/webkit.mjs';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import { replyState } from '../support/widget-page.js';

describe('demo store, end to end in WebKit', () => {
  let server: DemoServer;
  let webkit: RunningWebKit;
  let browser: WebdriverIO.Browser;

  before(async () => {
    server = await startDemoServer();
    webkit = await startWebKit();
    browser = await remote({ hostname: '127.0.0.1', port: webkit.port, capabilities: WEBKIT_CAPABILITIES, logLevel: 'error' });
    await browser.setWindowSize(1280, 900);
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
    await webkit?.stop();
    await server?.close();
  });

  const widget = () => browser.$('totebot-chat');

  /** Sends `text` the way a shopper does: typed into the message box, then Enter. */
  async function ask(text: string): Promise<void> {
    const box = await widget().shadow$('textarea');
    await box.waitForDisplayed();
    await box.addValue(text);
    await box.addValue('\uE007');
  }

  it('shows the store and opens the chat from the launcher', async () => {
    await browser.url(server.baseUrl);
    // WebKitWebDriver answers the navigation once the document is interactive, before its module scripts have run.
    await browser.waitUntil(() => browser.execute(() => document.readyState === 'complete'), { timeoutMsg: 'the store never loaded' });
    assert.ok((await browser.$$('.products > li').length) >= 12);
    assert.equal(await browser.$('.cart-count').getText(), '0');
    await widget().shadow$('button.launcher').click();
    const dialog = await widget().shadow$('[role="dialog"]');
    await dialog.waitForDisplayed();
    // The agent's name arrives from /v1/agent.
    await browser.waitUntil(async () => (await dialog.getAttribute('aria-label')) === 'Chat with Tote', { timeoutMsg: 'no "Chat with Tote" dialog' });
  });

  it('streams the answer with a live search chip', async () => {
    await ask('Do you have a blue tote?');
    const lengths = new Set<number>();
    const chips = new Set<string>();
    for (let polls = 0; polls < 500; polls += 1) {
      const state = await browser.execute(replyState, 0);
      if (state) {
        lengths.add(state.text.length);
        state.chips.forEach((chip) => chips.add(chip));
        if (state.busy === 'false') break;
      }
      await browser.pause(30);
    }
    const final = (await browser.execute(replyState, 0))!;
    assert.equal(final.busy, 'false');
    assert.ok(chips.has('Searching products…'), `the chip ran (saw ${[...chips].join(', ')})`);
    assert.deepEqual(final.chips, ['Searched products']);
    assert.ok(lengths.size >= 3, `the reply grew in steps (saw ${[...lengths].join(', ')})`);
    assert.match(final.text, /Blue Canvas Tote/);
    const link = await widget().shadow$('.message.assistant:not(.welcome) a');
    assert.equal(await link.getAttribute('href'), `${server.baseUrl}/products/blue-canvas-tote`);
  });

  it('adds to the cart, and the page\'s counter moves', async () => {
    await ask('Add the blue tote to my cart');
    await browser.waitUntil(async () => (await browser.execute(replyState, 1))?.chips.some((chip) => chip.includes('Added Blue Canvas Tote to your cart')) ?? false, {
      timeout: 10_000,
      timeoutMsg: 'no "Added Blue Canvas Tote to your cart" chip',
    });
    await browser.waitUntil(async () => (await browser.$('.cart-count').getText()) === '1', { timeoutMsg: 'the cart counter did not move' });
  });
});
