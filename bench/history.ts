/**
 * Long-history benchmark: a page whose stored session points at a 200-message
 * conversation. Measured from appending <totebot-chat> (its connection) to the
 * first frame that shows the shopper the conversation's end as it will stay (the
 * newest message rendered at the bottom of a full log, scrolled there), and to
 * the frame that has all 200 messages in the DOM (complete), with where the time
 * goes: reading the stored session and issuing the request, the response, rendering.
 * The page checks that the newest message is the history's last, and that the
 * complete log starts with its first and is still at its end.
 * Two ways: `network` (the session holds only the conversation id, the history
 * comes from the proxy) and `cached` (the session also holds the 200 messages, as
 * the widget caches them; it paints those, then the proxy's history replaces them).
 */
import type { Browser } from 'playwright-core';
import { collectGarbage, metricsDelta, openPage, readMetrics, waitForQuietBrowser } from './browser.js';
import { median } from './stats.js';
import { HISTORY_CONVERSATION_ID, HISTORY_LENGTH } from './stub-server.js';

export interface HistoryRun {
  /** Connection to the end of the first frame that shows the newest messages at the bottom of a full log. */
  firstPaintMs: number;
  /** Connection to the end of the frame with all the messages in the DOM. */
  completeMs: number;
  /** Connection to the history request leaving (session read from IndexedDB). */
  requestStartMs: number;
  /** Connection to the history response's last byte. */
  responseEndMs: number;
  /** Network: response end to the first-painted messages being in the DOM (adapt, Markdown, Lit render). Cached: connection to that. */
  renderMs: number;
  /** Connection to the proxy's history being rendered (after the first paint when cached). */
  settledMs: number;
  /** Message elements removed and built again during the restore. */
  rebuilt: number;
  /** Main-thread busy time over the whole restore. */
  taskMs: number;
  longTasks: number;
  longestTaskMs: number;
  domNodes: number;
  heapUsedBytes: number;
}

export type HistoryMode = 'network' | 'cached';

export interface HistoryCase {
  mode: HistoryMode;
  runs: HistoryRun[];
  median: HistoryRun;
}

export interface HistoryResult {
  messages: number;
  cases: HistoryCase[];
}

interface PageHistory {
  error?: string;
  started: number;
  inDom: number;
  frame: number;
  painted: number;
  completeInDom: number;
  complete: number;
  settled: number;
  rebuilt: number;
  requestStart?: number;
  responseEnd?: number;
  messages: number;
}

declare global {
  interface Window {
    benchHistory(options: { conversationId: string; expected: number; cached: boolean }): Promise<PageHistory>;
  }
}

async function runCase(browser: Browser, baseUrl: string, mode: HistoryMode, runs: number, log: (line: string) => void): Promise<HistoryCase> {
  const results: HistoryRun[] = [];
  for (let run = 0; run < runs; run++) {
    const bench = await openPage(browser, `${baseUrl}/pages/history.html`);
    try {
      const { page, cdp } = bench;
      await page.evaluate(() => window.benchReady);
      await waitForQuietBrowser();
      await collectGarbage(cdp);
      await page.evaluate(() => void (window.__bench.longTasks.length = 0));
      const before = await readMetrics(cdp);
      const result = await page.evaluate((options) => window.benchHistory(options), {
        conversationId: HISTORY_CONVERSATION_ID,
        expected: HISTORY_LENGTH,
        cached: mode === 'cached',
      });
      if (result.error) throw new Error(`history restore failed: ${result.error}`);
      if (result.messages !== HISTORY_LENGTH) throw new Error(`history restore showed ${result.messages} messages`);
      const { longTasks, domNodes } = await page.evaluate(async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { longTasks: [...window.__bench.longTasks], domNodes: window.__bench.countNodes() };
      });
      const after = metricsDelta(before, await readMetrics(cdp));
      await collectGarbage(cdp);
      const heap = await readMetrics(cdp);
      if (bench.errors.length > 0) throw new Error(`history page error: ${bench.errors[0]}`);
      const responseEnd = result.responseEnd ?? Number.NaN;
      const entry: HistoryRun = {
        firstPaintMs: result.painted - result.started,
        completeMs: result.complete - result.started,
        requestStartMs: (result.requestStart ?? Number.NaN) - result.started,
        responseEndMs: responseEnd - result.started,
        renderMs: result.inDom - (mode === 'cached' ? result.started : responseEnd),
        settledMs: result.settled - result.started,
        rebuilt: result.rebuilt,
        taskMs: after.taskMs,
        longTasks: longTasks.length,
        longestTaskMs: Math.max(0, ...longTasks),
        domNodes,
        heapUsedBytes: heap.heapUsedBytes,
      };
      results.push(entry);
      log(
        `  history (${mode}) run ${run + 1}: first paint ${entry.firstPaintMs.toFixed(0)} ms ` +
          `(request at ${entry.requestStartMs.toFixed(0)}, response ${entry.responseEndMs.toFixed(0)}, render ${entry.renderMs.toFixed(0)}), ` +
          `complete ${entry.completeMs.toFixed(0)} ms, settled ${entry.settledMs.toFixed(0)} ms, ${entry.rebuilt} messages rebuilt, long tasks ${entry.longTasks}`,
      );
    } finally {
      await bench.close();
    }
  }
  const of = (key: keyof HistoryRun) => median(results.map((run) => run[key]));
  return {
    mode,
    runs: results,
    median: {
      firstPaintMs: of('firstPaintMs'),
      completeMs: of('completeMs'),
      requestStartMs: of('requestStartMs'),
      responseEndMs: of('responseEndMs'),
      renderMs: of('renderMs'),
      settledMs: of('settledMs'),
      rebuilt: of('rebuilt'),
      taskMs: of('taskMs'),
      longTasks: of('longTasks'),
      longestTaskMs: of('longestTaskMs'),
      domNodes: of('domNodes'),
      heapUsedBytes: of('heapUsedBytes'),
    },
  };
}

export async function runHistory(browser: Browser, baseUrl: string, runs: number, log: (line: string) => void): Promise<HistoryResult> {
  const cases: HistoryCase[] = [];
  for (const mode of ['network', 'cached'] as const) cases.push(await runCase(browser, baseUrl, mode, runs, log));
  return { messages: HISTORY_LENGTH, cases };
}
