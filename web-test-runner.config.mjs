/**
 * Browser tests in one engine, TOTEBOT_ENGINE: `chromium` (default, Debian's Chromium),
 * `firefox` (Debian's firefox-esr over WebDriver BiDi) or `webkit` (WebKitGTK's MiniBrowser
 * through the WebKitWebDriver at TOTEBOT_WEBDRIVER_PORT). scripts/test-browser.mjs runs
 * one engine after another and starts (and stops) what WebKit needs. The proxy and the simulator are mounted on
 * the test server's own origin under /v1, so the element talks to the real
 * proxy code; `/__simulator/*` lets a test read what the simulator recorded.
 * Run through `node --import tsx` so this file can import the TypeScript proxy.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { CHROME_ARGS, ensureChrome } from './scripts/find-chrome.mjs';
import { ensureFirefox } from './scripts/find-firefox.mjs';
import { WEBKIT_CAPABILITIES } from './scripts/webkit.mjs';
import { createProxy } from './proxy/handler.ts';
import { toNodeListener } from './proxy/node-adapter.ts';
import { keyChordPlugin } from './test/support/key-chord-plugin.ts';
import { createSimulator, SIMULATOR_API_KEY } from './proxy/simulator/simulator.ts';
import { startEmbeddingServers } from './test/support/embedding-servers.ts';

const engine = process.env.TOTEBOT_ENGINE ?? 'chromium';

function launcher() {
  switch (engine) {
    case 'chromium':
      return chromeLauncher({ launchOptions: { executablePath: ensureChrome(), headless: true, args: CHROME_ARGS } });
    case 'firefox':
      return puppeteerLauncher({ launchOptions: { browser: 'firefox', executablePath: ensureFirefox(), headless: true } });
    case 'webkit': {
      const port = Number(process.env.TOTEBOT_WEBDRIVER_PORT);
      if (!port) throw new Error('TOTEBOT_WEBDRIVER_PORT is not set: run WebKit through scripts/test-browser.mjs --engine webkit.');
      return webdriverLauncher({ hostname: '127.0.0.1', port, capabilities: WEBKIT_CAPABILITIES, logLevel: 'error' });
    }
    default:
      throw new Error(`TOTEBOT_ENGINE=${engine} is not one of chromium, firefox, webkit.`);
  }
}

const simulator = createSimulator({ chunkDelayMs: 2, toolDelayMs: 20, rateLimit: false });
const proxy = createProxy({
  apiKey: SIMULATOR_API_KEY,
  apiUrl: 'http://simulator.invalid',
  upstreamFetch: (request) => simulator.fetch(request, { clientAddress: '127.0.0.1' }),
  log: () => {},
  rateLimits: false,
});
const proxyListener = toNodeListener((request, info) => proxy.fetch(request, undefined, info));

/**
 * Koa middleware: /v1 → the proxy; /__simulator/conversations/:id → the simulator's record of it;
 * POST /__simulator/script → the steps of the next reply (JSON ReplyStep[]);
 * POST /__proxy/down?value=true|false → /v1 answers 502, as a proxy that is down;
 * /__second-proxy/v1 → the same proxy under another endpoint.
 */
let proxyDown = false;

async function totebotMiddleware(ctx, next) {
  if (ctx.path === '/__proxy/down' && ctx.method === 'POST') {
    proxyDown = ctx.query.value === 'true';
    ctx.status = 204;
    return;
  }
  if (ctx.path.startsWith('/v1/') && proxyDown) {
    ctx.status = 502;
    ctx.body = { error: { code: 'bad_gateway', message: 'The proxy is down (test switch).' } };
    return;
  }
  // A second proxy endpoint on the same origin (a store moving to another proxy), for the endpoint-change tests.
  if (ctx.path.startsWith('/__second-proxy/v1/')) {
    ctx.req.url = ctx.req.url.slice('/__second-proxy'.length);
    ctx.respond = false;
    proxyListener(ctx.req, ctx.res);
    return;
  }
  if (ctx.path.startsWith('/v1/')) {
    ctx.respond = false;
    proxyListener(ctx.req, ctx.res);
    return;
  }
  if (ctx.path === '/__simulator/script' && ctx.method === 'POST') {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    simulator.scriptNextReply(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    ctx.status = 204;
    return;
  }
  const match = ctx.path.match(/^\/__simulator\/conversations\/([\w-]+)$/);
  if (match) {
    const conversation = simulator.conversation(match[1]);
    ctx.status = conversation ? 200 : 404;
    ctx.body = conversation ? { messages: conversation.messages } : { error: 'not found' };
    return;
  }
  return next();
}

/**
 * The store and CDN origins of the embedding check (test/embedding.browser.test.ts), started and
 * stopped with the test server; GET /__embedding tells a test where they are and what the CDN answered.
 */
let embeddingServers;
const embeddingServersPlugin = {
  name: 'totebot-embedding-servers',
  async serverStart() {
    embeddingServers = await startEmbeddingServers();
  },
  async serverStop() {
    await embeddingServers?.close();
  },
};

async function embeddingMiddleware(ctx, next) {
  if (ctx.path !== '/__embedding') return next();
  ctx.body = { store: embeddingServers.store.url, cdn: embeddingServers.cdn.url, answered: embeddingServers.cdn.answered };
}

/** Writes `{passed, failed, skipped}` for scripts/test.mjs; a file that failed to load counts as a failure. */
function countReporter(outputFile) {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      const walk = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) counts.skipped += 1;
          else if (test.passed) counts.passed += 1;
          else counts.failed += 1;
        }
        suite.suites.forEach(walk);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        if (!session.passed && session.errors.length > 0) counts.failed += 1;
      }
      mkdirSync('.test-results', { recursive: true });
      writeFileSync(outputFile, JSON.stringify(counts));
    },
  };
}

export default {
  files: ['test/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['development'] },
  concurrency: 1,
  // A safety net for a hung browser, not a speed goal: one engine's whole run takes 2-3 minutes on 2 idle
  // cores and more when other work shares them.
  testsFinishTimeout: 480_000,
  testFramework: { config: { timeout: 10_000 } },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    keyChordPlugin(),
    embeddingServersPlugin,
  ],
  middleware: [totebotMiddleware, embeddingMiddleware],
  browsers: [launcher()],
  // Lit's dev-mode notice is expected in tests; anything else a page logs is shown.
  filterBrowserLogs: ({ args }) => !String(args[0] ?? '').includes('Lit is in dev mode'),
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countReporter(`.test-results/browser-${engine}.json`)],
};
