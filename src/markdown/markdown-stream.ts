/**
 * Streaming Markdown → DOM, safe by construction. streaming-markdown parses
 * deltas incrementally and calls our renderer, which can only create a fixed set
 * of elements, text nodes, and allow-listed attributes: there is no path for raw
 * HTML, and links are checked by `safeUrl`. Finished blocks are never re-parsed;
 * each delta costs the same however long the reply already is.
 */
import * as smd from 'streaming-markdown';
import { safeUrl } from './safe-url.js';

type TagName = keyof HTMLElementTagNameMap;

const TAGS: Partial<Record<number, TagName>> = {
  [smd.BLOCKQUOTE]: 'blockquote',
  [smd.PARAGRAPH]: 'p',
  [smd.LINE_BREAK]: 'br',
  [smd.RULE]: 'hr',
  [smd.HEADING_1]: 'h3',
  [smd.HEADING_2]: 'h3',
  [smd.HEADING_3]: 'h4',
  [smd.HEADING_4]: 'h5',
  [smd.HEADING_5]: 'h6',
  [smd.HEADING_6]: 'h6',
  [smd.ITALIC_AST]: 'em',
  [smd.ITALIC_UND]: 'em',
  [smd.STRONG_AST]: 'strong',
  [smd.STRONG_UND]: 'strong',
  [smd.STRIKE]: 's',
  [smd.CODE_INLINE]: 'code',
  [smd.LINK]: 'a',
  [smd.RAW_URL]: 'a',
  // An image starts as a link; it becomes an <img> only if its host is allowed (setAttr).
  [smd.IMAGE]: 'a',
  [smd.LIST_UNORDERED]: 'ul',
  [smd.LIST_ORDERED]: 'ol',
  [smd.LIST_ITEM]: 'li',
  [smd.TABLE]: 'table',
  [smd.TABLE_CELL]: 'td',
  [smd.EQUATION_BLOCK]: 'code',
  [smd.EQUATION_INLINE]: 'code',
};

interface RendererData {
  nodes: Element[];
  baseUrl: string;
  imageHosts: ReadonlySet<string>;
}

/** Where a reply's Markdown may point, and which hosts its images may load from. */
export interface MarkdownOptions {
  baseUrl?: string;
  /** Lower-case host names; an https image from one of them loads, any other shows as a link. */
  imageHosts?: ReadonlySet<string>;
}

function addToken(data: RendererData, type: number): void {
  let parent = data.nodes[data.nodes.length - 1]!;
  let node: Element;
  switch (type) {
    case smd.DOCUMENT:
      return;
    case smd.CODE_BLOCK:
    case smd.CODE_FENCE:
      parent = parent.appendChild(document.createElement('pre'));
      node = document.createElement('code');
      break;
    case smd.CHECKBOX: {
      const checkbox = document.createElement('input');
      checkbox.type = 'checkbox';
      checkbox.disabled = true;
      node = checkbox;
      break;
    }
    case smd.TABLE_ROW: {
      // The first row is the header; the rest go into one tbody.
      const section = parent.children.length === 0 ? 'thead' : 'tbody';
      parent = parent.querySelector(`:scope > ${section}`) ?? parent.appendChild(document.createElement(section));
      node = document.createElement('tr');
      break;
    }
    case smd.TABLE_CELL:
      node = document.createElement(parent.parentElement?.tagName === 'THEAD' ? 'th' : 'td');
      break;
    default:
      node = document.createElement(TAGS[type] ?? 'span');
  }
  if (node instanceof HTMLAnchorElement) {
    node.rel = 'noopener noreferrer nofollow';
    node.target = '_blank';
  }
  if (type === smd.IMAGE) node.className = 'image-link';
  data.nodes.push(parent.appendChild(node));
}

function endToken(data: RendererData): void {
  if (data.nodes.length > 1) data.nodes.pop();
}

function addText(data: RendererData, text: string): void {
  data.nodes[data.nodes.length - 1]!.appendChild(document.createTextNode(text));
}

function setAttr(data: RendererData, type: number, value: string): void {
  const node = data.nodes[data.nodes.length - 1]!;
  switch (type) {
    case smd.HREF:
    case smd.SRC: {
      const href = safeUrl(value, data.baseUrl);
      if (!href || !(node instanceof HTMLAnchorElement)) break;
      if (type === smd.SRC && isAllowedImage(href, data.imageHosts)) {
        // The alt text streamed in as the link's text; the image takes its place.
        const image = document.createElement('img');
        image.alt = node.textContent ?? '';
        image.loading = 'lazy';
        image.referrerPolicy = 'no-referrer';
        image.src = href;
        node.replaceWith(image);
        data.nodes[data.nodes.length - 1] = image;
      } else {
        node.href = href;
      }
      break;
    }
    case smd.LANG: {
      const language = value.toLowerCase().replace(/[^a-z0-9+#-]/g, '').slice(0, 32);
      if (language) node.setAttribute('data-language', language);
      break;
    }
    case smd.START: {
      const start = Number.parseInt(value, 10);
      if (Number.isFinite(start) && node instanceof HTMLOListElement) node.start = start;
      break;
    }
    case smd.CHECKED:
      if (node instanceof HTMLInputElement) node.checked = true;
      break;
  }
}

function isAllowedImage(href: string, hosts: ReadonlySet<string>): boolean {
  if (hosts.size === 0) return false;
  const url = new URL(href);
  return url.protocol === 'https:' && hosts.has(url.hostname);
}

/** "cdn.shop.example, images.example" → a set of lower-case host names. */
export function parseImageHosts(value: string | null | undefined): ReadonlySet<string> {
  return new Set(
    (value ?? '')
      .split(/[\s,]+/)
      .map((host) => host.trim().toLowerCase())
      .filter((host) => /^[a-z0-9.-]+$/.test(host)),
  );
}

/** One message's Markdown, rendered into `element` as its text grows. */
export class MarkdownStream {
  readonly element: HTMLElement;
  private readonly parser: ReturnType<typeof smd.parser>;
  private consumed = 0;
  private ended = false;

  constructor(options: MarkdownOptions = {}) {
    this.element = document.createElement('div');
    this.element.className = 'markdown';
    const data: RendererData = {
      nodes: [this.element],
      baseUrl: options.baseUrl ?? document.baseURI,
      imageHosts: options.imageHosts ?? new Set(),
    };
    this.parser = smd.parser({ data, add_token: addToken, end_token: endToken, add_text: addText, set_attr: setAttr });
  }

  /**
   * Renders what `content` added since the last call. `done` flushes the text
   * held back while it could still become markup (a half-streamed link stays text).
   */
  sync(content: string, done: boolean): void {
    if (this.ended) return;
    if (content.length > this.consumed) {
      smd.parser_write(this.parser, content.slice(this.consumed));
      this.consumed = content.length;
    }
    if (done) {
      smd.parser_end(this.parser);
      this.ended = true;
    }
  }
}

/** Renders finished Markdown at once (history, tests). */
export function renderMarkdown(content: string, options?: MarkdownOptions): HTMLElement {
  const stream = new MarkdownStream(options);
  stream.sync(content, true);
  return stream.element;
}
