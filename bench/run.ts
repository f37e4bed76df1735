/**
 * `npm run bench`: bundle sizes, what an untouched page costs and how soon a first tap
 * answers, streaming in headless Chromium against deep-chat and a bare floor, restoring
 * a long history, and the proxy's overhead and concurrency. Prints one summary table and
 * writes docs/benchmarks.md.
 *
 * Options: `--quick` (1 run, 1k and 4k tokens, fewer proxy requests; does not
 * write docs/benchmarks.md), `--only sizes,intent,streaming,history,proxy`, `--runs N`,
 * and for streaming `--tokens 4000,16000`, `--contenders totebot,floor` and `--via-proxy` (every
 * contender streams through `npm run proxy`, proxy/cli.ts, started with the stub as its upstream,
 * instead of from the stub directly). A partial run never writes docs/benchmarks.md, except
 * `--only proxy`, which replaces the proxy's rows and section and keeps the rest.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { launchBrowser, type BenchBrowser } from './browser.js';
import { runHistory } from './history.js';
import { runIntent } from './intent.js';
import { runProxy } from './proxy.js';
import { renderDocument, renderSummary, spliceProxy, type BenchResults, type Machine } from './report.js';
import { ensureBuild, measureSizes } from './sizes.js';
import { CONTENDERS, runStreaming, type Contender } from './streaming.js';
import { startProxyCli } from './proxy-cli.js';
import { startStubServer, type StubServer } from './stub-server.js';

const SECTIONS = ['sizes', 'intent', 'streaming', 'history', 'proxy'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    runs: { type: 'string' },
    tokens: { type: 'string' },
    contenders: { type: 'string' },
    'via-proxy': { type: 'boolean', default: false },
  },
});
const quick = values.quick ?? false;
const only = new Set((values.only ?? SECTIONS.join(',')).split(',').map((name) => name.trim()) as Section[]);
for (const name of only) if (!SECTIONS.includes(name)) throw new Error(`--only: unknown section "${name}" (${SECTIONS.join(', ')})`);
const runs = values.runs ? Number.parseInt(values.runs, 10) : quick ? 1 : 5;
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
const sizes = values.tokens ? values.tokens.split(',').map((count) => Number.parseInt(count, 10)) : quick ? [1000, 4000] : [1000, 4000, 16000];
if (sizes.some((count) => !Number.isInteger(count) || count < 1)) throw new Error('--tokens must list positive integers');
const contenders = values.contenders ? (values.contenders.split(',').map((name) => name.trim()) as Contender[]) : undefined;
for (const name of contenders ?? []) if (!CONTENDERS.includes(name)) throw new Error(`--contenders: unknown "${name}" (${CONTENDERS.join(', ')})`);
const viaProxy = values['via-proxy'] ?? false;
const partial = values.tokens !== undefined || contenders !== undefined || viaProxy;
const limitMs = 120_000;
const root = new URL('..', import.meta.url);
const log = (line: string) => console.log(line);

function command(file: string, args: string[]): string {
  try {
    return execFileSync(file, args, { cwd: root.pathname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** Which widget build was measured: read when the run starts, since npm test elsewhere may rebuild dist/ meanwhile. */
function distInfo(): string {
  try {
    const file = new URL('dist/totebot-chat.min.js', root);
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);
    return `${statSync(file).mtime.toISOString()} (totebot-chat.min.js sha256 ${hash}…)`;
  } catch {
    return 'not built';
  }
}

/** Everything from this line on in docs/benchmarks.md is written by hand, and a bench run keeps it. */
const HAND_WRITTEN_MARKER = '<!-- Written by hand from here on: npm run bench keeps it. -->';

function handWritten(document: URL): string {
  try {
    const text = readFileSync(document, 'utf8');
    const at = text.indexOf(HAND_WRITTEN_MARKER);
    return at < 0 ? '' : `\n${text.slice(at)}`;
  } catch {
    return '';
  }
}

function machine(chromium: string, distBuilt: string, loadAtStart: number, commit: string): Machine {
  const osRelease = (() => {
    try {
      return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? process.platform;
    } catch {
      return process.platform;
    }
  })();
  return {
    cpus: Number.parseInt(command('nproc', []), 10) || cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryBytes: totalmem(),
    os: osRelease,
    node: process.version,
    chromium,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    commit,
    distBuilt,
    load: [loadAtStart, loadavg()[0]!],
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadAtStart = loadavg()[0]!;
  const errors: string[] = [];
  /** A section that throws is reported and the others still run. */
  const section = async (name: Section, body: () => Promise<void>) => {
    try {
      await body();
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      errors.push(`${name}: ${reason}`);
      log(`  ${name} FAILED: ${reason}`);
    }
  };
  const needsBrowser = only.has('intent') || only.has('streaming') || only.has('history');
  if (only.has('sizes') || needsBrowser) ensureBuild(log);
  const distBuilt = distInfo();
  const dirty = command('git', ['status', '--porcelain', '--', 'src', 'proxy']) !== '' ? ' with uncommitted changes in src/ or proxy/' : '';
  const commit = `${command('git', ['rev-parse', '--short', 'HEAD'])}${dirty}`;

  const results: Omit<BenchResults, 'machine' | 'durationMs'> = { runs, limitMs, errors };
  if (only.has('sizes')) {
    log('▶ bundle sizes');
    results.sizes = measureSizes();
  }

  let browser: BenchBrowser | undefined;
  let stub: StubServer | undefined;
  let chromium = command('/usr/bin/chromium', ['--version']);
  try {
    if (needsBrowser) {
      stub = await startStubServer();
      browser = await launchBrowser();
      chromium = browser.version;
    }
    if (only.has('intent')) {
      log(`▶ untouched page and first tap (${runs} run(s), 150 ms round trips)`);
      await section('intent', async () => {
        results.intent = await runIntent(browser!.browser, runs, log);
      });
    }
    if (only.has('streaming')) {
      const via = viaProxy ? 'proxy/cli.ts' : undefined;
      log(`▶ streaming${via ? ` through ${via}` : ''} (${sizes.join(', ')} tokens, ${runs} run(s) each, limit ${limitMs / 1000} s per run)`);
      await section('streaming', async () => {
        const proxy = viaProxy ? await startProxyCli(stub!.url, stub!.url) : undefined;
        try {
          const cells = await runStreaming(browser!.browser, stub!.url, { sizes, runs, limitMs, log, contenders, endpoint: proxy?.url });
          results.streaming = { tokens: sizes, cells, ...(via && { via }) };
        } finally {
          await proxy?.close();
        }
      });
    }
    if (only.has('history')) {
      log('▶ long history');
      await section('history', async () => {
        results.history = await runHistory(browser!.browser, stub!.url, Math.max(runs, quick ? 1 : 7), log);
      });
    }
  } finally {
    await browser?.close();
    await stub?.close();
  }

  if (only.has('proxy')) {
    log('▶ proxy');
    await section('proxy', async () => {
      results.proxy = await runProxy({
        ttfbRequests: quick ? 50 : 200,
        clients: ['fetch', 'undici'],
        warmup: quick ? 50 : 200,
        streams: 500,
        concurrencyRuns: quick ? 1 : 3,
        chunks: 20,
        chunkIntervalMs: 50,
        limitMs: 60_000,
        log,
      });
    });
  }

  const complete: BenchResults = { ...results, machine: machine(chromium, distBuilt, loadAtStart, commit), durationMs: Date.now() - started };
  log('');
  log(renderSummary(complete));
  log('');
  for (const error of errors) log(`error: ${error}`);
  if (errors.length > 0) process.exitCode = 1;
  const document = new URL('docs/benchmarks.md', root);
  if (!quick && !partial && only.size === 1 && only.has('proxy') && results.proxy) {
    // The proxy section alone: its rows and section replace the last full run's, the rest stays.
    writeFileSync(document, spliceProxy(readFileSync(document, 'utf8'), complete, HAND_WRITTEN_MARKER));
    log(`wrote the proxy section of docs/benchmarks.md in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return;
  }
  if (quick || partial || only.size < SECTIONS.length) {
    log(`(partial run: docs/benchmarks.md not written) ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return;
  }
  mkdirSync(new URL('docs/', root), { recursive: true });
  writeFileSync(document, renderDocument(complete) + handWritten(document));
  log(`wrote docs/benchmarks.md in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
