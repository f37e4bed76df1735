/**
 * What a store page pays for the widget, and how soon it answers the shopper's first tap, over a
 * mobile-like network (Chromium's emulation: 150 ms round trip per request, 9 Mbit/s down). The
 * built script-tag file comes from a CDN origin of its own, as stores load it.
 *
 * - *untouched*: a first-time visitor's page left alone for 5 s after `load`; every script it
 *   fetched, weighed as gzip.
 * - *tap*: a touch on the launcher as soon as it shows, with nothing preloaded: tap → the panel's
 *   frame visible, tap → the composer usable (rendered and enabled; not focused on a touch screen).
 * - *hover, then click*: the pointer rests on the launcher for 300 ms (the panel chunk starts
 *   loading), then clicks: click → frame visible, click → composer usable.
 *
 * Each run is a fresh browser context (empty cache). Times come from the page's own clock: the
 * input event's timestamp to the animation frame in which the state is first seen.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { serve } from '../proxy/node-adapter.js';
import { simulatedProxy } from '../test/support/app-server.js';
import { serveCdn } from '../test/support/cdn-server.js';
import { median } from './stats.js';

export const NETWORK = { latencyMs: 150, downloadBitsPerSecond: 9_000_000, uploadBitsPerSecond: 3_000_000 } as const;
const UNTOUCHED_MS = 5_000;
const HOVER_DWELL_MS = 300;

export interface IntentTiming {
  frameMs: number;
  composerMs: number;
}

export interface IntentResult {
  runs: number;
  /** Scripts a first-time visitor's untouched page fetched (median run), with their gzip sizes. */
  untouched: { files: { file: string; gzip: number }[]; gzipBytes: number };
  tap: { median: IntentTiming; runs: IntentTiming[] };
  hoverThenClick: { median: IntentTiming; runs: IntentTiming[] };
}

const PAGE = (script: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Store</title><script src="${script}" async></script></head>
<body><main><h1>Store</h1><p>Products</p></main><totebot-chat agent-name="Tote"></totebot-chat></body></html>`;

/**
 * Records, in the page, when the panel's frame and the composer are first seen after an input.
 * A string, not a function: tsx would add its `__name` helper to a function, which the page lacks.
 */
const INSTRUMENT = `(() => {
  const record = {};
  Object.defineProperty(window, Symbol.for('totebot-bench'), { value: record });
  const watch = () => {
    const root = document.querySelector('totebot-chat')?.shadowRoot;
    const now = performance.now();
    if (record.frameAt === undefined && root?.querySelector('section.panel:not([hidden])')) record.frameAt = now;
    // Usable: rendered and enabled, and focused where the widget focuses it (not on a touch screen,
    // where focus would raise the keyboard over the reply).
    const box = root?.querySelector('textarea');
    const ready = box && !box.disabled && (matchMedia('(pointer: coarse)').matches || root.activeElement === box);
    if (record.composerAt === undefined && ready) record.composerAt = now;
    if (record.composerAt === undefined) requestAnimationFrame(watch);
  };
  // A touch's pointerdown for a tap, the click after a hover: the first of them starts the clock.
  const start = (event) => {
    if (record.inputAt !== undefined || !event.target.matches?.('totebot-chat')) return;
    if (event.type === 'pointerdown' && event.pointerType !== 'touch') return;
    record.inputAt = event.timeStamp;
    requestAnimationFrame(watch);
  };
  document.addEventListener('pointerdown', start, { capture: true });
  document.addEventListener('click', start, { capture: true });
})();`;

async function emulate(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: NETWORK.latencyMs,
    downloadThroughput: NETWORK.downloadBitsPerSecond / 8,
    uploadThroughput: NETWORK.uploadBitsPerSecond / 8,
  });
}

export async function runIntent(browser: Browser, runs: number, log: (line: string) => void): Promise<IntentResult> {
  const dist = new URL('../dist/', import.meta.url);
  const cdn = await serveCdn(dist);
  const proxy = simulatedProxy();
  const html = PAGE(`${cdn.url}/totebot-chat.min.js`);
  const pageServer = await serve(async (request, info) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/') return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
    if (pathname === '/favicon.ico') return new Response(null, { status: 204 });
    return proxy.fetch(request, undefined, info);
  });
  const gzipOf = (file: string) => gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).byteLength;

  async function fresh(hasTouch: boolean): Promise<{ page: Page; scripts: string[] }> {
    const context = await browser.newContext({ hasTouch, viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: INSTRUMENT });
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname.slice(1));
    });
    await emulate(page);
    await page.goto(pageServer.url, { waitUntil: 'load' });
    await page.locator('totebot-chat button.launcher').waitFor();
    return { page, scripts };
  }

  async function timing(page: Page): Promise<IntentTiming> {
    await page.waitForFunction(() => (window as unknown as Record<symbol, { composerAt?: number }>)[Symbol.for('totebot-bench')]!.composerAt !== undefined, undefined, {
      timeout: 30_000,
    });
    const record = await page.evaluate(() => (window as unknown as Record<symbol, { inputAt: number; frameAt: number; composerAt: number }>)[Symbol.for('totebot-bench')]!);
    return { frameMs: record.frameAt - record.inputAt, composerMs: record.composerAt - record.inputAt };
  }

  try {
    const untouchedRuns: { files: { file: string; gzip: number }[]; gzipBytes: number }[] = [];
    const tapRuns: IntentTiming[] = [];
    const hoverRuns: IntentTiming[] = [];
    for (let run = 0; run < runs; run += 1) {
      const untouched = await fresh(false);
      await untouched.page.waitForTimeout(UNTOUCHED_MS);
      const files = [...new Set(untouched.scripts)].map((file) => ({ file, gzip: gzipOf(file) }));
      untouchedRuns.push({ files, gzipBytes: files.reduce((sum, file) => sum + file.gzip, 0) });
      await untouched.page.context().close();

      const tap = await fresh(true);
      const box = (await tap.page.locator('totebot-chat button.launcher').boundingBox())!;
      await tap.page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
      tapRuns.push(await timing(tap.page));
      await tap.page.context().close();

      const hover = await fresh(false);
      await hover.page.locator('totebot-chat button.launcher').hover();
      await hover.page.waitForTimeout(HOVER_DWELL_MS);
      await hover.page.locator('totebot-chat button.launcher').click();
      hoverRuns.push(await timing(hover.page));
      await hover.page.context().close();
      log(
        `  run ${run + 1}: untouched ${untouchedRuns.at(-1)!.gzipBytes} B; tap → frame ${tapRuns.at(-1)!.frameMs.toFixed(0)} ms, composer ${tapRuns.at(-1)!.composerMs.toFixed(0)} ms; ` +
          `hover+click → frame ${hoverRuns.at(-1)!.frameMs.toFixed(0)} ms, composer ${hoverRuns.at(-1)!.composerMs.toFixed(0)} ms`,
      );
    }
    const medianOf = (timings: IntentTiming[]): IntentTiming => ({
      frameMs: median(timings.map((entry) => entry.frameMs)),
      composerMs: median(timings.map((entry) => entry.composerMs)),
    });
    const byBytes = [...untouchedRuns].sort((a, b) => a.gzipBytes - b.gzipBytes);
    return {
      runs,
      untouched: byBytes[Math.floor(byBytes.length / 2)]!,
      tap: { median: medianOf(tapRuns), runs: tapRuns },
      hoverThenClick: { median: medianOf(hoverRuns), runs: hoverRuns },
    };
  } finally {
    await pageServer.close();
    await cdn.close();
  }
}
