/**
 * A `Shopper` (shopping-session.ts) in each engine, from Node: Chromium through playwright-core,
 * whose role locators pierce shadow roots and compute accessible names themselves; Firefox through
 * puppeteer-core over WebDriver BiDi; WebKit (WebKitGTK's MiniBrowser) through webdriverio and
 * WebKitWebDriver. Neither of the last two drivers' role queries enters a shadow root, so they find
 * controls with `widgetControl` and then click and type through the driver, as a person would.
 */
import { chromium } from 'playwright-core';
import puppeteer, { type ElementHandle } from 'puppeteer-core';
import { remote, type ChainablePromiseElement } from 'webdriverio';
import { CHROME_ARGS, ensureChrome } from '../../scripts/find-chrome.mjs';
import { ensureFirefox } from '../../scripts/find-firefox.mjs';
import type { Engine } from '../../scripts/test-browser.mjs';
import { startWebKit, WEBKIT_CAPABILITIES } from '../../scripts/webkit.mjs';
import { waitFor, type Shopper } from './shopping-session.js';
import { widgetControl, type Scope } from './widget-page.js';

const VIEWPORT = { width: 1280, height: 720 };

/** A response the page should not have had (the favicon, which no test page has, aside). */
const failedResponse = (url: string, status: number) => (status >= 400 && !url.endsWith('/favicon.ico') ? `${url} ${status}` : undefined);

/** `Shopper.run`'s reader, its types left to the session that passes it (each driver types it its own way). */
type PageRead = (arg: unknown) => unknown;

type ControlQuery = Parameters<typeof widgetControl>[0];

const described = ({ role, name, scope }: ControlQuery) => `one ${role} "${name}"${scope ? ` in ${scope.selector} #${scope.index}` : ''}`;

/** The control found, or undefined (to wait on) when there were none or several. */
const one = <Control>(found: Control | number) => (typeof found === 'number' ? undefined : found);

/** A tab of a driver whose pages load with `waitUntil: 'load'` (Playwright's and Puppeteer's). */
interface LoadingTab {
  goto(url: string, options: { waitUntil: 'load' }): Promise<unknown>;
  reload(options: { waitUntil: 'load' }): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Going to a page, loading it again, and coming back as a returning visitor: a new tab of the same
 * profile (its storage kept, not the old tab's sessionStorage), which becomes `tabs.current`.
 */
function tabNavigation<Tab extends LoadingTab>(tabs: { current: Tab; open(): Promise<Tab> }): Pick<Shopper, 'goto' | 'reload' | 'revisit'> {
  return {
    goto: async (url) => void (await tabs.current.goto(url, { waitUntil: 'load' })),
    reload: async () => void (await tabs.current.reload({ waitUntil: 'load' })),
    revisit: async (url) => {
      const next = await tabs.open();
      await tabs.current.close();
      tabs.current = next;
      await next.goto(url, { waitUntil: 'load' });
    },
  };
}

async function chromiumShopper(): Promise<Shopper> {
  const browser = await chromium.launch({ executablePath: ensureChrome(), args: CHROME_ARGS });
  const context = await browser.newContext({ viewport: VIEWPORT });
  const errors: string[] = [];
  const open = async () => {
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    // Chromium's console names each CSP refusal too, beside the page's own `securitypolicyviolation` events.
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) errors.push(message.text());
    });
    page.on('response', (response) => {
      const failed = failedResponse(response.url(), response.status());
      if (failed) errors.push(failed);
    });
    return page;
  };
  const tabs = { current: await open(), open };
  const control = (role: 'button' | 'textbox', name: string, scope?: Scope) =>
    (scope ? tabs.current.locator(`totebot-chat ${scope.selector}`).nth(scope.index) : tabs.current.locator('totebot-chat')).getByRole(role, { name, exact: true });
  return {
    engine: 'chromium',
    errors,
    ...tabNavigation(tabs),
    press: (name, scope) => control('button', name, scope).click(),
    hover: (name, scope) => control('button', name, scope).hover(),
    count: (name, scope, role = 'button') => control(role, name, scope).count(),
    send: async (label, text) => {
      const box = control('textbox', label);
      await box.fill(text);
      await box.press('Enter');
    },
    run: (read, arg) => tabs.current.evaluate(read as PageRead, arg) as Promise<never>,
    close: () => browser.close(),
  };
}

async function firefoxShopper(): Promise<Shopper> {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: ensureFirefox(), headless: true });
  const errors: string[] = [];
  const open = async () => {
    const page = await browser.newPage();
    await page.setViewport(VIEWPORT);
    page.on('pageerror', (error) => errors.push(error instanceof Error ? error.message : String(error)));
    page.on('response', (response) => {
      const failed = failedResponse(response.url(), response.status());
      if (failed) errors.push(failed);
    });
    return page;
  };
  const tabs = { current: await open(), open };
  /** The one control, or how many there are when that is not one. */
  const find = async (query: ControlQuery): Promise<ElementHandle<Element> | number> => {
    const handle = await tabs.current.evaluateHandle(widgetControl, query);
    const element = handle.asElement() as ElementHandle<Element> | null;
    if (element) return element;
    const count = (await handle.jsonValue()) as number;
    await handle.dispose();
    return count;
  };
  const control = (query: ControlQuery) => waitFor(async () => one(await find(query)), described(query));
  return {
    engine: 'firefox',
    errors,
    ...tabNavigation(tabs),
    press: async (name, scope) => {
      const button = await control({ role: 'button', name, scope });
      await button.click();
      await button.dispose();
    },
    hover: async (name, scope) => {
      const button = await control({ role: 'button', name, scope });
      await button.hover();
      await button.dispose();
    },
    count: async (name, scope, role = 'button') => {
      const found = await find({ role, name, scope });
      if (typeof found === 'number') return found;
      await found.dispose();
      return 1;
    },
    send: async (label, text) => {
      const box = await control({ role: 'textbox', name: label });
      await box.type(text);
      await tabs.current.keyboard.press('Enter');
      await box.dispose();
    },
    run: (read, arg) => tabs.current.evaluate(read as PageRead, arg) as Promise<never>,
    close: () => browser.close(),
  };
}

async function webkitShopper(): Promise<Shopper> {
  const webkit = await startWebKit();
  let browser: WebdriverIO.Browser;
  try {
    browser = await remote({ hostname: '127.0.0.1', port: webkit.port, capabilities: WEBKIT_CAPABILITIES, logLevel: 'error' });
  } catch (error) {
    await webkit.stop();
    throw error;
  }
  await browser.setWindowSize(VIEWPORT.width, VIEWPORT.height);
  // WebKitWebDriver answers a navigation once the document is interactive, before its scripts have all run.
  const loaded = () => waitFor(() => browser.execute(() => document.readyState === 'complete'), 'the page to load');
  /** The one control, or how many there are when that is not one. */
  const find = async (query: ControlQuery): Promise<ChainablePromiseElement | number> => {
    const found = await browser.execute(widgetControl, query);
    return typeof found === 'number' ? found : browser.$(found as unknown as WebdriverIO.Element);
  };
  const control = (query: ControlQuery) => waitFor(async () => one(await find(query)), described(query));
  return {
    engine: 'webkit',
    errors: [],
    goto: async (url) => {
      await browser.url(url);
      await loaded();
    },
    reload: async () => {
      await browser.refresh();
      await loaded();
    },
    // New Window, not webdriverio's `newWindow` (window.open), which would copy the old tab's sessionStorage.
    revisit: async (url) => {
      const { handle } = await browser.createWindow('tab');
      await browser.closeWindow();
      await browser.switchToWindow(handle);
      await browser.setWindowSize(VIEWPORT.width, VIEWPORT.height);
      await browser.url(url);
      await loaded();
    },
    press: async (name, scope) => (await control({ role: 'button', name, scope })).click(),
    // A pointer move action onto the element's centre.
    hover: async (name, scope) => (await control({ role: 'button', name, scope })).moveTo(),
    count: async (name, scope, role = 'button') => {
      const found = await find({ role, name, scope });
      return typeof found === 'number' ? found : 1;
    },
    // Element Send Keys: this driver's key actions drop characters.
    send: async (label, text) => {
      const box = await control({ role: 'textbox', name: label });
      await box.addValue(text);
      await box.addValue('\uE007');
    },
    run: (read, arg) => browser.execute(read as PageRead, arg as never) as Promise<never>,
    close: async () => {
      await browser.deleteSession().catch(() => {});
      await webkit.stop();
    },
  };
}

export function launchShopper(engine: Engine): Promise<Shopper> {
  return { chromium: chromiumShopper, firefox: firefoxShopper, webkit: webkitShopper }[engine]();
}
