/**
 * The script-tag file on a page with a strict Content Security Policy (no
 * 'unsafe-inline', no 'unsafe-eval', nothing remote): the widget must render,
 * stream a reply and style itself without one violation.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { serve, type RunningServer } from '../../proxy/node-adapter.js';
import { simulatedProxy } from '../support/app-server.js';
import { CHROME_ARGS, ensureChrome } from '../../scripts/find-chrome.mjs';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strict CSP store</title>
<script type="module" src="/totebot-chat.min.js"></script></head>
<body><main><h1>Store</h1></main>
<totebot-chat mode="inline" agent-name="Tote"></totebot-chat>
</body></html>`;

describe('the script-tag file under a strict CSP', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    const proxy = simulatedProxy();
    server = await serve(async (request, info) => {
      const { pathname } = new URL(request.url);
      const headers = { 'content-security-policy': CSP };
      if (pathname === '/') return new Response(PAGE, { headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
      // The script and the chunks it loads from beside it (the panel, translations), as a CDN would serve them.
      if (pathname === '/totebot-chat.min.js' || /^\/cdn\/[\w-]+\.js$/.test(pathname)) {
        const script = readFileSync(new URL(`../../dist${pathname}`, import.meta.url));
        return new Response(script, { headers: { ...headers, 'content-type': 'text/javascript' } });
      }
      return proxy.fetch(request, undefined, info);
    });
    browser = await chromium.launch({ executablePath: ensureChrome(), args: CHROME_ARGS.filter((flag) => !flag.startsWith('--headless')) });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders, streams and styles itself without a single violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { __violations: string[] }).__violations ??= [];
        (window as unknown as { __violations: string[] }).__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    await page.goto(server.url);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Do you have a blue tote?');
    await box.press('Enter');
    await page.locator('totebot-chat .message.assistant[aria-busy="false"]:not(.welcome) .markdown a').first().waitFor();
    // Styled by its constructable stylesheet: the header has the brand colour, not the default transparent.
    const headerBackground = await page.locator('totebot-chat .header').evaluate((element) => getComputedStyle(element).backgroundColor);
    assert.equal(headerBackground, 'rgb(29, 78, 216)');
    const pageViolations = await page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []);
    assert.deepEqual(pageViolations, []);
    assert.deepEqual(violations, []);
  });
});
