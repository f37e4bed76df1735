/**
 * `npm test`: typecheck, build, then every suite — Node tests (protocol, state,
 * proxy over HTTP, bundle size, end to end in Chromium, Firefox and WebKit) and
 * browser tests (Web Test Runner in Chromium, Firefox and WebKit, one engine after
 * another; `--engine firefox` or TOTEBOT_ENGINES=chromium,firefox narrows these). Ends with one line
 * `N passed, N failed` counting every suite and engine.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureChrome } from './find-chrome.mjs';
import { ensureFirefox } from './find-firefox.mjs';
import { parseEngineArgs, runBrowserTests } from './test-browser.mjs';
import { ensureWebKit } from './webkit.mjs';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, '.test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const { engines } = parseEngineArgs(process.argv.slice(2));
// Every engine is found (or installed) before any test starts: the end-to-end tests use all three.
process.env.CHROME_PATH = ensureChrome();
process.env.FIREFOX_PATH = ensureFirefox();
ensureWebKit();

function run(label, command, args) {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  console.log(`  ${label}: ${status === 0 ? 'ok' : `exit ${status}`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return status === 0;
}

function testFiles(directory, predicate) {
  const found = [];
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) found.push(...testFiles(path, predicate));
    else if (predicate(name)) found.push(relative(root, path));
  }
  return found.sort();
}

function readCounts(file) {
  try {
    return JSON.parse(readFileSync(join(results, file), 'utf8'));
  } catch {
    return undefined;
  }
}

const steps = [];
steps.push(run('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']));
steps.push(run('build', 'npm', ['run', 'build', '--silent']));

const nodeFiles = testFiles(join(root, 'test'), (name) => name.endsWith('.test.ts') && !name.endsWith('.browser.test.ts'));
steps.push(
  run('node tests', process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/node-count-reporter.mjs',
    `--test-reporter-destination=${join(results, 'node.json')}`,
    ...nodeFiles,
  ]),
);
const engineSeconds = [];
for (const engine of engines) {
  const { ok, seconds } = await runBrowserTests(engine);
  steps.push(ok);
  engineSeconds.push(`${engine} ${seconds.toFixed(0)} s`);
}

let passed = 0;
let failed = 0;
const suites = [['node', 'node.json'], ...engines.map((engine) => [`browser (${engine})`, `browser-${engine}.json`])];
for (const [suite, file] of suites) {
  const counts = readCounts(file);
  if (!counts) {
    console.log(`  ${suite} tests reported no counts: counted as one failure`);
    failed += 1;
    continue;
  }
  passed += counts.passed;
  failed += counts.failed;
}
const stepFailures = steps.filter((ok) => !ok).length;
// A step that failed without a failing test (typecheck, build, a crash) still fails the run.
if (stepFailures > 0 && failed === 0) failed = stepFailures;
console.log(`\n  browser tests took ${engineSeconds.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
