/**
 * Streaming benchmark: a Markdown reply of N tokens (one SSE frame per token,
 * sent as fast as the socket takes them) rendered by each contender in headless
 * Chromium. One fresh browser context per run; medians over the runs.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { collectGarbage, metricsDelta, openPage, readMetrics, waitForQuietBrowser, type BenchPage } from './browser.js';
import { markdownTokens } from './markdown-corpus.js';
import { formatMs, median } from './stats.js';

export const CONTENDERS = ['totebot', 'deep-chat-partial', 'deep-chat', 'floor'] as const;
export type Contender = (typeof CONTENDERS)[number];

/** The installed deep-chat, whatever the semver range resolved to. */
export const DEEP_CHAT_VERSION = (
  JSON.parse(readFileSync(new URL('../node_modules/deep-chat/package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export const CONTENDER_LABELS: Record<Contender, string> = {
  totebot: '<totebot-chat> (inline)',
  'deep-chat-partial': `deep-chat ${DEEP_CHAT_VERSION}, partialRender`,
  'deep-chat': `deep-chat ${DEEP_CHAT_VERSION}, default stream`,
  floor: 'floor: fetch + one text node',
};

const PAGE_OF: Record<Contender, string> = {
  totebot: '/pages/totebot.html',
  'deep-chat-partial': '/pages/deep-chat.html?partial',
  'deep-chat': '/pages/deep-chat.html',
  floor: '/pages/floor.html',
};

export interface StreamingRun {
  /** Main-thread busy time (wall clock of its tasks) from the send to the final render. */
  taskMs: number;
  /** The same tasks' CPU time. */
  cpuMs: number;
  layoutMs: number;
  styleMs: number;
  longTasks: number;
  longestTaskMs: number;
  /** First response byte of the chat request to the frame after the last token was rendered. */
  firstByteToRenderMs: number;
  /** The send to that frame. */
  totalMs: number;
  heapUsedBytes: number;
  domNodes: number;
}

export interface StreamingCell {
  contender: Contender;
  tokens: number;
  runs: StreamingRun[];
  /** Set when a run hit the time limit (then the cell has no median). */
  overLimitMs?: number;
  /** Runs not attempted, and why. */
  skipped?: string;
  /** Runs that failed (not counted in the median), with why. */
  failures: string[];
  median?: StreamingRun;
}

export interface StreamingOptions {
  /** The proxy every contender streams through (`--via-proxy`: proxy/cli.ts); the stub's own routes without it. */
  endpoint?: string;
  sizes: readonly number[];
  runs: number;
  limitMs: number;
  log: (line: string) => void;
  /** Only these contenders (all by default): for quick comparisons while working. */
  contenders?: readonly Contender[];
}

interface PageResult {
  started: number;
  firstByte: number | undefined;
  rendered: number;
  ok: boolean;
  textLength: number;
}

declare global {
  interface Window {
    benchReady: Promise<void>;
    benchRun(tokens: number): Promise<PageResult>;
  }
}

class TimeLimit extends Error {}

function withLimit<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new TimeLimit()), ms)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

function pageUrl(baseUrl: string, contender: Contender, endpoint: string | undefined): string {
  const url = new URL(PAGE_OF[contender], baseUrl);
  if (endpoint) url.searchParams.set('endpoint', endpoint);
  return url.href;
}

async function runOnce(
  browser: Browser,
  baseUrl: string,
  contender: Contender,
  tokens: number,
  limitMs: number,
  endpoint: string | undefined,
): Promise<StreamingRun | 'limit'> {
  const expectedLength = markdownTokens(tokens).text.length;
  let bench: BenchPage | undefined;
  try {
    bench = await openPage(browser, pageUrl(baseUrl, contender, endpoint));
    const { page, cdp } = bench;
    await withLimit(page.evaluate(() => window.benchReady), 30_000);
    await waitForQuietBrowser();
    await collectGarbage(cdp);
    await page.evaluate(() => void (window.__bench.longTasks.length = 0));
    const before = await readMetrics(cdp);
    const cpuBefore = await readMetrics(bench.cpu);
    let result: PageResult;
    try {
      result = await withLimit(
        page.evaluate((count) => window.benchRun(count), tokens),
        limitMs,
      );
    } catch (error) {
      if (error instanceof TimeLimit) return 'limit';
      throw error;
    }
    // Long-task entries arrive after their task; give them a frame and a moment.
    const { longTasks, domNodes } = await page.evaluate(async () => {
      await window.__bench.nextFrame();
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { longTasks: [...window.__bench.longTasks], domNodes: window.__bench.countNodes() };
    });
    const after = metricsDelta(before, await readMetrics(cdp));
    const cpuAfter = metricsDelta(cpuBefore, await readMetrics(bench.cpu));
    await collectGarbage(cdp);
    const heap = await readMetrics(cdp);
    if (!result.ok || result.textLength !== expectedLength) {
      throw new Error(`${contender} at ${tokens} tokens: reply incomplete (${result.textLength} of ${expectedLength} characters)`);
    }
    if (bench.errors.length > 0) throw new Error(`${contender}: page error: ${bench.errors[0]}`);
    // A proxy on another origin sends no Timing-Allow-Origin, so the page cannot see its first byte.
    if (result.firstByte === undefined && !endpoint) throw new Error(`${contender}: no resource timing for the chat request`);
    return {
      taskMs: after.taskMs,
      cpuMs: cpuAfter.taskMs,
      layoutMs: after.layoutMs,
      styleMs: after.styleMs,
      longTasks: longTasks.length,
      longestTaskMs: Math.max(0, ...longTasks),
      firstByteToRenderMs: result.firstByte === undefined ? Number.NaN : result.rendered - result.firstByte,
      totalMs: result.rendered - result.started,
      heapUsedBytes: heap.heapUsedBytes,
      domNodes,
    };
  } finally {
    // Closing the context also ends a renderer still busy past the time limit.
    await bench?.close();
  }
}

function medianRun(runs: readonly StreamingRun[]): StreamingRun {
  const of = (key: keyof StreamingRun) => median(runs.map((run) => run[key]));
  return {
    taskMs: of('taskMs'),
    cpuMs: of('cpuMs'),
    layoutMs: of('layoutMs'),
    styleMs: of('styleMs'),
    longTasks: of('longTasks'),
    longestTaskMs: of('longestTaskMs'),
    firstByteToRenderMs: of('firstByteToRenderMs'),
    totalMs: of('totalMs'),
    heapUsedBytes: of('heapUsedBytes'),
    domNodes: of('domNodes'),
  };
}

/**
 * Every contender at every size, runs interleaved so drift on a noisy machine
 * spreads over all of them. deep-chat's default mode re-renders the whole
 * message per token (quadratic), so:
 * - a size is not tried when the next smaller one hit the limit, or when even
 *   linear growth from the smaller one's median would exceed the limit;
 * - a cell whose first run took more than half the limit gets 3 runs, not more.
 */
export async function runStreaming(browser: Browser, baseUrl: string, options: StreamingOptions): Promise<StreamingCell[]> {
  const cells: StreamingCell[] = [];
  const cell = (contender: Contender, tokens: number) => cells.find((c) => c.contender === contender && c.tokens === tokens)!;
  const contenders = options.contenders ?? CONTENDERS;
  for (const tokens of options.sizes) for (const contender of contenders) cells.push({ contender, tokens, runs: [], failures: [] });
  const limitSeconds = options.limitMs / 1000;

  for (const [index, tokens] of options.sizes.entries()) {
    const smaller = index > 0 ? options.sizes[index - 1] : undefined;
    for (const contender of contenders) {
      const previous = smaller === undefined ? undefined : cell(contender, smaller);
      const target = cell(contender, tokens);
      if (!previous || smaller === undefined) continue;
      if (previous.overLimitMs !== undefined) {
        target.skipped = `not run: ${smaller} tokens already took over ${limitSeconds} s`;
        continue;
      }
      const lowerBound = previous.runs.length > 0 ? median(previous.runs.map((r) => r.totalMs)) * (tokens / smaller) : 0;
      if (lowerBound > options.limitMs) {
        target.overLimitMs = options.limitMs;
        target.skipped =
          `not run: ${smaller} tokens took ${(lowerBound / (tokens / smaller) / 1000).toFixed(0)} s, ` +
          `so even linear growth gives ≥ ${(lowerBound / 1000).toFixed(0)} s, over the ${limitSeconds} s limit`;
      }
    }
    for (let run = 0; run < options.runs; run++) {
      for (const contender of contenders) {
        const target = cell(contender, tokens);
        if (target.skipped || target.overLimitMs !== undefined) continue;
        if (run >= 3 && target.runs.length > 0 && target.runs[0]!.totalMs > options.limitMs / 2) continue;
        const started = Date.now();
        let result: StreamingRun | 'limit';
        try {
          result = await runOnce(browser, baseUrl, contender, tokens, options.limitMs, options.endpoint);
        } catch (error) {
          // One broken run (a page error, a missing timing entry) is reported, not fatal to the whole bench.
          const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
          target.failures.push(reason);
          options.log(`  ${contender} ${tokens} tokens run ${run + 1}: FAILED: ${reason}`);
          continue;
        }
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (result === 'limit') {
          target.overLimitMs = options.limitMs;
          options.log(`  ${contender} ${tokens} tokens: over the ${limitSeconds} s limit, stopped`);
          continue;
        }
        target.runs.push(result);
        options.log(
          `  ${contender} ${tokens} tokens run ${run + 1}: main thread ${result.taskMs.toFixed(0)} ms (CPU ${result.cpuMs.toFixed(0)}), ` +
            `first byte→render ${formatMs(result.firstByteToRenderMs)}, long tasks ${result.longTasks} (${seconds} s)`,
        );
      }
    }
  }
  for (const target of cells) if (target.runs.length > 0) target.median = medianRun(target.runs);
  return cells;
}
