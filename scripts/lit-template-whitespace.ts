/**
 * Lit's html`` and svg`` templates reach the CDN bundle with their source indentation. A line break
 * and the indentation around it become one space: the same whitespace to HTML wherever whitespace
 * collapses (the templates keep none where it does not: the shopper's pre-wrap bubble, the
 * textarea). An attribute's static value that is one word (letters, digits, `_`, `-`) loses its
 * quotes, which HTML's parser does not need there. Templates are found with the TypeScript parser,
 * so code and other strings are never touched. Used by vite.config.ts (CDN build); tested in
 * test/build/lit-template-whitespace.test.ts.
 */
import ts from 'typescript';

/** For each html`` / svg`` template in `code`, the [start, end) of each piece of its literal text (between the backticks and the `${ … }`s). */
export function templatePieces(code: string, fileName = 'source.ts'): [number, number][][] {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true);
  const templates: [number, number][][] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && (node.tag.text === 'html' || node.tag.text === 'svg')) {
      const template = node.template;
      if (ts.isNoSubstitutionTemplateLiteral(template)) templates.push([[template.getStart(source) + 1, template.getEnd() - 1]]);
      else {
        templates.push([
          [template.head.getStart(source) + 1, template.head.getEnd() - 2],
          ...template.templateSpans.map(({ literal }): [number, number] => [literal.getStart(source) + 1, literal.getEnd() - (ts.isTemplateTail(literal) ? 1 : 2)]),
        ]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return templates;
}

/** [start, end) of the literal text of every html`` / svg`` template in `code`, in order. */
export function templateTextRanges(code: string, fileName = 'source.ts'): [number, number][] {
  return templatePieces(code, fileName)
    .flat()
    .sort((a, b) => a[0] - b[0]);
}

/**
 * A template's pieces with the quotes dropped around each static attribute value that is one word
 * and is followed by a space or the tag's end (`<img src="x"/>` keeps them: `x/` would be the value).
 * Only inside a tag, outside any other quoted value; a `${ … }` between pieces leaves the state as it is.
 */
export function unquoteAttributeValues(pieces: readonly string[]): string[] {
  let inTag = false;
  let quote: string | undefined;
  return pieces.map((text) => {
    let result = '';
    for (let index = 0; index < text.length; index += 1) {
      const char = text[index]!;
      if (quote) {
        if (char === quote) quote = undefined;
      } else if (!inTag) {
        if (char === '<' && /[A-Za-z]/.test(text[index + 1] ?? '')) inTag = true;
      } else if (char === '>') {
        inTag = false;
      } else if (char === '"' || char === "'") {
        const word = text[index - 1] === '=' ? new RegExp(`^${char}([\\w-]+)${char}(?=[\\s>])`).exec(text.slice(index)) : null;
        if (word) {
          result += word[1];
          index += word[0].length - 1;
          continue;
        }
        quote = char;
      }
      result += char;
    }
    return result;
  });
}

/**
 * `code` with each line break in a template's text, and the spaces around it, made one space, and
 * one-word attribute values unquoted; undefined if nothing changes.
 */
export function collapseTemplateWhitespace(code: string, fileName?: string): string | undefined {
  if (!/\b(?:html|svg)`/.test(code)) return undefined;
  const templates = templatePieces(code, fileName);
  if (templates.length === 0) return undefined;
  // Nested templates lie inside an outer one's expressions, never inside its text: each piece is edited once.
  const edits = templates.flatMap((pieces) => {
    const texts = unquoteAttributeValues(pieces.map(([start, end]) => code.slice(start, end).replace(/[ \t\r]*\n\s*/g, ' ')));
    return pieces.map(([start, end], index) => ({ start, end, text: texts[index]! }));
  });
  let result = '';
  let at = 0;
  for (const { start, end, text } of edits.sort((a, b) => a.start - b.start)) {
    result += code.slice(at, start) + text;
    at = end;
  }
  const changed = result + code.slice(at);
  return changed === code ? undefined : changed;
}
