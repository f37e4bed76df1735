/**
 * Turns the results into the one summary table `npm run bench` prints and the
 * fuller docs/benchmarks.md (the same table first, then every figure).
 */
import type { HistoryResult, HistoryRun } from './history.js';
import { NETWORK, type IntentResult, type IntentTiming } from './intent.js';
import type { ProxyResult } from './proxy.js';
import type { BundleSize } from './sizes.js';
import { formatMs, formatNumber, kB, MB } from './stats.js';
import { CONTENDER_LABELS, CONTENDERS, DEEP_CHAT_VERSION, type Contender, type StreamingCell, type StreamingRun } from './streaming.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  os: string;
  node: string;
  chromium: string;
  date: string;
  commit: string;
  distBuilt: string;
  /** 1-minute load average when the run started and when it ended: other work on the machine skews wall times. */
  load: [number, number];
}

export interface BenchResults {
  machine: Machine;
  durationMs: number;
  runs: number;
  limitMs: number;
  /** Sections that failed, with why. */
  errors: string[];
  sizes?: BundleSize[];
  /** `via`: what the replies streamed through when not the stub directly (`--via-proxy`). */
  streaming?: { tokens: readonly number[]; cells: StreamingCell[]; via?: string };
  history?: HistoryResult;
  proxy?: ProxyResult;
  intent?: IntentResult;
}

export const TARGETS = {
  minGzipBytes: 30_000,
  atLoadGzipBytes: 10_000,
  vsDeepChatPartial: 0.1,
  vsFloor: 5,
  growth: 4.5,
  longTaskMs: 50,
  historyPaintMs: 100,
  proxyOverheadMs: 2,
} as const;

type Verdict = string;
interface Row {
  benchmark: string;
  measure: string;
  result: string;
  target: string;
  verdict: Verdict;
}

const verdict = (ok: boolean | undefined): Verdict => (ok === undefined ? '' : ok ? 'pass' : 'FAIL');
const short = (tokens: number) => (tokens >= 1000 ? `${tokens / 1000}k` : String(tokens));

function cellOf(results: BenchResults, contender: Contender, tokens: number): StreamingCell | undefined {
  return results.streaming?.cells.find((cell) => cell.contender === contender && cell.tokens === tokens);
}

/** A cell's main-thread time (wall or CPU) for ratios: its median, or the limit as a lower bound when it ran over. */
function mainThread(cell: StreamingCell | undefined, cpu = false): { ms: number; over: boolean } | undefined {
  if (!cell) return undefined;
  if (cell.overLimitMs !== undefined) return { ms: cell.overLimitMs, over: true };
  return cell.median ? { ms: cpu ? cell.median.cpuMs : cell.median.taskMs, over: false } : undefined;
}

/** A ratio on wall time and on CPU time, judged on both: they disagree on a busy machine. */
function dualRatio(
  a: StreamingCell | undefined,
  b: StreamingCell | undefined,
  limit: number | undefined,
): { text: string; verdict: Verdict } {
  const wall = ratio(mainThread(a), mainThread(b));
  const cpu = ratio(mainThread(a, true), mainThread(b, true));
  const text = `${wall.text} (CPU ${cpu.text})`;
  if (limit === undefined) return { text, verdict: '' };
  if (Number.isNaN(wall.value) || Number.isNaN(cpu.value)) return { text, verdict: '' };
  const wallOk = wall.value <= limit;
  const cpuOk = cpu.value <= limit;
  return { text, verdict: wallOk && cpuOk ? 'pass' : !wallOk && !cpuOk ? 'FAIL' : cpuOk ? 'FAIL (wall) / pass (CPU)' : 'pass (wall) / FAIL (CPU)' };
}

function ratio(a: { ms: number; over: boolean } | undefined, b: { ms: number; over: boolean } | undefined): { text: string; value: number } {
  if (!a || !b) return { text: '–', value: Number.NaN };
  if (a.over && b.over) return { text: 'both over the limit', value: Number.NaN };
  const value = a.ms / b.ms;
  const prefix = a.over ? '> ' : b.over ? '< ' : '';
  return { text: `${prefix}${formatNumber(value, value < 1 ? 3 : 2)}×`, value };
}

function cellSummary(cell: StreamingCell, limitMs: number): string {
  if (cell.overLimitMs !== undefined) return `> ${limitMs / 1000} s${cell.skipped ? ' (not run, see below)' : ''}`;
  if (!cell.median) return cell.skipped ?? '–';
  const m = cell.median;
  return (
    `main ${formatMs(m.taskMs)} (CPU ${formatMs(m.cpuMs)}), first byte→render ${formatMs(m.firstByteToRenderMs)}, ` +
    `long tasks ${formatNumber(m.longTasks, 0)} (max ${formatMs(m.longestTaskMs)}), heap ${MB(m.heapUsedBytes)}, ${formatNumber(m.domNodes, 0)} nodes`
  );
}

export function summaryRows(results: BenchResults): Row[] {
  const rows: Row[] = [];
  for (const size of results.sizes ?? []) {
    const isReference = size.file.startsWith('node_modules/');
    const limit = size.budget === 'whole' ? TARGETS.minGzipBytes : size.budget === 'atLoad' ? TARGETS.atLoadGzipBytes : undefined;
    rows.push({
      benchmark: 'bundle',
      measure: size.file.replace('node_modules/', ''),
      result: `${kB(size.bytes)} · gzip ${kB(size.gzip)} · brotli ${kB(size.brotli)}`,
      target: limit !== undefined ? `gzip ≤ ${kB(limit)}` : isReference ? 'reference' : '',
      verdict: limit !== undefined ? verdict(size.gzip <= limit) : '',
    });
  }
  const streaming = results.streaming;
  if (streaming) {
    const via = streaming.via ? ` via ${streaming.via}` : '';
    for (const tokens of streaming.tokens) {
      for (const contender of CONTENDERS) {
        const cell = cellOf(results, contender, tokens);
        if (!cell) continue;
        const longTasksOk = contender === 'totebot' && cell.median ? cell.median.longestTaskMs <= TARGETS.longTaskMs : undefined;
        rows.push({
          benchmark: `streaming ${short(tokens)} tokens${via}`,
          measure: CONTENDER_LABELS[contender],
          result: cellSummary(cell, results.limitMs),
          target: contender === 'totebot' ? `no long task > ${TARGETS.longTaskMs} ms` : '',
          verdict: verdict(longTasksOk),
        });
      }
    }
    const at4k = streaming.tokens.includes(4000) ? 4000 : streaming.tokens[Math.floor(streaming.tokens.length / 2)]!;
    const totebot = cellOf(results, 'totebot', at4k);
    const partial = dualRatio(totebot, cellOf(results, 'deep-chat-partial', at4k), TARGETS.vsDeepChatPartial);
    rows.push({
      benchmark: `streaming ${short(at4k)} tokens${via}`,
      measure: 'main thread: totebot ÷ deep-chat partialRender',
      result: partial.text,
      target: `≤ ${TARGETS.vsDeepChatPartial}×`,
      verdict: partial.verdict,
    });
    const floor = dualRatio(totebot, cellOf(results, 'floor', at4k), TARGETS.vsFloor);
    rows.push({
      benchmark: `streaming ${short(at4k)} tokens${via}`,
      measure: 'main thread: totebot ÷ floor',
      result: floor.text,
      target: `≤ ${TARGETS.vsFloor}×`,
      verdict: floor.verdict,
    });
    const large = streaming.tokens.at(-1)!;
    if (large !== at4k) {
      for (const contender of CONTENDERS) {
        const isTotebot = contender === 'totebot';
        const growth = dualRatio(cellOf(results, contender, large), cellOf(results, contender, at4k), isTotebot ? TARGETS.growth : undefined);
        rows.push({
          benchmark: `growth ${short(large)} ÷ ${short(at4k)}${via}`,
          measure: `main thread, ${CONTENDER_LABELS[contender]}`,
          result: growth.text,
          target: isTotebot ? `≤ ${TARGETS.growth}×` : '',
          verdict: growth.verdict,
        });
      }
    }
  }
  const intent = results.intent;
  if (intent) {
    rows.push({
      benchmark: 'page weight',
      measure: 'untouched page, 5 s after load: every script fetched',
      result: `gzip ${kB(intent.untouched.gzipBytes)} (${intent.untouched.files.map((file) => file.file).join(', ')})`,
      target: `gzip ≤ ${kB(TARGETS.atLoadGzipBytes)}`,
      verdict: verdict(intent.untouched.gzipBytes <= TARGETS.atLoadGzipBytes),
    });
    for (const [measure, entry] of [
      ['tap, nothing preloaded', intent.tap],
      ['hover 300 ms, then click', intent.hoverThenClick],
    ] as const) {
      rows.push({
        benchmark: `first open (${NETWORK.latencyMs} ms RTT)`,
        measure: `${measure} → frame visible / composer usable`,
        result: `${formatMs(entry.median.frameMs)} / ${formatMs(entry.median.composerMs)}`,
        target: '',
        verdict: '',
      });
    }
  }
  const history = results.history;
  for (const entry of history?.cases ?? []) {
    const m = entry.median;
    const result =
      entry.mode === 'network'
        ? `${formatMs(m.firstPaintMs)} (request at ${formatMs(m.requestStartMs)}, response ${formatMs(m.responseEndMs)}, render ${formatMs(m.renderMs)})`
        : `${formatMs(m.firstPaintMs)} (render ${formatMs(m.renderMs)}); proxy's history rendered at ${formatMs(m.settledMs)}, ` +
          `${formatNumber(m.rebuilt, 0)} messages rebuilt`;
    rows.push({
      benchmark: `history ${history!.messages} messages`,
      measure: entry.mode === 'network' ? 'connection → first paint, from the proxy' : 'connection → first paint, from the device cache',
      result: `${result}; long tasks ${formatNumber(m.longTasks, 0)} (max ${formatMs(m.longestTaskMs)}), ${formatNumber(m.domNodes, 0)} nodes`,
      target: `≤ ${TARGETS.historyPaintMs} ms`,
      verdict: verdict(m.firstPaintMs <= TARGETS.historyPaintMs),
    });
  }
  const proxy = results.proxy;
  if (proxy) {
    const t = proxy.ttfb;
    rows.push({
      benchmark: 'proxy',
      measure: `time to first byte added (median of ${t.requests})`,
      result:
        `${formatNumber(t.overheadMedianMs, 2)} ms (direct ${formatNumber(t.directMedianMs, 2)} ms, proxied ${formatNumber(t.proxiedMedianMs, 2)} ms); ` +
        `proxy CPU ${formatNumber(t.proxiedCpuMsPerRequest, 3)} ms per request; load ${formatNumber(t.load[0], 2)} → ${formatNumber(t.load[1], 2)}`,
      target: `≤ ${TARGETS.proxyOverheadMs} ms`,
      verdict: verdict(t.overheadMedianMs <= TARGETS.proxyOverheadMs),
    });
    for (const candidate of t.clients) {
      rows.push({
        benchmark: 'proxy',
        measure: `… on upstream client ${candidate.client} (compared, alternating with direct)`,
        result: `${formatNumber(candidate.overheadMedianMs, 2)} ms added; proxy CPU ${formatNumber(candidate.cpuMsPerRequest, 3)} ms per request`,
        target: `≤ ${TARGETS.proxyOverheadMs} ms`,
        verdict: verdict(candidate.overheadMedianMs <= TARGETS.proxyOverheadMs),
      });
    }
    const c = proxy.concurrency;
    rows.push({
      benchmark: 'proxy',
      measure: `${c.streams} concurrent streams (${c.chunks} chunks × ${c.chunkIntervalMs} ms), ${c.runs} runs`,
      result:
        `${c.errors} errors; ${formatMs(c.totalMs)} total (median); per stream ${kB(c.rssPerStreamBytes)} RSS, ` +
        `${kB(c.liveHeapPerStreamBytes)} live heap`,
      target: '0 errors',
      verdict: verdict(c.errors === 0),
    });
  }
  return rows;
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

export function renderSummary(results: BenchResults): string {
  return markdownTable(
    ['benchmark', 'measure', 'result', 'target', 'verdict'],
    summaryRows(results).map((row) => [row.benchmark, row.measure, row.result, row.target, row.verdict]),
  );
}

function streamingMatrix(results: BenchResults, title: string, value: (run: StreamingRun) => string): string {
  const streaming = results.streaming!;
  const rows = CONTENDERS.map((contender) => [
    CONTENDER_LABELS[contender],
    ...streaming.tokens.map((tokens) => {
      const cell = cellOf(results, contender, tokens);
      if (!cell) return '–';
      if (cell.overLimitMs !== undefined) return `> ${results.limitMs / 1000} s`;
      return cell.median ? value(cell.median) : '–';
    }),
  ]);
  return `#### ${title}\n\n${markdownTable(['contender', ...streaming.tokens.map((tokens) => `${formatNumber(tokens, 0)} tokens`)], rows)}`;
}

function proxySection(p: ProxyResult, measuredAlone?: Machine): string {
  const c = p.concurrency;
  const alone = measuredAlone
    ? `\n\nMeasured on its own (\`npm run bench -- --only proxy\`) ${measuredAlone.date} at commit ${measuredAlone.commit}, after the rest of\n` +
      `this page; load average (1 min) ${formatNumber(measuredAlone.load[0], 2)} at its start, ${formatNumber(measuredAlone.load[1], 2)} at its end.`
    : '';
  return `## Proxy${alone}

The proxy as \`totebot-proxy\` runs it (proxy/config.ts \`assembleProxy\`: the handler reaching upstream through
the client it picks, behind proxy/node-adapter.ts \`serveProxy\`), in a child process (\`node --expose-gc --import tsx
bench/proxy-child.ts\`) with its rate limits off and its request log as deployed (stdout, here to /dev/null); a stub
upstream and the client (node:http, keep-alive Agent with maxSockets 1000) in the bench process; loopback only.

- **Time to first byte**: \`POST /v1/chat\` answered by the stub with one chunk and \`completed\`; request sent to the
  first body byte, ${p.ttfb.requests} sequential requests straight to the stub and through the proxy, alternating (nothing
  else in between), after ${p.ttfb.warmup} of each as a warm-up, so the proxy's code is optimised as in a running
  deployment. Load average (1 min) ${formatNumber(p.ttfb.load[0], 2)} at its start, ${formatNumber(p.ttfb.load[1], 2)} at its end. Direct median ${formatNumber(p.ttfb.directMedianMs, 2)} ms (p90 ${formatNumber(p.ttfb.directP90Ms, 2)}), through
  the proxy ${formatNumber(p.ttfb.proxiedMedianMs, 2)} ms (p90 ${formatNumber(p.ttfb.proxiedP90Ms, 2)}): the proxy adds
  **${formatNumber(p.ttfb.overheadMedianMs, 2)} ms**. The proxy process spent ${formatNumber(p.ttfb.proxiedCpuMsPerRequest, 3)} ms of CPU per request.
- **Upstream clients compared**: a proxy child per client, each measured after the above in a phase of its own,
  alternating with direct requests the same way (its figure is against that phase's direct median): ${p.ttfb.clients
    .map(
      (candidate) =>
        `${candidate.client} adds ${formatNumber(candidate.overheadMedianMs, 2)} ms (p90 ${formatNumber(candidate.proxiedP90Ms, 2)} ms ` +
        `through it), ${formatNumber(candidate.cpuMsPerRequest, 3)} ms CPU per request`,
    )
    .join('; ')}. CPU time per request barely moves with other load on the machine; wall times do.
- **Concurrency**: ${c.streams} streams at once, the stub sending ${c.chunks} chunks ${c.chunkIntervalMs} ms apart
  (${formatMs(c.idealMs)} for one stream alone); each must arrive whole with its \`completed\`. ${c.runs} runs: ${c.errors}
  errors${c.errorSamples.length > 0 ? ` (${c.errorSamples.join('; ')})` : ''}; median total ${formatMs(c.totalMs)}.
- **Memory per stream**: peak RSS of the first run (fresh process) less RSS before, ÷ ${c.streams}: ${kB(c.rssPerStreamBytes)}
  (pessimistic: garbage and warm-up included); heap + external after a forced collection with all ${c.streams} streams
  open, less the same before, ÷ ${c.streams}: ${kB(c.liveHeapPerStreamBytes)}. Before: RSS ${MB(c.baseline.rss)}, heap
  ${MB(c.baseline.heapUsed)}; peak: RSS ${MB(c.peak.rss)}, heap ${MB(c.peak.heapUsed)}.`;
}

/**
 * docs/benchmarks.md with its proxy rows and section replaced by a proxy-only run's,
 * the other sections (measured by the last full run) left as they were.
 */
export function spliceProxy(document: string, results: BenchResults, marker: string): string {
  const proxy = results.proxy;
  if (!proxy) return document;
  const rows = renderSummary(results)
    .split('\n')
    .filter((line) => line.startsWith('| proxy |'));
  const lines = document.split('\n');
  const first = lines.findIndex((line) => line.startsWith('| proxy |'));
  const count = lines.filter((line) => line.startsWith('| proxy |')).length;
  if (first < 0) throw new Error('docs/benchmarks.md has no proxy rows to replace: run the whole bench once');
  lines.splice(first, count, ...rows);
  const text = lines.join('\n');
  const from = text.indexOf('## Proxy\n');
  const to = text.indexOf(marker);
  if (from < 0 || to < 0) throw new Error('docs/benchmarks.md has no proxy section to replace: run the whole bench once');
  return `${text.slice(0, from)}${proxySection(proxy, results.machine)}\n\n${text.slice(to)}`;
}

export function renderDocument(results: BenchResults): string {
  const m = results.machine;
  const parts: string[] = [];
  parts.push(`# Benchmarks

Written by \`npm run bench\` (bench/run.ts); do not edit by hand. Medians of ${results.runs} runs unless noted.
The whole run took ${formatMs(results.durationMs)}.

**Machine:** ${m.cpus} CPUs (\`nproc\`), ${m.cpuModel}; ${formatNumber(m.memoryBytes / 2 ** 30, 1)} GiB memory; ${m.os};
Node ${m.node}; ${m.chromium} (headless, driven by playwright-core). Measured ${m.date} at commit ${m.commit};
dist/ built ${m.distBuilt}. Load average (1 min) ${formatNumber(m.load[0], 2)} at the start, ${formatNumber(m.load[1], 2)} at the end;
the bench itself accounts for up to about 2 of it, anything above means other work competed for the ${m.cpus} CPUs,
which inflates wall times (main thread, first byte → render, long tasks, history, proxy) far more than CPU times.

## Summary

${renderSummary(results)}${results.errors.length > 0 ? `\n\n**Failed sections:** ${results.errors.join('; ')}` : ''}`);

  if (results.sizes) {
    parts.push(`## Bundle sizes

gzip at level 9 and brotli at quality 11 (node:zlib), of the files as built.

${markdownTable(
  ['file', 'what', 'bytes', 'gzip', 'brotli'],
  results.sizes.map((size) => [size.file, size.note, formatNumber(size.bytes, 0), formatNumber(size.gzip, 0), formatNumber(size.brotli, 0)]),
)}`);
  }

  if (results.streaming) {
    const streaming = results.streaming;
    const notes = streaming.cells
      .filter((cell) => cell.skipped || cell.overLimitMs !== undefined || cell.runs.length < results.runs)
      .map((cell) => {
        const what = `${CONTENDER_LABELS[cell.contender]} at ${formatNumber(cell.tokens, 0)} tokens`;
        const failed = cell.failures.length > 0 ? ` ${cell.failures.length} run(s) failed: ${[...new Set(cell.failures)].join('; ')}.` : '';
        if (cell.skipped) return `- ${what}: ${cell.skipped}.`;
        if (cell.overLimitMs !== undefined) return `- ${what}: stopped at the ${results.limitMs / 1000} s limit.${failed}`;
        if (failed) return `- ${what}: median of ${cell.runs.length} runs.${failed}`;
        return `- ${what}: ${cell.runs.length} runs (each took more than half the time limit).`;
      });
    parts.push(`## Streaming

A Markdown reply of N tokens (bench/markdown-corpus.ts: headings, paragraphs with bold, italics, inline code and links,
lists, a table every 9 blocks, a fenced code block every 5; about 3.6 characters per token) is streamed by a local stub
(bench/stub-server.ts) as one SSE frame per token, written as fast as the socket accepts them: the canonical
\`event: chunk\` frames of shared/totebot-api.md and a final \`completed\` for <totebot-chat> and the floor, and deep-chat's
own shape \`data: {"text": "…"}\` (its connect/stream SSE handler reads each \`data:\` line as a Response object) for
deep-chat. Every run has a fresh browser context; the page, the widget file and the stream share one origin. The
browser runs with the omnibox popups' WebUI switched off (\`WebUIOmniboxPopup\`, \`WebUIOmniboxAimPopup\`, added to
Playwright's own \`--disable-features\`): headless Chromium otherwise boots them in a renderer of their own for every new
window, about 1.4 s of CPU that fell on each run's first second and took half of the 2 cores from every contender.

- **main thread**: \`TaskDuration\` from the DevTools protocol's \`Performance.getMetrics\`, from just before the send to
  the frame after the final render (wall time of the renderer main thread's tasks); **CPU** is the same in thread time
  (\`timeDomain: threadTicks\`). On 2 cores the browser's network process, V8's background compiler and the stub compete
  with the renderer, so the wall figure is higher than CPU for every contender alike.
- **first byte → render**: the chat response's \`responseStart\` (Resource Timing) to the animation frame after the
  reply finished (\`send()\` resolved; deep-chat's \`message\` event; the floor's stream end).
- **long tasks**: PerformanceObserver \`longtask\` entries (> 50 ms) during the run.
- **heap**: \`JSHeapUsedSize\` after a forced garbage collection at the end. **nodes**: every node of the document, open
  shadow roots included.
- Contenders: <totebot-chat> from dist/totebot-chat.min.js in inline mode, \`send(text)\`; deep-chat ${DEEP_CHAT_VERSION}
  (\`deepChat.bundle.js\`) with \`connect: {url, stream: true}\` and with \`stream: {partialRender: true}\`,
  \`submitUserMessage\`; the floor: \`fetch\`, a 20-line SSE split, \`JSON.parse\`, \`appendData\` on one text node.
- Time limit per run ${results.limitMs / 1000} s.${notes.length > 0 ? `\n\n${notes.join('\n')}` : ''}

${streamingMatrix(results, 'Main thread, wall (median)', (run) => formatMs(run.taskMs))}

${streamingMatrix(results, 'Main thread, CPU (median)', (run) => formatMs(run.cpuMs))}

${streamingMatrix(results, 'First byte → final render (median)', (run) => formatMs(run.firstByteToRenderMs))}

${streamingMatrix(results, 'Long tasks > 50 ms: count (longest)', (run) => `${formatNumber(run.longTasks, 0)} (${formatMs(run.longestTaskMs)})`)}

${streamingMatrix(results, 'Layout / style recalculation (median)', (run) => `${formatMs(run.layoutMs)} / ${formatMs(run.styleMs)}`)}

${streamingMatrix(results, 'JS heap used after GC (median)', (run) => MB(run.heapUsedBytes))}

${streamingMatrix(results, 'DOM nodes (median)', (run) => formatNumber(run.domNodes, 0))}`);
  }

  if (results.intent) {
    const i = results.intent;
    const cells = (timing: IntentTiming) => [formatMs(timing.frameMs), formatMs(timing.composerMs)];
    parts.push(`## Untouched page and first open

The built script-tag file from a CDN origin of its own (\`<script src async>\`), with Chromium's network
emulation: ${NETWORK.latencyMs} ms per round trip, ${NETWORK.downloadBitsPerSecond / 1e6} Mbit/s down. Fresh context (empty cache) per run.
*Untouched*: a first-time visitor's page left alone for 5 s after \`load\`, every script it fetched weighed as gzip
(level 9): ${i.untouched.files.map((file) => `\`${file.file}\` ${formatNumber(file.gzip, 0)} B`).join(', ')}; ${formatNumber(i.untouched.gzipBytes, 0)} B in all.
*Tap*: a touch on the launcher as soon as it shows; the panel chunk starts loading then. *Hover, then click*: the pointer
rests on the launcher for 300 ms, then clicks. Times run from the input event to the animation frame in which the
panel's frame is visible, and in which the message box is rendered and focused.

${markdownTable(
  ['run', 'tap → frame', 'tap → composer', 'hover+click → frame', 'hover+click → composer'],
  [
    ...i.tap.runs.map((run, index) => [String(index + 1), ...cells(run), ...cells(i.hoverThenClick.runs[index]!)]),
    ['**median**', ...cells(i.tap.median), ...cells(i.hoverThenClick.median)],
  ],
)}`);
  }

  if (results.history) {
    const h = results.history;
    parts.push(`## Long history

A stored session (IndexedDB \`totebot-chat\`/\`sessions\`, key \`session:<endpoint>\`, schema version 1) points at a
conversation that the stub's \`GET /v1/conversations/:id/messages\` answers with ${h.messages} messages (user questions and
Markdown answers of 40–200 tokens, about 90 kB of JSON). Measured from appending <totebot-chat> (inline) to
*first paint*: the first frame that shows the shopper the end of the conversation as it will stay (the newest message,
checked against the history's last, rendered at the bottom of a full log and scrolled into view); and to *complete*:
the frame with all ${h.messages} messages in its shadow DOM, the first at the top and the log still at its end. The widget
renders the newest messages first and older ones in later frames. Fresh context per run.

- **from the proxy**: the session holds the conversation id only. *render* = history response end → messages in the DOM.
- **from the device cache**: the session also holds the ${h.messages} messages (as the widget caches them); it paints
  those first and then replaces them with the proxy's history. *render* = connection → cached messages in the DOM;
  *settled* = connection → the proxy's history rendered; *rebuilt* = message elements removed and built again meanwhile.

${h.cases
  .map(
    (entry) => `#### ${entry.mode === 'network' ? 'From the proxy' : 'From the device cache'}

${markdownTable(
  ['run', 'first paint', 'complete', 'request sent', 'response end', 'render', 'settled', 'rebuilt', 'main thread', 'long tasks (max)', 'nodes', 'heap'],
  [...entry.runs.map((run, index) => [String(index + 1), ...historyCells(run)]), ['**median**', ...historyCells(entry.median)]],
)}`,
  )
  .join('\n\n')}`);
  }

  if (results.proxy) parts.push(proxySection(results.proxy));
  return `${parts.join('\n\n')}\n`;
}

function historyCells(run: HistoryRun): string[] {
  return [
    formatMs(run.firstPaintMs),
    formatMs(run.completeMs),
    formatMs(run.requestStartMs),
    formatMs(run.responseEndMs),
    formatMs(run.renderMs),
    formatMs(run.settledMs),
    formatNumber(run.rebuilt, 0),
    formatMs(run.taskMs),
    `${formatNumber(run.longTasks, 0)} (${formatMs(run.longestTaskMs)})`,
    formatNumber(run.domNodes, 0),
    MB(run.heapUsedBytes),
  ];
}
