/**
 * `npm run screenshots`: the demo store in light, dark, dark with product cards, a phone (or a narrow
 * window), right to left and a failed reply, written to docs/screenshots/, in Chromium (playwright-core),
 * Firefox (`firefox-*.png`, puppeteer-core) and WebKit (`webkit-*.png`, WebKitGTK's MiniBrowser
 * through webdriverio). Runs the same dev server as
 * `npm start`. `--engine chromium|firefox|webkit` (repeatable) takes only those.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { remote } from 'webdriverio';
import { createServer } from 'vite';
import { CHROME_ARGS, ensureChrome } from './find-chrome.mjs';
import { ensureFirefox } from './find-firefox.mjs';
import { parseEngineArgs } from './test-browser.mjs';
import { startWebKit, WEBKIT_CAPABILITIES } from './webkit.mjs';

const output = new URL('../docs/screenshots/', import.meta.url).pathname;
mkdirSync(output, { recursive: true });

/** What each picture shows: the window, what the page sets on the widget first, and what the shopper asks. */
interface Shot {
  name: string;
  viewport: { width: number; height: number };
  mobile?: boolean;
  attributes?: Record<string, string>;
  questions: string[];
  /** The launcher left closed (the teaser beside it). */
  closed?: boolean;
  /**
   * The log scrolled to its end, as "Jump to latest" would: a reply taller than the log is left at its
   * top, and the cards and quick replies under it would be out of the picture.
   */
  end?: boolean;
}

const desktop = { width: 1280, height: 860 };
const shopping = ['Do you have a blue tote?', 'Add the blue tote to my cart'];
const light: Shot = { name: 'light', viewport: desktop, questions: shopping };
const dark: Shot = { name: 'dark', viewport: desktop, attributes: { theme: 'dark' }, questions: ['Tell me everything about caring for bags'] };
/** Product cards and quick replies in the dark theme (light and mobile show the cart confirmation). */
const cardsDark: Shot = { name: 'cards-dark', viewport: desktop, attributes: { theme: 'dark' }, questions: shopping.slice(0, 1), end: true };
const rtl: Shot = { name: 'rtl', viewport: desktop, attributes: { lang: 'ar' }, questions: ['Do you have a blue tote?'], end: true };
const mobile: Shot = { name: 'mobile', viewport: { width: 390, height: 844 }, mobile: true, questions: shopping };
/** The teaser beside the closed launcher, on a phone. */
const teaser: Shot = {
  name: 'teaser',
  viewport: { width: 390, height: 844 },
  mobile: true,
  attributes: { teaser: 'Looking for a tote? I can help you choose.', 'teaser-delay': '0' },
  questions: [],
  closed: true,
};
/** A failed reply: its error card, with Retry. */
const errors: Shot = { name: 'errors', viewport: desktop, questions: ['please fail'] };
/** MiniBrowser's window is at least 447 px wide: a narrow window rather than a phone's. */
const narrow: Shot = { name: 'narrow', viewport: { width: 460, height: 844 }, questions: shopping };

/** Run in the page: sets the widget's attributes. */
function setAttributes(attributes: Record<string, string>): void {
  const widget = document.querySelector('totebot-chat')!;
  for (const [name, value] of Object.entries(attributes)) widget.setAttribute(name, value);
}

/** Run in the page: whether `count` replies have finished. */
function repliesFinished(count: number): boolean {
  return document.querySelector('totebot-chat')!.shadowRoot!.querySelectorAll('.message.assistant[aria-busy="false"]:not(.welcome)').length === count;
}

/** Run in the page: scrolls the log to its end. */
function scrollLogToEnd(): void {
  const log = document.querySelector('totebot-chat')!.shadowRoot!.querySelector('.messages')!;
  log.scrollTop = log.scrollHeight;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

async function chromiumShots(base: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: ensureChrome(), args: CHROME_ARGS.filter((flag) => !flag.startsWith('--headless')) });
  const shoot = async (shot: Shot) => {
    const context = await browser.newContext({ viewport: shot.viewport, isMobile: shot.mobile ?? false, hasTouch: shot.mobile ?? false });
    const page: Page = await context.newPage();
    await page.goto(base);
    if (shot.attributes) await page.evaluate(setAttributes, shot.attributes);
    if (shot.closed) {
      // The teaser is read as the element connects: connected again, as a page would have it from the start.
      await page.evaluate(() => {
        const widget = document.querySelector('totebot-chat')!;
        widget.remove();
        document.body.append(widget);
      });
      await page.locator('totebot-chat [part~="teaser"]').first().waitFor();
      await settle();
      await page.screenshot({ path: `${output}${shot.name}.png` });
      await context.close();
      console.log(`docs/screenshots/${shot.name}.png`);
      return;
    }
    await page.locator('totebot-chat button.launcher').click();
    const box = page.locator('totebot-chat textarea');
    for (const [index, question] of shot.questions.entries()) {
      await box.fill(question);
      await box.press('Enter');
      await page.waitForFunction(repliesFinished, index + 1);
    }
    if (shot.end) await page.evaluate(scrollLogToEnd);
    await settle();
    await page.screenshot({ path: `${output}${shot.name}.png` });
    await context.close();
    console.log(`docs/screenshots/${shot.name}.png`);
  };
  try {
    for (const shot of [light, dark, cardsDark, mobile, rtl, errors, teaser]) await shoot(shot);
  } finally {
    await browser.close();
  }
}

async function firefoxShots(base: string): Promise<void> {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: ensureFirefox(), headless: true });
  const shoot = async (shot: Shot) => {
    // A context of its own per picture: nothing stored by the one before is restored.
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport(shot.viewport);
    await page.goto(base);
    if (shot.attributes) await page.evaluate(setAttributes, shot.attributes);
    await page.click('totebot-chat >>> button.launcher');
    for (const [index, question] of shot.questions.entries()) {
      // Polled: a `>>>` selector's wait watches the document's mutations, which miss the panel's arrival in the shadow root.
      await page.waitForFunction(() => document.querySelector('totebot-chat')?.shadowRoot?.querySelector('textarea'), { polling: 100 });
      await page.type('totebot-chat >>> textarea', question);
      await page.keyboard.press('Enter');
      await page.waitForFunction(repliesFinished, {}, index + 1);
    }
    if (shot.end) await page.evaluate(scrollLogToEnd);
    await settle();
    await page.screenshot({ path: `${output}firefox-${shot.name}.png` });
    await context.close();
    console.log(`docs/screenshots/firefox-${shot.name}.png`);
  };
  try {
    for (const shot of [light, dark, cardsDark, { ...mobile, mobile: false }, rtl, errors]) await shoot(shot);
  } finally {
    await browser.close();
  }
}

async function webkitShots(base: string): Promise<void> {
  const webkit = await startWebKit();
  // A session of its own per picture: nothing stored by the one before is restored.
  const shoot = async (shot: Shot) => {
    const browser = await remote({ hostname: '127.0.0.1', port: webkit.port, capabilities: WEBKIT_CAPABILITIES, logLevel: 'error' });
    try {
      await browser.setWindowSize(shot.viewport.width, shot.viewport.height);
      await browser.url(base);
      // WebKitWebDriver answers the navigation before the page's module scripts have run.
      await browser.waitUntil(() => browser.execute(() => document.readyState === 'complete'));
      if (shot.attributes) await browser.execute(setAttributes, shot.attributes);
      await browser.$('totebot-chat').shadow$('button.launcher').click();
      for (const [index, question] of shot.questions.entries()) {
        const box = await browser.$('totebot-chat').shadow$('textarea');
        await box.waitForDisplayed();
        // Element Send Keys: key actions drop characters in this driver.
        await box.addValue(question);
        await box.addValue('\uE007');
        await browser.waitUntil(() => browser.execute(repliesFinished, index + 1), { timeout: 15_000 });
      }
      if (shot.end) await browser.execute(scrollLogToEnd);
      await settle();
      await browser.saveScreenshot(`${output}webkit-${shot.name}.png`);
      console.log(`docs/screenshots/webkit-${shot.name}.png`);
    } finally {
      await browser.deleteSession().catch(() => {});
    }
  };
  try {
    for (const shot of [light, dark, cardsDark, narrow, rtl, errors]) await shoot(shot);
  } finally {
    await webkit.stop();
  }
}

const { engines } = parseEngineArgs(process.argv.slice(2), '');
process.env.TOTEBOT_SIMULATOR_CHUNK_MS = '1';
process.env.TOTEBOT_SIMULATOR_TOOL_MS = '10';
// Every picture asks from the same loopback address: the per-visitor limit would answer the later ones 429.
process.env.TOTEBOT_RATE_LIMIT = 'off';
const server = await createServer({
  configFile: new URL('../vite.config.ts', import.meta.url).pathname,
  server: { host: '127.0.0.1', port: 0 },
  logLevel: 'silent',
});
await server.listen();
const base = server.resolvedUrls!.local[0]!;
try {
  if (engines.includes('chromium')) await chromiumShots(base);
  if (engines.includes('firefox')) await firefoxShots(base);
  if (engines.includes('webkit')) await webkitShots(base);
} finally {
  await server.close();
}
