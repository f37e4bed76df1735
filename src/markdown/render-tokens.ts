/**
 * marked's tokens → DOM, safe by construction: this renderer can only create the
 * elements and attributes below and text nodes. Raw HTML in a reply becomes
 * visible text, links pass the scheme allow-list (`safeUrl`), and an image loads
 * only from an allowed host over https (otherwise it is a link to it).
 */
import type { MarkedToken, Token, Tokens } from 'marked';
import { decodeEntities } from './entities.js';
import { safeUrl } from './safe-url.js';

/** Where a reply's Markdown may point, and which hosts its images may load from. */
export interface MarkdownOptions {
  baseUrl?: string;
  /** Lower-case host names; an https image from one of them loads, any other shows as a link. */
  imageHosts?: ReadonlySet<string>;
}

export interface RenderContext {
  baseUrl: string;
  imageHosts: ReadonlySet<string>;
}

/** The bubble's own headings start below the panel's title: # and ## are h3. */
const HEADINGS = ['h3', 'h3', 'h4', 'h5', 'h6', 'h6'] as const;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, parent?: Node): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  parent?.appendChild(node);
  return node;
}

function text(value: string, parent: Node): void {
  if (value) parent.appendChild(document.createTextNode(value));
}

/** A code block's language, as a plain word fit for an attribute. */
export function codeLanguage(info: string | undefined): string {
  const word = decodeEntities(info ?? '').trim().split(/\s/, 1)[0] ?? '';
  return word.toLowerCase().replace(/[^a-z0-9+#-]/g, '').slice(0, 32);
}

/** One top-level token as a node, or nothing (blank lines, definitions). */
export function renderBlock(token: Token, context: RenderContext): Node | undefined {
  const fragment = document.createDocumentFragment();
  block(token as MarkedToken, fragment, context);
  return fragment.firstChild ?? undefined;
}

function blocks(tokens: readonly Token[], parent: Node, context: RenderContext): void {
  for (const token of tokens) block(token as MarkedToken, parent, context);
}

function block(token: MarkedToken, parent: Node, context: RenderContext): void {
  switch (token.type) {
    case 'paragraph':
      inlines(token.tokens, element('p', parent), context);
      return;
    case 'heading':
      inlines(token.tokens, element(HEADINGS[token.depth - 1] ?? 'h6', parent), context);
      return;
    case 'code': {
      const code = element('code', element('pre', parent));
      const language = codeLanguage(token.lang);
      if (language) code.setAttribute('data-language', language);
      text(token.text, code);
      return;
    }
    case 'blockquote':
      blocks(token.tokens, element('blockquote', parent), context);
      return;
    case 'list': {
      const list = element(token.ordered ? 'ol' : 'ul', parent);
      if (list instanceof HTMLOListElement && typeof token.start === 'number' && token.start !== 1) list.start = token.start;
      for (const item of token.items) blocks(item.tokens, element('li', list), context);
      return;
    }
    case 'checkbox': {
      const checkbox = element('input', parent);
      checkbox.type = 'checkbox';
      checkbox.disabled = true;
      checkbox.checked = token.checked;
      return;
    }
    case 'table':
      table(token, parent, context);
      return;
    case 'hr':
      element('hr', parent);
      return;
    case 'html':
      rawHtml(token.text.trim(), token.block ? element('p', parent) : parent);
      return;
    case 'text':
      // A tight list item's text: inline content without a paragraph.
      if (token.tokens) inlines(token.tokens, parent, context);
      else text(decodeEntities(token.text), parent);
      return;
    case 'space':
    case 'def':
      return;
    default:
      inline(token, parent, context);
  }
}

/** A column's alignment from its delimiter row (`:--`, `:-:`, `--:`) as a class the panel styles; never a style. */
const ALIGN_CLASSES = { left: 'align-left', center: 'align-center', right: 'align-right' } as const;

function tableCell(tag: 'th' | 'td', cell: Tokens.TableCell, row: Node, context: RenderContext): void {
  const node = element(tag, row);
  const align = cell.align && ALIGN_CLASSES[cell.align];
  if (align) node.className = align;
  inlines(cell.tokens, node, context);
}

/**
 * A table scrolls sideways in a box of its own when it is wider than the bubble (its cells break
 * between words, never inside one); the box takes keyboard focus so the scroll is reachable without a mouse.
 */
function table(token: Tokens.Table, parent: Node, context: RenderContext): void {
  const box = element('div', parent);
  box.className = 'table-scroll';
  box.tabIndex = 0;
  const table = element('table', box);
  const headRow = element('tr', element('thead', table));
  for (const cell of token.header) tableCell('th', cell, headRow, context);
  if (token.rows.length === 0) return;
  const body = element('tbody', table);
  for (const row of token.rows) {
    const tr = element('tr', body);
    for (const cell of row) tableCell('td', cell, tr, context);
  }
}

function inlines(tokens: readonly Token[], parent: Node, context: RenderContext): void {
  for (const token of tokens) inline(token as MarkedToken, parent, context);
}

/** Inline text: references decoded; CommonMark drops the spaces around a soft line break. */
function inlineText(value: string): string {
  const decoded = decodeEntities(value);
  return decoded.includes('\n') ? decoded.replace(/[ \t]*\n[ \t]*/g, '\n') : decoded;
}

function inline(token: MarkedToken, parent: Node, context: RenderContext): void {
  switch (token.type) {
    case 'text':
      if (token.tokens) inlines(token.tokens, parent, context);
      else text(token.escaped ? token.text : inlineText(token.text), parent);
      return;
    case 'escape':
      text(token.text, parent);
      return;
    case 'strong':
      inlines(token.tokens, element('strong', parent), context);
      return;
    case 'em':
      inlines(token.tokens, element('em', parent), context);
      return;
    case 'del':
      inlines(token.tokens, element('s', parent), context);
      return;
    case 'codespan':
      text(token.text, element('code', parent));
      return;
    case 'br':
      element('br', parent);
      return;
    case 'link':
      link(token, parent, context);
      return;
    case 'image':
      image(token, parent, context);
      return;
    case 'html':
      rawHtml(token.text, parent);
      return;
    case 'checkbox':
      block(token, parent, context);
      return;
    default:
      // Block tokens never appear inline; anything unknown shows as its source.
      text(token.raw, parent);
  }
}

function anchor(parent: Node, href: string | undefined, title: string | null | undefined): HTMLAnchorElement {
  const link = element('a', parent);
  if (href) link.href = href;
  if (title) link.title = decodeEntities(title);
  link.rel = 'noopener noreferrer nofollow';
  link.target = '_blank';
  return link;
}

function link(token: Tokens.Link, parent: Node, context: RenderContext): void {
  // An autolink's destination and text are literal; a link's destination may hold references.
  const href = safeUrl(token.autolink ? token.href : decodeEntities(token.href), context.baseUrl);
  const link = anchor(parent, href, token.title);
  if (token.autolink) text(token.text, link);
  else inlines(token.tokens, link, context);
}

function image(token: Tokens.Image, parent: Node, context: RenderContext): void {
  const src = safeUrl(decodeEntities(token.href), context.baseUrl);
  const alt = plainText(token.tokens);
  if (src && isAllowedImage(src, context.imageHosts)) {
    const image = element('img', parent);
    image.alt = alt;
    if (token.title) image.title = decodeEntities(token.title);
    image.loading = 'lazy';
    image.referrerPolicy = 'no-referrer';
    image.src = src;
    return;
  }
  const link = anchor(parent, src, token.title);
  link.className = 'image-link';
  text(alt, link);
}

/** An image's description as plain text (CommonMark renders it into `alt` without markup). */
function plainText(tokens: readonly Token[]): string {
  let result = '';
  for (const token of tokens as readonly MarkedToken[]) {
    if ('tokens' in token && token.tokens && token.type !== 'text') result += plainText(token.tokens);
    else if (token.type === 'text' && token.tokens) result += plainText(token.tokens);
    else if (token.type === 'br') result += '\n';
    else if (token.type === 'text' && !token.escaped) result += inlineText(token.text);
    else if ('text' in token) result += token.text;
  }
  return result;
}

/**
 * Raw HTML is shown as the text it is, but for a bare line break (`<br>`, `<br/>`, `<br />`): agents write it
 * where Markdown has no way to break a line (a table cell), and a `br` without attributes cannot run or load anything.
 */
function rawHtml(source: string, parent: Node): void {
  if (/^<br\s*\/?>$/i.test(source)) element('br', parent);
  else text(source, parent);
}

export function isAllowedImage(href: string, hosts: ReadonlySet<string>): boolean {
  if (hosts.size === 0) return false;
  const url = new URL(href);
  return url.protocol === 'https:' && hosts.has(url.hostname);
}
