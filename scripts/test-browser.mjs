/**
 * Browser tests (Web Test Runner) in one engine or several, one run per engine,
 * one after another: each run has its own test server, simulator and proxy
 * switches, so engines never share state, and the two cores are not split three ways.
 *
 *   node scripts/test-browser.mjs                       every engine
 *   node scripts/test-browser.mjs --engine firefox      one engine (repeat the flag for more)
 *   node scripts/test-browser.mjs --engine webkit --files test/views/font-warmup.browser.test.ts
 *
 * Other arguments go to Web Test Runner. TOTEBOT_ENGINES=chromium,firefox does the same as the flags.
 * Each run writes its counts to .test-results/browser-<engine>.json.
 */
import { spawn } from 'node:child_process';
import { ensureChrome } from './find-chrome.mjs';
import { ensureFirefox } from './find-firefox.mjs';
import { startWebKit } from './webkit.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

const root = new URL('..', import.meta.url).pathname;

/** Splits `--engine X` (or `--engine=X`) from the arguments meant for Web Test Runner. */
export function parseEngineArgs(args, fallback = process.env.TOTEBOT_ENGINES) {
  const engines = [];
  const rest = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--engine') engines.push(args[++index]);
    else if (arg.startsWith('--engine=')) engines.push(arg.slice('--engine='.length));
    else rest.push(arg);
  }
  if (engines.length === 0 && fallback) engines.push(...fallback.split(',').map((name) => name.trim()).filter(Boolean));
  for (const engine of engines) {
    if (!ENGINES.includes(engine)) throw new Error(`Unknown engine "${engine}": use one of ${ENGINES.join(', ')}.`);
  }
  return { engines: engines.length > 0 ? engines : ENGINES, rest };
}

/** What an engine needs before Web Test Runner starts, as environment for its config; `stop` ends what was started. */
async function prepare(engine) {
  if (engine === 'chromium') return { env: { CHROME_PATH: ensureChrome() }, stop: async () => {} };
  if (engine === 'firefox') return { env: { FIREFOX_PATH: ensureFirefox() }, stop: async () => {} };
  const webkit = await startWebKit();
  return { env: { TOTEBOT_WEBDRIVER_PORT: String(webkit.port) }, stop: () => webkit.stop() };
}

function runNode(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
    child.once('exit', (code, signal) => {
      // A runner that a signal ended prints nothing of its own: say so, or the run just stops.
      if (signal) console.error(`  Web Test Runner was ended by ${signal}`);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** One Web Test Runner run in `engine`; resolves with whether it passed and how long it took. */
export async function runBrowserTests(engine, wtrArgs = []) {
  const started = Date.now();
  console.log(`\n▶ browser tests in ${engine}`);
  let code = 1;
  let prepared;
  try {
    prepared = await prepare(engine);
    code = await runNode(
      ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs', ...wtrArgs],
      { ...process.env, ...prepared.env, TOTEBOT_ENGINE: engine },
    );
  } catch (error) {
    console.error(`  ${engine}: ${error instanceof Error ? error.message : error}`);
  } finally {
    await prepared?.stop();
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`  browser tests in ${engine}: ${code === 0 ? 'ok' : `exit ${code}`} in ${seconds.toFixed(1)} s`);
  return { ok: code === 0, seconds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { engines, rest } = parseEngineArgs(process.argv.slice(2));
  let failed = false;
  for (const engine of engines) {
    const { ok } = await runBrowserTests(engine, rest);
    failed ||= !ok;
  }
  process.exit(failed ? 1 : 0);
}
