/**
 * Splits a growing Markdown text into top-level blocks that can no longer
 * change and an open tail, with marked's CommonMark lexer. Pure: no DOM.
 *
 * A block is final once the first line of a later top-level block is complete:
 * CommonMark decides block structure line by line, and a line that opens a new
 * top-level block closes every block before it (a half-written line such as `#`
 * may still turn out to be paragraph text). A paragraph, heading, thematic break
 * or definition is final already after a blank line; a list item, a fence, a
 * block quote or an HTML comment may go on after one. Only the tail from the
 * first block that is not final is lexed again as the text grows.
 *
 * Link reference definitions apply to the whole document, also to the blocks
 * before them; final blocks use only final definitions, and `definitions` names
 * the ones a newly final part defines, so the caller can redo the earlier blocks
 * that mention them.
 */
import { Lexer, Tokenizer, type Links, type MarkedOptions, type Token, type TokensList } from 'marked';

/**
 * marked's tokenizer, except that a block rule is not tried where its regular expression cannot
 * match: a block quote starts with `>`, an HTML block with `<`, and a setext heading needs an
 * underline of `=` or `-` on a line of its own. The tokens are the same. V8 compiles a regular
 * expression the first time it runs, and these three are marked's largest: compiling them took
 * longer than lexing the replies a restored history shows first, though few replies contain them.
 *
 * One rule differs from GitHub's: strikethrough takes two tildes, where GitHub also takes one. In a
 * shop's replies a single tilde means "about" or a range (`~$20`, sizes `36~38`, `2~3 days`) or is part
 * of a code (`SAVE~20~OFF`), and must read as written, emphasis around it included.
 */
class QuickTokenizer extends Tokenizer {
  override del(src: string, maskedSrc: string, prevChar?: string) {
    return src.startsWith('~~') ? super.del(src, maskedSrc, prevChar) : undefined;
  }

  override blockquote(src: string) {
    return /^ {0,3}>/.test(src) ? super.blockquote(src) : undefined;
  }

  override html(src: string) {
    return /^ {0,3}</.test(src) ? super.html(src) : undefined;
  }

  override lheading(src: string) {
    return /\n {0,3}(?:=+|-+)[ \t]*(?:\n|$)/.test(src) ? super.lheading(src) : undefined;
  }
}

/**
 * CommonMark with GFM's tables, strikethrough, task lists and autolinks; single newlines stay soft
 * breaks. Every Lexer made with these options shares the tokenizer (marked points it at the lexer
 * that is running). The CDN build's marked has these options built in (FIXED_OPTIONS in
 * scripts/marked-lexer-only.ts; test/build/marked-lexer-only.test.ts holds the two together).
 */
export const MARKED_OPTIONS: MarkedOptions = { gfm: true, breaks: false, pedantic: false, silent: false, tokenizer: new QuickTokenizer() };

/** Blocks a blank line ends for good (unlike a list item, a fence, a block quote's lazy lines or an HTML comment). */
const CLOSED_BY_BLANK_LINE = new Set(['paragraph', 'heading', 'hr', 'def']);

export interface LexedTail {
  /** Top-level tokens that are final, in order. */
  final: Token[];
  /** How many characters of the tail the final tokens cover. */
  finalLength: number;
  /** The tokens after them, which may still change. */
  open: Token[];
  /** Definitions the final tokens add, by normalised label. */
  definitions: Links;
}

/** Lexes `tail` (text that starts at a top-level block boundary) with the definitions known so far. */
export function lexTail(tail: string, links: Links, done: boolean): LexedTail {
  const lexer = new Lexer(MARKED_OPTIONS);
  Object.assign(lexer.tokens.links, links);
  const tokens: TokensList = lexer.lex(tail);
  let split = done ? tokens.length : 0;
  if (!done) {
    // marked's tokens cover the text end to end, CR LF and CR read as LF.
    const source = tail.includes('\r') ? tail.replace(/\r\n?/g, '\n') : tail;
    let start = 0;
    for (let index = 0; index < tokens.length; index += 1) {
      const token = tokens[index]!;
      if (source.startsWith(token.raw, start) === false) break;
      if (index > 0 && token.type !== 'space' && source.indexOf('\n', start) !== -1) split = index;
      const previous = tokens[index - 1];
      // The space must end a line: its last line may be the start of an indented block.
      if (token.type === 'space' && previous && CLOSED_BY_BLANK_LINE.has(previous.type) && index + 1 < tokens.length && token.raw.endsWith('\n')) {
        if (/\n[ \t]*\n/.test(previous.raw.slice(previous.raw.trimEnd().length) + token.raw)) split = index + 1;
      }
      start += token.raw.length;
    }
  }
  let final = tokens.slice(0, split);
  const finalLength = rawLength(final, tail);
  const definitions: Links = Object.create(null) as Links;
  for (const token of final) collectDefinitions(token, links, definitions);
  // marked resolves references after the whole tail's blocks, so with a definition in the open part
  // (which may still change or vanish) the final blocks are lexed again without it.
  const known = Object.keys(links).length + Object.keys(definitions).length;
  if (split < tokens.length && Object.keys(lexer.tokens.links).length > known) {
    final = lexTail(tail.slice(0, finalLength), links, true).final;
  }
  return { final, finalLength, open: tokens.slice(split), definitions };
}

function collectDefinitions(token: Token, known: Links, into: Links): void {
  if (token.type === 'def') {
    if (!(token.tag in known) && !(token.tag in into)) into[token.tag] = { href: token.href, title: token.title };
    return;
  }
  if (token.type === 'blockquote') for (const child of token.tokens ?? []) collectDefinitions(child, known, into);
  if (token.type === 'list') for (const item of token.items) for (const child of item.tokens) collectDefinitions(child, known, into);
}

/** How many characters of `tail` the tokens' raw text spans (a CR LF counts twice, as in `tail`). */
function rawLength(tokens: readonly Token[], tail: string): number {
  let length = 0;
  for (const token of tokens) length += token.raw.length;
  if (!tail.includes('\r')) return length;
  let index = 0;
  for (let normalised = 0; normalised < length; normalised += 1) index += tail.startsWith('\r\n', index) ? 2 : 1;
  return index;
}

/** A label as CommonMark (and marked) matches it: Unicode case-folded (ẞ matches SS), whitespace collapsed. */
export function normaliseLabel(text: string): string {
  return text.replace(/\s+/g, ' ').toLowerCase().toUpperCase().toLowerCase();
}

/** Whether a finished block's source could refer to one of these newly defined labels. */
export function mentionsAny(source: string, labels: readonly string[]): boolean {
  if (!source.includes('[')) return false;
  const normalised = normaliseLabel(source);
  return labels.some((label) => normalised.includes(label));
}
