/** The script-tag file's weight is a promise to every store: checked on each build (sizes are deterministic). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_GZIP_BYTES = 30_000;
const dist = (file: string) => new URL(`../../dist/${file}`, import.meta.url);

describe('build output', () => {
  it(`dist/totebot-chat.min.js is at most ${BUDGET_GZIP_BYTES} bytes min+gzip`, () => {
    const size = gzipSync(readFileSync(dist('totebot-chat.min.js')), { level: 9 }).byteLength;
    assert.ok(size <= BUDGET_GZIP_BYTES, `${size} bytes`);
  });

  it('the ES module keeps lit and the other dependencies external', () => {
    const source = readFileSync(dist('totebot-chat.js'), 'utf8');
    for (const dependency of ['lit', 'idb-keyval', '@microsoft/fetch-event-source', 'streaming-markdown', 'eventsource-parser']) {
      assert.match(source, new RegExp(`from "${dependency.replace(/[/]/g, '\\/')}"`), dependency);
    }
    assert.doesNotMatch(source, /class ReactiveElement/);
  });

  it('the script-tag file registers the element and ships Lit in production mode', () => {
    const source = readFileSync(dist('totebot-chat.min.js'), 'utf8');
    assert.match(source, /totebot-chat/);
    assert.doesNotMatch(source, /Lit is in dev mode/);
  });

  it('ships type declarations and the runnable proxy', () => {
    assert.match(readFileSync(dist('types/index.d.ts'), 'utf8'), /TotebotChat/);
    assert.match(readFileSync(dist('proxy/cli.js'), 'utf8'), /^#!\/usr\/bin\/env node/);
  });
});

describe('package.json exports', () => {
  it('point at files the build wrote, with types for every JavaScript entry', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, string | { types?: string; import: string }>;
    };
    for (const [entry, target] of Object.entries(pkg.exports)) {
      const files = typeof target === 'string' ? [target] : [target.import, ...(target.types ? [target.types] : [])];
      for (const file of files) assert.ok(readFileSync(new URL(`../../${file}`, import.meta.url)).byteLength > 0, `${entry} → ${file}`);
      if (typeof target !== 'string') assert.ok(target.types, `${entry} has types`);
    }
  });
});
