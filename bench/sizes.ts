/**
 * Bundle sizes of the built files: as shipped, gzip (level 9) and brotli
 * (quality 11), with node:zlib. deep-chat's browser bundle is measured the same
 * way for reference.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readCdnGraph } from '../scripts/cdn-graph.js';

const root = new URL('..', import.meta.url);

export interface BundleSize {
  file: string;
  note: string;
  /** Which size budget the figure answers to, if any. */
  budget?: 'atLoad' | 'whole';
  bytes: number;
  gzip: number;
  brotli: number;
}

export const BUNDLES = [
  { file: 'dist/totebot-chat.min.js', note: 'script tag (module): the entry alone' },
  { file: 'dist/totebot-chat.js', note: 'npm ES module: lit and the other dependencies external, not minified' },
  { file: 'node_modules/deep-chat/dist/deepChat.bundle.js', note: 'reference: deep-chat browser bundle' },
] as const;

/** Builds when a widget file is missing; says so when the build is older than the sources. */
export function ensureBuild(log: (line: string) => void): void {
  const missing = BUNDLES.slice(0, 2).some(({ file }) => !existsSync(new URL(file, root)));
  if (missing) {
    log('dist is missing: running npm run build');
    const { status } = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root.pathname, stdio: 'inherit' });
    if (status !== 0) throw new Error('npm run build failed');
    return;
  }
  const built = statSync(new URL('dist/totebot-chat.min.js', root)).mtimeMs;
  const newer = spawnSync('find', ['src', '-newer', 'dist/totebot-chat.min.js', '-type', 'f'], { cwd: root.pathname, encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean);
  if (newer.length > 0) {
    log(`note: dist/ (built ${new Date(built).toISOString()}) is older than ${newer.length} file(s) in src/; run npm run build to measure them`);
  }
}

const brotli = (bytes: Buffer) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength } }).byteLength;

/** Files compressed one by one (as a browser fetches them) and summed. */
function measureGroup(file: string, note: string, paths: string[], budget?: BundleSize['budget']): BundleSize {
  const buffers = paths.map((path) => readFileSync(new URL(`dist/${path}`, root)));
  const sum = (measure: (bytes: Buffer) => number) => buffers.reduce((total, bytes) => total + measure(bytes), 0);
  return {
    file,
    note: `${note}: ${paths.join(' + ')}`,
    ...(budget && { budget }),
    bytes: sum((bytes) => bytes.byteLength),
    gzip: sum((bytes) => gzipSync(bytes, { level: 9 }).byteLength),
    brotli: sum(brotli),
  };
}

/** The script-tag build as a page loads it (scripts/cdn-graph.ts). */
function measureCdnGraph(): BundleSize[] {
  const graph = readCdnGraph(new URL('dist/', root));
  const atLoad = graph.atLoad.map((file) => file.file);
  const largest = graph.translations.reduce((a, b) => (b.gzip > a.gzip ? b : a));
  return [
    measureGroup('script tag, before intent', 'what a page loads at once (launcher)', atLoad, 'atLoad'),
    measureGroup(
      'script tag, everything one page loads',
      'launcher, teaser, panel and the largest translation',
      [...atLoad, ...graph.teaser.map((file) => file.file), ...graph.onIntent.map((file) => file.file), largest.file],
      'whole',
    ),
    measureGroup('script tag, all seven translations', 'each loaded only by a page in its language', graph.translations.map((file) => file.file)),
  ];
}

export function measureSizes(): BundleSize[] {
  return [...measureCdnGraph(), ...measureFiles()];
}

function measureFiles(): BundleSize[] {
  return BUNDLES.filter(({ file }) => existsSync(new URL(file, root))).map(({ file, note }) => {
    const bytes = readFileSync(new URL(file, root));
    return {
      file,
      note,
      bytes: bytes.byteLength,
      gzip: gzipSync(bytes, { level: 9 }).byteLength,
      brotli: brotli(bytes),
    };
  });
}
