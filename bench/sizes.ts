/**
 * Bundle sizes of the built files: as shipped, gzip (level 9) and brotli
 * (quality 11), with node:zlib. deep-chat's browser bundle is measured the same
 * way for reference.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url);

export interface BundleSize {
  file: string;
  note: string;
  bytes: number;
  gzip: number;
  brotli: number;
}

export const BUNDLES = [
  { file: 'dist/totebot-chat.min.js', note: 'script tag: everything bundled, minified (IIFE)' },
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

export function measureSizes(): BundleSize[] {
  return BUNDLES.filter(({ file }) => existsSync(new URL(file, root))).map(({ file, note }) => {
    const bytes = readFileSync(new URL(file, root));
    return {
      file,
      note,
      bytes: bytes.byteLength,
      gzip: gzipSync(bytes, { level: 9 }).byteLength,
      brotli: brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength },
      }).byteLength,
    };
  });
}
