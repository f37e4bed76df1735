/**
 * A React store using `totebot-chat/react`: props go in (objects and arrays
 * too), events come out as `onTotebot…` props that update React state.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildAndServeApp, projectRoot, type ServedApp } from '../support/app-server.js';
import { CHROME_ARGS, ensureChrome } from '../../scripts/find-chrome.mjs';

describe('a React app using the wrapper', () => {
  let app: ServedApp;
  let browser: Browser;

  before(async () => {
    app = await buildAndServeApp('test/integrations/react-app', [
      { find: /^totebot-chat\/react$/, replacement: join(projectRoot, 'dist/react.js') },
      { find: /^totebot-chat$/, replacement: join(projectRoot, 'dist/totebot-chat.js') },
    ]);
    browser = await chromium.launch({ executablePath: ensureChrome(), args: CHROME_ARGS.filter((flag) => !flag.startsWith('--headless')) });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('passes props in and gets events out as React state', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.waitForFunction(() => document.getElementById('opened')?.textContent === '1');
    // Props in: agentName, an object (identity) and an array (suggestions) as properties.
    await page.locator('totebot-chat .title', { hasText: 'Tote' }).waitFor();
    assert.equal(await page.evaluate(() => document.querySelector('totebot-chat')!.identity?.id), 'u_react');
    await page.locator('totebot-chat .suggestion', { hasText: 'Add the blue tote to my cart' }).click();
    // Events out: the action reaches React state.
    await page.waitForFunction(() => document.getElementById('cart')?.textContent === '1');
    assert.deepEqual(errors, []);
  });
});
