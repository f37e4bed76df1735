/**
 * Headless Chromium for the browser benchmarks (playwright-core driving the
 * system's Chromium) and what is measured in every page: long tasks, the DOM's
 * size through open shadow roots, and the main thread's and heap's figures from
 * the DevTools protocol.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { CHROME_ARGS, ensureChrome } from '../scripts/find-chrome.mjs';

export interface BenchBrowser {
  browser: Browser;
  version: string;
  close(): Promise<void>;
}

/**
 * Browser UI that a headless window still starts: the omnibox popups are WebUI pages, and each new
 * context (a new window) booted them in a renderer of their own, about 1.4 s of CPU over the first
 * second or two, which is when each run's page loads and measures. On 2 cores that took half a core
 * from whichever contender was being measured.
 */
const QUIET_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

/** Chromium keeps only the last `--disable-features`: Playwright's own list is read off a launched browser and merged. */
async function playwrightDisabledFeatures(executablePath: string, args: string[]): Promise<string | undefined> {
  if (!existsSync('/proc/self/cmdline')) return undefined;
  const before = new Set(readdirSync('/proc'));
  const probe = await chromium.launch({ executablePath, args });
  try {
    for (const pid of readdirSync('/proc')) {
      if (before.has(pid) || !/^\d+$/.test(pid)) continue;
      let argv: string[];
      try {
        argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      } catch {
        continue;
      }
      if (argv.some((arg) => arg.startsWith('--type='))) continue;
      const found = argv.find((arg) => arg.startsWith('--disable-features='));
      if (found) return found;
    }
    return undefined;
  } finally {
    await probe.close();
  }
}

export async function launchBrowser(): Promise<BenchBrowser> {
  const executablePath = ensureChrome();
  // Playwright sets headless itself; the other flags are what Chromium needs as root on a closed network.
  const args = CHROME_ARGS.filter((flag) => !flag.startsWith('--headless'));
  const defaults = await playwrightDisabledFeatures(executablePath, args);
  const features = [...(defaults?.slice('--disable-features='.length).split(',') ?? []), ...QUIET_FEATURES];
  const browser = await chromium.launch({
    executablePath,
    args: [...args, `--disable-features=${features.join(',')}`],
    ...(defaults && { ignoreDefaultArgs: [defaults] }),
  });
  let version = browser.version();
  try {
    version = execFileSync(executablePath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // browser.version() already says it.
  }
  return { browser, version, close: () => browser.close() };
}

declare global {
  interface Window {
    __bench: {
      longTasks: number[];
      countNodes(): number;
      /** The last request to `path`: its Resource Timing `responseStart`, once the entry exists (it can trail the body's end). */
      responseStart(path: string): Promise<number | undefined>;
      nextFrame(): Promise<number>;
    };
  }
}

/** Runs in every bench page before its own scripts. */
function harness(): void {
  const longTasks: number[] = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No longtask support: the count stays empty, and the report would show 0; Chromium has it.
  }
  const countNodes = (): number => {
    let count = 0;
    const visit = (root: Node): void => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
      for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
        count += 1;
        const shadow = (node as Element).shadowRoot;
        if (shadow) visit(shadow);
      }
    };
    visit(document);
    return count;
  };
  const responseStart = async (path: string): Promise<number | undefined> => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const entry = entries.filter((candidate) => new URL(candidate.name).pathname === path).at(-1);
      // Zero for a response from another origin without Timing-Allow-Origin: unknown, not the page's start.
      if (entry) return entry.responseStart > 0 ? entry.responseStart : undefined;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return undefined;
  };
  const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  window.__bench = { longTasks, countNodes, responseStart, nextFrame };
}

export interface PageMetrics {
  /** Main-thread busy time (all tasks) in ms. */
  taskMs: number;
  layoutMs: number;
  styleMs: number;
  heapUsedBytes: number;
}

export async function readMetrics(cdp: CDPSession): Promise<PageMetrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? 0;
  return {
    taskMs: value('TaskDuration') * 1000,
    layoutMs: value('LayoutDuration') * 1000,
    styleMs: value('RecalcStyleDuration') * 1000,
    heapUsedBytes: value('JSHeapUsedSize'),
  };
}

export const metricsDelta = (before: PageMetrics, after: PageMetrics): PageMetrics => ({
  taskMs: after.taskMs - before.taskMs,
  layoutMs: after.layoutMs - before.layoutMs,
  styleMs: after.styleMs - before.styleMs,
  heapUsedBytes: after.heapUsedBytes,
});

/** CPU time (ms) all of the browser's processes have used so far; undefined where /proc is not there to read. */
function browserCpuMs(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chrom')) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, in clock ticks of 10 ms.
      total += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

/**
 * Waits until the browser is idle: at most 10 ms of CPU in 100 ms across all of its processes, or
 * `maxMs` at most. A closed context's renderer still tears down, and a freshly loaded page still
 * settles, after the promises that say so resolve; on 2 cores that work fell into the next measured
 * run (a 50-60 ms task in the 1k-token run after deep-chat's). Every contender waits alike.
 */
export async function waitForQuietBrowser(maxMs = 3_000): Promise<void> {
  const until = Date.now() + maxMs;
  let before = browserCpuMs();
  if (before === undefined) return;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = browserCpuMs()!;
    if (now - before <= 10) return;
    before = now;
  }
}

export async function collectGarbage(cdp: CDPSession): Promise<void> {
  await cdp.send('HeapProfiler.collectGarbage');
}

export interface BenchPage {
  context: BrowserContext;
  page: Page;
  /** Performance metrics in wall time (what the page's user waits for). */
  cdp: CDPSession;
  /** The same metrics in thread CPU time (what the contender itself costs, less descheduling on a busy machine). */
  cpu: CDPSession;
  errors: string[];
  close(): Promise<void>;
}

/** A fresh context per run: empty IndexedDB, its own renderer, nothing left over from the previous run. */
export async function openPage(browser: Browser, url: string, options: { waitForLoad?: boolean } = {}): Promise<BenchPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // tsx (esbuild with keepNames) wraps named functions in `__name(…)`; the page needs that helper for
  // the harness and for functions handed to page.evaluate.
  await page.addInitScript({ content: `var __name = (target) => target;\n(${harness.toString()})();` });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  const cpu = await context.newCDPSession(page);
  await cpu.send('Performance.enable', { timeDomain: 'threadTicks' });
  if (options.waitForLoad !== false) await page.goto(url, { waitUntil: 'load' });
  return {
    context,
    page,
    cdp,
    cpu,
    errors,
    close: async () => {
      await context.close().catch(() => {});
    },
  };
}
