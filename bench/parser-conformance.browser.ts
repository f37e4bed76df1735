/**
 * The parser candidates' own HTML output on the counted CommonMark examples, in
 * the canonical form of the conformance tests (docs/markdown-parser.md). Run with
 *   node --import tsx node_modules/@web/test-runner/dist/bin.js --config web-test-runner.config.mjs \
 *     --files bench/parser-conformance.browser.ts
 * It is not part of npm test: it measures libraries, not the widget.
 */
import { marked } from 'marked';
import MarkdownIt from 'markdown-it';
import { canonicalExpected, loadExamples, selectExamples } from '../test/support/commonmark.js';

const BASE = 'https://store.example/shop/';

const CANDIDATES: Record<string, (markdown: string) => string> = {
  'marked (gfm)': (markdown) => marked.parse(markdown, { gfm: true, async: false }),
  'marked (gfm: false)': (markdown) => marked.parse(markdown, { gfm: false, async: false }),
  'markdown-it (commonmark preset)': (markdown) => new MarkdownIt('commonmark').render(markdown),
  'markdown-it (default: tables, strikethrough; linkify on)': (markdown) => new MarkdownIt({ linkify: true }).render(markdown),
};

describe('parser candidates on the counted CommonMark examples', function () {
  this.timeout(60_000);
  it('prints each one’s conformance', async () => {
    const { counted } = selectExamples(await loadExamples());
    for (const [name, render] of Object.entries(CANDIDATES)) {
      const failed = counted.filter((example) => canonicalExpected(render(example.markdown), BASE) !== canonicalExpected(example.html, BASE));
      console.log(`${name}: ${counted.length - failed.length}/${counted.length}; failed ${failed.map((example) => example.number).join(', ')}`);
    }
  });
});
