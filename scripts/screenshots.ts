/**
 * `npm run screenshots`: the demo store in light, dark, mobile and right-to-left,
 * written to docs/screenshots/. Runs the same dev server as `npm start`.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { createServer } from 'vite';
import { CHROME_ARGS, ensureChrome } from './find-chrome.mjs';

const output = new URL('../docs/screenshots/', import.meta.url).pathname;
mkdirSync(output, { recursive: true });

process.env.TOTEBOT_SIMULATOR_CHUNK_MS = '1';
process.env.TOTEBOT_SIMULATOR_TOOL_MS = '10';
const server = await createServer({
  configFile: new URL('../vite.config.ts', import.meta.url).pathname,
  server: { host: '127.0.0.1', port: 0 },
  logLevel: 'silent',
});
await server.listen();
const base = server.resolvedUrls!.local[0]!;
const browser = await chromium.launch({ executablePath: ensureChrome(), args: CHROME_ARGS.filter((flag) => !flag.startsWith('--headless')) });

async function converse(page: Page, questions: string[]): Promise<void> {
  const box = page.getByRole('textbox').first();
  for (const [index, question] of questions.entries()) {
    await box.fill(question);
    await box.press('Enter');
    await page.waitForFunction(
      (count) => document.querySelector('totebot-chat')!.shadowRoot!.querySelectorAll('.message.assistant[aria-busy="false"]:not(.welcome)').length === count,
      index + 1,
    );
  }
  await page.waitForTimeout(300);
}

async function shoot(name: string, options: { viewport: { width: number; height: number }; isMobile?: boolean; setup?: (page: Page) => Promise<void>; questions: string[] }) {
  const context = await browser.newContext({ viewport: options.viewport, isMobile: options.isMobile ?? false, hasTouch: options.isMobile ?? false });
  const page = await context.newPage();
  await page.goto(base);
  await options.setup?.(page);
  await page.locator('totebot-chat button.launcher').click();
  await converse(page, options.questions);
  await page.screenshot({ path: `${output}${name}.png` });
  await context.close();
  console.log(`docs/screenshots/${name}.png`);
}

const desktop = { width: 1280, height: 860 };
const shopping = ['Do you have a blue tote?', 'Add the blue tote to my cart'];
try {
  await shoot('light', { viewport: desktop, questions: shopping });
  await shoot('dark', {
    viewport: desktop,
    setup: (page) => page.evaluate(() => document.querySelector('totebot-chat')!.setAttribute('theme', 'dark')),
    questions: ['Tell me everything about caring for bags'],
  });
  await shoot('mobile', { viewport: { width: 390, height: 844 }, isMobile: true, questions: shopping });
  await shoot('rtl', {
    viewport: desktop,
    setup: (page) => page.evaluate(() => document.querySelector('totebot-chat')!.setAttribute('lang', 'ar')),
    questions: ['Do you have a blue tote?'],
  });
} finally {
  await browser.close();
  await server.close();
}
