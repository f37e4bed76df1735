/**
 * Lit's html`` and svg`` templates reach the CDN bundle with their source indentation. A line break
 * and the indentation around it become one space: the same whitespace to HTML wherever whitespace
 * collapses (the templates keep none where it does not: the shopper's pre-wrap bubble, the
 * textarea). Templates are found with the TypeScript parser, so code and other strings are never
 * touched. Used by vite.config.ts (CDN build); tested in test/build/lit-template-whitespace.test.ts.
 */
import ts from 'typescript';

/** [start, end) of the literal text of every html`` / svg`` template in `code`, in order. */
export function templateTextRanges(code: string, fileName = 'source.ts'): [number, number][] {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true);
  const ranges: [number, number][] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && (node.tag.text === 'html' || node.tag.text === 'svg')) {
      const template = node.template;
      // Between the backticks and the `${ … }`s.
      if (ts.isNoSubstitutionTemplateLiteral(template)) ranges.push([template.getStart(source) + 1, template.getEnd() - 1]);
      else {
        ranges.push([template.head.getStart(source) + 1, template.head.getEnd() - 2]);
        for (const { literal } of template.templateSpans) {
          ranges.push([literal.getStart(source) + 1, literal.getEnd() - (ts.isTemplateTail(literal) ? 1 : 2)]);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** `code` with each line break in a template's text, and the spaces around it, made one space; undefined if nothing changes. */
export function collapseTemplateWhitespace(code: string, fileName?: string): string | undefined {
  if (!/\b(?:html|svg)`/.test(code)) return undefined;
  const ranges = templateTextRanges(code, fileName);
  if (ranges.length === 0) return undefined;
  let result = '';
  let at = 0;
  for (const [start, end] of ranges) {
    result += code.slice(at, start) + code.slice(start, end).replace(/[ \t\r]*\n\s*/g, ' ');
    at = end;
  }
  return result + code.slice(at);
}
