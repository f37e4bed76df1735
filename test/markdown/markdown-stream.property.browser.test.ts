/** Property tests: any text, streamed in any pieces, renders the same DOM as at once, and only safe DOM. */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { MarkdownStream, renderMarkdown } from '../../src/markdown/markdown-stream.js';

const BASE = 'https://store.example/';
const SAFE_TAGS = new Set(['P', 'BR', 'HR', 'H3', 'H4', 'H5', 'H6', 'EM', 'STRONG', 'S', 'CODE', 'PRE', 'A', 'UL', 'OL', 'LI',
  'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'BLOCKQUOTE', 'INPUT', 'SPAN']);
const SAFE_ATTRIBUTES = new Set(['href', 'title', 'rel', 'target', 'class', 'data-language', 'start', 'type', 'disabled', 'checked']);
const IMAGE_HOST = 'images.store.example';
const IMAGE_ATTRIBUTES = new Set(['alt', 'title', 'loading', 'referrerpolicy', 'src']);

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

/**
 * A destination a hostile reply could use: a scheme that must never become a link (spelt plainly,
 * in mixed case, as character references, split by whitespace or control characters that browsers
 * or other readers drop) or an allowed one (a protocol-relative URL, an image host over http).
 */
const hostileDestination = fc
  .tuple(
    fc.constantFrom('javascript:', 'JaVaScRiPt:', 'data:text/html,', 'data:image/svg+xml,', 'vbscript:', 'file:///', 'blob:https://evil.example/',
      '&#106;avascript:', '&#x6A;avascript:', '&#X6a;&#97;vascript:', 'javascript&colon;', 'java\tscript:', 'java&#9;script:', 'java&#x0A;script:',
      ' javascript:', '\u0001javascript:', 'javas\u200bcript:', 'java\u0000script:', '\\javascript:', '<javascript:', '//evil.example/',
      'https://evil.example/', `http://${IMAGE_HOST}/`, `https://${IMAGE_HOST}/`, 'mailto:', 'tel:', '/relative/'),
    fc.constantFrom('alert(1)', 'window.__pwned=1', '%0aalert(1)', '<script>alert(1)</script>', 'x.png', ''),
  )
  .map(([scheme, rest]) => scheme + rest);

const words = fc.constantFrom('click', 'Blue *tote*', 'SUMMER_SALE', '', '`code`', 'a](b', '![i](x)');
const title = fc.option(fc.constantFrom(' "t"', " 'x\" onmouseover=\"alert(1)'", ' (title)'), { nil: '' });

/** Links, images, autolinks and reference links to hostile destinations, inside Markdown-ish text. */
const hostileMarkdown = fc
  .array(
    fc.oneof(
      fc.tuple(words, hostileDestination, title).map(([text, url, t]) => `[${text}](${url}${t})`),
      fc.tuple(words, hostileDestination, title).map(([text, url, t]) => `![${text}](${url}${t})`),
      fc.tuple(words, hostileDestination).map(([text, url]) => `[${text}](<${url}>)`),
      hostileDestination.map((url) => `<${url}>`),
      hostileDestination.map((url) => url),
      fc.tuple(words, hostileDestination, title).map(([text, url, t]) => `[${text}][ref]\n\n[ref]: ${url}${t}\n`),
      markdownish,
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(' '));

function assertSafe(element: HTMLElement): void {
  for (const node of element.querySelectorAll('*')) {
    if (node instanceof HTMLImageElement) {
      // Only with image hosts set: an https image from one of them.
      const url = new URL(node.src);
      expect([url.protocol, url.hostname]).to.deep.equal(['https:', IMAGE_HOST]);
      for (const attribute of node.getAttributeNames()) expect(IMAGE_ATTRIBUTES.has(attribute), attribute).to.equal(true);
      continue;
    }
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
      fc.property(fc.oneof(markdownish, hostileMarkdown), (text) => {
        assertSafe(renderMarkdown(text, { baseUrl: BASE }));
        assertSafe(renderMarkdown(text, { baseUrl: BASE, imageHosts: new Set([IMAGE_HOST]) }));
      }),
      { numRuns: 400 },
    );
  });

  it('meets links, images and autolinks with hostile destinations in most runs', () => {
    // Guards the generator: the property above only proves something if the parser sees such links.
    let linked = 0;
    fc.assert(
      fc.property(hostileMarkdown, (text) => {
        if (renderMarkdown(text, { baseUrl: BASE }).querySelector('a')) linked += 1;
      }),
      { numRuns: 200 },
    );
    expect(linked).to.be.greaterThan(150);
  });

  it('gives the same DOM however the text is cut into deltas', () => {
    fc.assert(
      fc.property(fc.oneof(markdownish, hostileMarkdown), fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
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
