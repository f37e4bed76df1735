/**
 * Streaming Markdown → DOM. Each sync lexes only the open tail of the reply
 * (from the first top-level block that may still change) with marked, a
 * CommonMark parser, and rebuilds only that tail's nodes; blocks before it are
 * final (see markdown-blocks.ts) and keep their nodes. A frame's cost so depends
 * on the size of the block being written, not on the length of the reply.
 *
 * The one exception is CommonMark's link reference definitions, which apply to
 * the whole document: a final block that mentions a label defined later is
 * rendered again once, when the definition is final.
 */
import type { Links } from 'marked';
import { lexTail, mentionsAny } from './markdown-blocks.js';
import { renderBlock, type MarkdownOptions, type RenderContext } from './render-tokens.js';

export type { MarkdownOptions } from './render-tokens.js';

interface FinalBlock {
  source: string;
  node: Node;
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
  private readonly context: RenderContext;
  private readonly links: Links = Object.create(null) as Links;
  /** Final blocks that mention a `[label]`, kept to be redone if a later definition names it. */
  private readonly referring: FinalBlock[] = [];
  /** Where the open tail starts in the content. */
  private finalLength = 0;
  private openTail: string | undefined;
  private openNodes: Node[] = [];
  private ended = false;

  constructor(options: MarkdownOptions = {}) {
    this.element = document.createElement('div');
    this.element.className = 'markdown';
    this.context = { baseUrl: options.baseUrl ?? document.baseURI, imageHosts: options.imageHosts ?? new Set() };
  }

  /**
   * Renders `content`, the whole reply so far. Until `done`, the last block may
   * still change (a half-streamed link stays text until it is complete).
   */
  sync(content: string, done: boolean): void {
    if (this.ended) return;
    const tail = content.slice(this.finalLength);
    if (tail === this.openTail && !done) return;
    const lexed = lexTail(tail, this.links, done);
    for (const node of this.openNodes) node.parentNode?.removeChild(node);
    this.openNodes = [];

    const labels = Object.keys(lexed.definitions);
    if (labels.length > 0) {
      Object.assign(this.links, lexed.definitions);
      this.redo(labels);
    }
    // Rendered with every definition known so far, these blocks already use the new ones.
    for (const token of lexed.final) {
      const node = renderBlock(token, this.context);
      if (!node) continue;
      this.element.appendChild(node);
      if (token.raw.includes('[')) this.referring.push({ source: token.raw, node });
    }
    this.finalLength += lexed.finalLength;

    for (const token of lexed.open) {
      const node = renderBlock(token, this.context);
      if (node) this.openNodes.push(this.element.appendChild(node));
    }
    this.openTail = content.slice(this.finalLength);
    if (done) this.ended = true;
  }

  /** Renders again the final blocks that may use one of these newly defined labels. */
  private redo(labels: readonly string[]): void {
    for (const block of this.referring) {
      if (!mentionsAny(block.source, labels)) continue;
      const [token] = lexTail(block.source, this.links, true).final.filter((token) => token.type !== 'space');
      const node = token && renderBlock(token, this.context);
      if (!node) continue;
      block.node.parentNode?.replaceChild(node, block.node);
      block.node = node;
    }
  }
}

/** Renders finished Markdown at once (history, tests). */
export function renderMarkdown(content: string, options?: MarkdownOptions): HTMLElement {
  const stream = new MarkdownStream(options);
  stream.sync(content, true);
  return stream.element;
}
