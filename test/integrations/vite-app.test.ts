/**
 * A store that bundles the npm ES module with Vite: `import 'totebot-chat'`
 * resolves to dist/totebot-chat.js, Vite bundles it with lit from the app's
 * node_modules, and the built page chats.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildAndServeApp, projectRoot, type ServedApp } from '../support/app-server.js';
import { CHROME_ARGS, ensureChrome } from '../../scripts/find-chrome.mjs';

describe('a Vite app importing the ES module', () => {
  let app: ServedApp;
  let browser: Browser;

  before(async () => {
    app = await buildAndServeApp('test/integrations/vite-app', [{ find: /^totebot-chat$/, replacement: join(projectRoot, 'dist/totebot-chat.js') }]);
    browser = await chromium.launch({ executablePath: ensureChrome(), args: CHROME_ARGS.filter((flag) => !flag.startsWith('--headless')) });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('bundles one copy of the element and chats, with actions reaching the app', async () => {
    const assets = readdirSync(join(app.outDir, 'assets')).filter((name) => name.endsWith('.js'));
    const bundle = assets.map((name) => readFileSync(join(app.outDir, 'assets', name), 'utf8')).join('\n');
    assert.equal((bundle.match(/customElements\.define\(/g) ?? []).length >= 1, true);

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(app.url);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Add the blue tote to my cart');
    await box.press('Enter');
    await page.waitForFunction(() => document.getElementById('cart')?.textContent === '1');
    await page.locator('totebot-chat .chip', { hasText: 'Added Blue Canvas Tote to your cart' }).waitFor();
    assert.deepEqual(errors, []);
  });
});
