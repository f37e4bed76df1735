/**
 * `npm test`: typecheck, build, then every suite — Node tests (protocol, state,
 * proxy over HTTP, bundle size, end to end in Chromium) and browser tests (Web
 * Test Runner in Chromium). Ends with one line `N passed, N failed`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureChrome } from './find-chrome.mjs';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, '.test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

process.env.CHROME_PATH = ensureChrome();

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
steps.push(
  run('browser tests', process.execPath, ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs']),
);

let passed = 0;
let failed = 0;
for (const [suite, file] of [['node', 'node.json'], ['browser', 'browser.json']]) {
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
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
