/**
 * CommonMark conformance: the spec's own examples rendered whole, streamed one
 * character at a time and streamed in pieces of 1–5 characters, compared with
 * the spec's HTML in a canonical form (test/support/commonmark.ts says what is
 * counted and how the two are compared).
 */
import { expect } from '@open-wc/testing';
import { MarkdownStream, renderMarkdown } from '../../src/markdown/markdown-stream.js';
import { canonical, canonicalExpected, loadExamples, selectExamples, type SpecExample } from '../support/commonmark.js';
import { KNOWN_FAILURES, isIntraword } from '../support/commonmark-known.js';

const BASE = 'https://store.example/shop/';

function streamed(markdown: string, sizes: (index: number) => number): HTMLElement {
  const stream = new MarkdownStream({ baseUrl: BASE });
  let end = 0;
  for (let index = 0; end < markdown.length; index += 1) {
    end = Math.min(markdown.length, end + sizes(index));
    stream.sync(markdown.slice(0, end), false);
  }
  stream.sync(markdown, true);
  return stream.element;
}

const WAYS: Record<string, (markdown: string) => HTMLElement> = {
  whole: (markdown) => renderMarkdown(markdown, { baseUrl: BASE }),
  'character by character': (markdown) => streamed(markdown, () => 1),
  'in pieces of 1–5 characters': (markdown) => streamed(markdown, (index) => 1 + ((index * 7) % 5)),
};

describe('CommonMark spec examples', function () {
  this.timeout(60_000);
  let counted: SpecExample[] = [];

  before(async () => {
    ({ counted } = selectExamples(await loadExamples()));
  });

  it('counts over 500 examples', () => {
    expect(counted.length).to.be.greaterThan(500);
  });

  for (const [way, render] of Object.entries(WAYS)) {
    it(`renders at least 98 % of them right, and fails only the known ones: ${way}`, () => {
      const failed: number[] = [];
      const bySection = new Map<string, [passed: number, total: number]>();
      for (const example of counted) {
        const ok = canonical(render(example.markdown), BASE) === canonicalExpected(example.html, BASE);
        if (!ok) failed.push(example.number);
        const [passed, total] = bySection.get(example.section) ?? [0, 0];
        bySection.set(example.section, [passed + (ok ? 1 : 0), total + 1]);
      }
      const share = (counted.length - failed.length) / counted.length;
      const lines = [...bySection].map(([section, [passed, total]]) => `${section}: ${passed}/${total}`);
      console.log(`CommonMark ${way}: ${counted.length - failed.length}/${counted.length} (${(share * 100).toFixed(1)} %); ${lines.join('; ')}; failed: ${failed.join(', ')}`);
      expect(failed).to.deep.equal(Object.keys(KNOWN_FAILURES).map(Number));
      expect(share).to.be.at.least(0.98);
    });
  }

  it('renders every example with an intraword _ or * right', () => {
    const intraword = counted.filter((example) => isIntraword(example.markdown));
    expect(intraword.length).to.be.greaterThan(20);
    for (const example of intraword) {
      for (const render of Object.values(WAYS)) {
        expect(canonical(render(example.markdown), BASE), `example ${example.number}: ${JSON.stringify(example.markdown)}`).to.equal(
          canonicalExpected(example.html, BASE),
        );
      }
    }
  });

  it('streams to the same DOM as it renders whole, for every example', () => {
    for (const example of counted) {
      const whole = renderMarkdown(example.markdown, { baseUrl: BASE }).innerHTML;
      for (const way of ['character by character', 'in pieces of 1–5 characters']) {
        expect(WAYS[way]!(example.markdown).innerHTML, `example ${example.number} ${way}`).to.equal(whole);
      }
    }
  });
});
