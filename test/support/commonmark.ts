/**
 * The CommonMark spec's examples (commonmark-spec 0.31.2) and a canonical form
 * to compare our DOM with the spec's HTML.
 *
 * Counted: every section but "HTML blocks", "Raw HTML" and "Images". The widget
 * shows raw HTML as text and loads images only from the store's image hosts, by
 * design, so those sections test what we deliberately do differently. In the
 * counted sections, an example whose expected output passes raw HTML through is
 * left out as well; markdown-it (an independent CommonMark parser, html: true)
 * decides which those are, so our own parser does not pick its exclusions.
 *
 * Canonical form (the same for both sides):
 * - the spec's h1…h6 map to the bubble's headings (h3, h3, h4, h5, h6, h6);
 * - an image is compared as the link the widget shows for it (its alt text, to its source);
 * - links by resolved href (the WHATWG URL parser normalises percent-encoding) and title;
 *   rel, target and class are ours and ignored;
 * - a code block's language as the widget keeps it (first word, lower-case, [a-z0-9+#-]);
 * - whitespace-only text between blocks is dropped, text beside a block is trimmed, the
 *   newline the spec's HTML writes after `<br />` and at the end of a code block is dropped.
 */
import MarkdownIt from 'markdown-it';
import { codeLanguage } from '../../src/markdown/render-tokens.js';

export interface SpecExample {
  markdown: string;
  html: string;
  section: string;
  number: number;
}

export const UNCOUNTED_SECTIONS = new Set(['HTML blocks', 'Raw HTML', 'Images']);

/** The examples in spec.txt, as commonmark-spec's own index.js extracts them (it needs fs). */
export function extractExamples(spec: string): SpecExample[] {
  const examples: SpecExample[] = [];
  let section = '';
  let number = 0;
  const text = spec.replace(/\r\n?/g, '\n').replace(/^<!-- END TESTS -->(.|[\n])*/m, '');
  text.replace(/^`{32} example\n([\s\S]*?)^\.\n([\s\S]*?)^`{32}$|^#{1,6} *(.*)$/gm, (_whole, markdown?: string, html?: string, heading?: string) => {
    if (heading !== undefined) section = heading;
    else examples.push({ markdown: markdown!.replace(/→/g, '\t'), html: html!.replace(/→/g, '\t'), section, number: (number += 1) });
    return '';
  });
  return examples;
}

export async function loadExamples(): Promise<SpecExample[]> {
  const response = await fetch(new URL('../../node_modules/commonmark-spec/spec.txt', import.meta.url));
  return extractExamples(await response.text());
}

const oracle = new MarkdownIt('commonmark', { html: true });

/** Whether the spec's expected output for this example passes raw HTML through. */
export function hasRawHtml(markdown: string): boolean {
  const walk = (tokens: ReturnType<typeof oracle.parse>): boolean =>
    tokens.some((token) => token.type === 'html_block' || token.type === 'html_inline' || (token.children ? walk(token.children) : false));
  return walk(oracle.parse(markdown, {}));
}

/** Counted examples, and the ones left out with why. */
export function selectExamples(examples: readonly SpecExample[]): { counted: SpecExample[]; excluded: { example: SpecExample; reason: string }[] } {
  const counted: SpecExample[] = [];
  const excluded: { example: SpecExample; reason: string }[] = [];
  for (const example of examples) {
    if (UNCOUNTED_SECTIONS.has(example.section)) continue;
    if (hasRawHtml(example.markdown)) excluded.push({ example, reason: 'raw HTML in the expected output' });
    else counted.push(example);
  }
  return { counted, excluded };
}

const BLOCKS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'PRE', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'HR', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'DIV', 'BODY']);
const HEADING: Record<string, string> = { H1: 'h3', H2: 'h3', H3: 'h4', H4: 'h5', H5: 'h6', H6: 'h6' };

const isBlock = (node: Node | null): boolean => node instanceof Element && BLOCKS.has(node.tagName);

/** The canonical form of `root`'s children, as one string. */
export function canonical(root: Node, base: string, headings: Record<string, string> = {}): string {
  // Adjacent text nodes read as one.
  const copy = root.cloneNode(true);
  copy.normalize();
  return [...copy.childNodes].map((node) => canonicalNode(node, base, false, headings)).join('');
}

function canonicalNode(node: Node, base: string, inPre: boolean, headings: Record<string, string>): string {
  if (node.nodeType === Node.TEXT_NODE) {
    let value = node.nodeValue ?? '';
    if (!inPre) {
      const parentIsBlock = isBlock(node.parentNode);
      if (isBlock(node.previousSibling) || (parentIsBlock && !node.previousSibling)) value = value.replace(/^\s+/, '');
      if (isBlock(node.nextSibling) || (parentIsBlock && !node.nextSibling)) value = value.replace(/\s+$/, '');
      if (node.previousSibling instanceof HTMLBRElement) value = value.replace(/^\n/, '');
    } else if (!node.nextSibling) {
      value = value.replace(/\n$/, '');
    }
    return value ? JSON.stringify(value) : '';
  }
  if (!(node instanceof Element)) return '';
  const tag = node.tagName;
  if (tag === 'IMG') {
    const src = node.getAttribute('src');
    const attributes = [src === null ? '' : ` href=${new URL(src, base).href}`, node.getAttribute('title') ? ` title=${JSON.stringify(node.getAttribute('title'))}` : ''];
    const alt = node.getAttribute('alt') ?? '';
    return `<a${attributes.join('')}>${alt ? JSON.stringify(alt) : ''}</a>`;
  }
  const name = headings[tag] ?? tag.toLowerCase();
  const attributes: string[] = [];
  if (tag === 'A') {
    const href = node.getAttribute('href');
    if (href !== null) attributes.push(` href=${new URL(href, base).href}`);
    const title = node.getAttribute('title');
    if (title) attributes.push(` title=${JSON.stringify(title)}`);
  }
  if (tag === 'OL') {
    const start = node.getAttribute('start');
    if (start !== null && Number(start) !== 1) attributes.push(` start=${Number(start)}`);
  }
  if (tag === 'CODE') {
    const language = node.getAttribute('data-language') ?? /(?:^|\s)language-(\S+)/.exec(node.className)?.[1];
    const kept = language === undefined ? '' : codeLanguage(language);
    if (kept) attributes.push(` language=${kept}`);
  }
  if (tag === 'INPUT') attributes.push(` checkbox=${(node as HTMLInputElement).checked}`);
  const pre = inPre || tag === 'PRE';
  const children = [...node.childNodes].map((child) => canonicalNode(child, base, pre, headings)).join('');
  return tag === 'BR' || tag === 'HR' || tag === 'INPUT' ? `<${name}${attributes.join('')}>` : `<${name}${attributes.join('')}>${children}</${name}>`;
}

/** The spec's expected HTML (trusted test data, parsed in an inert document) in canonical form. */
export function canonicalExpected(html: string, base: string): string {
  const document = new DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, 'text/html');
  return canonical(document.body, base, HEADING);
}
