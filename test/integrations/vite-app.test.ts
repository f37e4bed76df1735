/**
 * A store that bundles the npm ES module with Vite: `import 'totebot-chat'`
 * resolves through package.json's exports to dist/totebot-chat.js, Vite bundles
 * it with lit from the app's node_modules, and the built page chats.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium, type Browser } from 'playwright-core';
import { createProxy } from '../../proxy/handler.js';
import { serve, type RunningServer } from '../../proxy/node-adapter.js';
import { createSimulator, SIMULATOR_API_KEY } from '../../proxy/simulator/simulator.js';
import { CHROME_ARGS, ensureChrome } from '../../scripts/find-chrome.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' };

describe('a Vite app importing the ES module', () => {
  let outDir: string;
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'totebot-vite-app-'));
    await build({
      configFile: false,
      logLevel: 'silent',
      root: join(root, 'test/integrations/vite-app'),
      // The package as an app would install it: its name resolves to what package.json exports.
      resolve: { alias: { 'totebot-chat': join(root, 'dist/totebot-chat.js') } },
      build: { outDir, emptyOutDir: true, target: 'es2022' },
    });
    const simulator = createSimulator({ rateLimit: false });
    const proxy = createProxy({
      apiKey: SIMULATOR_API_KEY,
      apiUrl: 'http://simulator.invalid',
      upstreamFetch: (request) => simulator.fetch(request),
      rateLimits: false,
      log: () => {},
    });
    server = await serve(async (request, info) => {
      const { pathname } = new URL(request.url);
      if (pathname.startsWith('/v1/')) return proxy.fetch(request, undefined, info);
      const file = pathname === '/' ? '/index.html' : pathname;
      try {
        return new Response(readFileSync(join(outDir, file)), { headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' } });
      } catch {
        return new Response('not found', { status: 404 });
      }
    });
    browser = await chromium.launch({ executablePath: ensureChrome(), args: CHROME_ARGS.filter((flag) => !flag.startsWith('--headless')) });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('bundles one copy of the element and chats, with actions reaching the app', async () => {
    const assets = readdirSync(join(outDir, 'assets')).filter((name) => name.endsWith('.js'));
    const bundle = assets.map((name) => readFileSync(join(outDir, 'assets', name), 'utf8')).join('\n');
    assert.equal((bundle.match(/customElements\.define\(/g) ?? []).length >= 1, true);

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Add the blue tote to my cart');
    await box.press('Enter');
    await page.waitForFunction(() => document.getElementById('cart')?.textContent === '1');
    await page.locator('totebot-chat .chip', { hasText: 'Added to cart' }).waitFor();
    assert.deepEqual(errors, []);
  });
});
