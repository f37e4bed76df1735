/**
 * `markdown(content, done)`: renders a message's Markdown into a node the
 * directive owns. Lit keeps the directive (and so the parser state) with the
 * message's DOM, so each render appends only what is new.
 */
import { Directive, directive, type PartInfo, PartType } from 'lit/directive.js';
import { MarkdownStream, type MarkdownOptions } from '../markdown/markdown-stream.js';

class MarkdownDirective extends Directive {
  private stream: MarkdownStream | undefined;

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.CHILD) throw new Error('markdown() must be used in child position');
  }

  /** `options` are read once, when the message first renders. */
  render(content: string, done: boolean, options?: MarkdownOptions): HTMLElement {
    this.stream ??= new MarkdownStream(options);
    this.stream.sync(content, done);
    return this.stream.element;
  }
}

export const markdown = directive(MarkdownDirective);
