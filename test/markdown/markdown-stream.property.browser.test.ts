/** Property tests: any text, streamed in any pieces, renders the same DOM as at once, and only safe DOM. */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { MarkdownStream, renderMarkdown } from '../../src/markdown/markdown-stream.js';

const BASE = 'https://store.example/';
const SAFE_TAGS = new Set(['P', 'BR', 'HR', 'H3', 'H4', 'H5', 'H6', 'EM', 'STRONG', 'S', 'CODE', 'PRE', 'A', 'UL', 'OL', 'LI',
  'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'BLOCKQUOTE', 'INPUT', 'SPAN']);
const SAFE_ATTRIBUTES = new Set(['href', 'rel', 'target', 'class', 'data-language', 'start', 'type', 'disabled', 'checked']);

/** Text made of the pieces Markdown and HTML are made of, so the parser meets its hard cases. */
const markdownish = fc
  .array(
    fc.oneof(
      fc.constantFrom('*', '**', '_', '__', '~~', '`', '```', '#', '## ', '> ', '- ', '1. ', '| ', ' | ', '---', '[', ']', '(', ')', '![',
        '\n', '\n\n', '  \n', '<', '>', '<script>', '</script>', '<img src=x onerror=alert(1)>', 'javascript:', 'java\tscript:',
        'https://evil.example/x', '//evil.example', 'data:text/html,', 'mailto:a@b.c', '&#106;', '$', '$$', '[ ] ', '[x] ', '\\'),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

function assertSafe(element: HTMLElement): void {
  for (const node of element.querySelectorAll('*')) {
    expect(SAFE_TAGS.has(node.tagName), `<${node.tagName}>`).to.equal(true);
    for (const attribute of node.getAttributeNames()) expect(SAFE_ATTRIBUTES.has(attribute), attribute).to.equal(true);
    if (node instanceof HTMLAnchorElement && node.hasAttribute('href')) {
      expect(['http:', 'https:', 'mailto:', 'tel:']).to.include(new URL(node.href).protocol);
    }
    if (node instanceof HTMLInputElement) expect(node.disabled && node.type === 'checkbox').to.equal(true);
  }
}

describe('MarkdownStream, as properties', () => {
  it('renders only safe elements, attributes and links for any text', () => {
    fc.assert(
      fc.property(markdownish, (text) => {
        assertSafe(renderMarkdown(text, { baseUrl: BASE }));
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same DOM however the text is cut into deltas', () => {
    fc.assert(
      fc.property(markdownish, fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        const whole = renderMarkdown(text, { baseUrl: BASE }).innerHTML;
        const stream = new MarkdownStream({ baseUrl: BASE });
        for (const cut of [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b)) {
          stream.sync(text.slice(0, cut), false);
        }
        stream.sync(text, true);
        expect(stream.element.innerHTML).to.equal(whole);
      }),
      { numRuns: 400 },
    );
  });
});
