/**
 * The CDN build's marked: the lexer the widget imports, and nothing the widget's fixed options never
 * reach. Each step finds what it changes with the TypeScript parser, never by matching minified text,
 * and returns an Error naming the shape it did not find, which fails the build: a marked release of
 * another shape is never shipped half-cut. Used by vite.config.ts (CDN build); tested in
 * test/build/marked-lexer-only.test.ts, which also lexes every CommonMark example with the result.
 *
 * - dropDefaultInstance: marked's bundle ends by building its default instance: `new Marked()`, the
 *   `marked()` function and its setters (`marked.use`, `marked.parse`, …). Those statements run at load
 *   and reach the HTML parser, renderer and extension hooks, so a bundler keeps all of them (neither
 *   `treeshake.moduleSideEffects` nor `manualPureFunctions` changes that).
 * - keepExports: only `Lexer` and `Tokenizer` stay exported, so the renderer, parser and hooks go.
 * - fixOptions: the options the widget lexes with (FIXED_OPTIONS) become constants, so the pedantic
 *   branches and the extension hooks fold away.
 * - gfmRulesOnly: the GFM rule sets, the only ones those options select, stand alone; the builders of
 *   the CommonMark, pedantic and `breaks` sets' own rules are then unused (dropUnusedRuleBuilders).
 * - foldConstants: Oxc's compressor, over this module alone, folds those constants and drops what is
 *   then unused, so that the next step sees what the chunk will really name.
 * - pruneOtherRules: the helper expressions (`rules.other`) that no code left names go.
 * - trimDefaultOptions: the default options (what a Lexer or Tokenizer made without options starts
 *   with) keep only the options that code still reads; the fixed ones are constants by now.
 * - literalRules: the rules whose regular expression is smaller written out than built.
 * - renameLexerFields: the Lexer's `tokenizer` field and its state's `inLink` and `inRawBlock` flags get
 *   short names too; the option `tokenizer` and the html tokens' fields of those names keep theirs.
 * - renameInternals: marked's own property names (its rules, the lexer's state) become two characters.
 * - dropLexerStatics: the Lexer's static members (`rules`, `lex`, `lexInline`), which the widget never
 *   calls: it makes a Lexer and calls its `lex`.
 */

import ts from 'typescript';
import { literalRules } from './marked-literal-rules.js';
import { dropLexerStatics, renameInternals, renameLexerFields } from './marked-names.js';
import { dropUnusedRuleBuilders, foldConstants, gfmRulesOnly, pruneOtherRules, trimDefaultOptions } from './marked-rules.js';
import { type Edit, FIXED_OPTIONS, KEPT_EXPORTS, splice } from './marked-shape.js';

// The steps live in modules of their own; the build and the tests take them all from here.
export { FIXED_OPTIONS, KEPT_EXPORTS } from './marked-shape.js';
export { dropUnusedRuleBuilders, foldConstants, gfmRulesOnly, pruneOtherRules, trimDefaultOptions } from './marked-rules.js';
export { literalRules } from './marked-literal-rules.js';
export { dropLexerStatics, internalNames, renameInternals, renameLexerFields } from './marked-names.js';

/** leanLexer's steps, in order. */
export const LEAN_STEPS: readonly ((code: string) => string | Error)[] = [
  dropDefaultInstance,
  keepExports,
  fixOptions,
  gfmRulesOnly,
  dropUnusedRuleBuilders,
  foldConstants,
  pruneOtherRules,
  trimDefaultOptions,
  dropUnusedRuleBuilders,
  literalRules,
  renameLexerFields,
  renameInternals,
  dropLexerStatics,
];


/** Each step's result by its input, as literalRules takes a moment and the tests run the steps often. */
const stepCache = new Map<(code: string) => string | Error, Map<string, string | Error>>();


/** The CDN build's marked: every step below, in order (or `steps` alone). */
export function leanLexer(code: string, steps = LEAN_STEPS): string | Error {
  let result: string | Error = code;
  for (const step of steps) {
    const cache = stepCache.get(step) ?? stepCache.set(step, new Map()).get(step)!;
    const input: string = result;
    result = cache.get(input) ?? step(input);
    cache.set(input, result);
    if (result instanceof Error) return result;
  }
  return result;
}


/** The marked module without its default instance, or an Error saying which shape it did not find. */
export function dropDefaultInstance(code: string): string | Error {
  const source = ts.createSourceFile('marked.esm.js', code, ts.ScriptTarget.Latest, true);
  const statements = source.statements;
  const exported = statements.find(
    (statement): statement is ts.ExportDeclaration =>
      ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause),
  );
  if (!exported) return new Error('no `export { … }` statement');
  const specifiers = (exported.exportClause as ts.NamedExports).elements;
  const localOf = (name: string) => specifiers.find((specifier) => specifier.name.text === name)?.propertyName?.text ?? specifiers.find((specifier) => specifier.name.text === name)?.name.text;
  const markedClass = localOf('Marked');
  if (!markedClass) return new Error('no `Marked` export');

  // The first top-level statement that instantiates the class: `var <instance> = new Marked()`.
  const first = statements.findIndex(
    (statement) =>
      ts.isVariableStatement(statement) &&
      statement.declarationList.declarations.some(
        (declaration) => declaration.initializer !== undefined && ts.isNewExpression(declaration.initializer) && ts.isIdentifier(declaration.initializer.expression) && declaration.initializer.expression.text === markedClass,
      ),
  );
  const last = statements.indexOf(exported);
  if (first < 0 || first > last) return new Error(`no \`new ${markedClass}\` before the exports`);
  if (last !== statements.length - 1) return new Error('statements after the exports');

  const dropped = new Set<string>();
  for (const statement of statements.slice(first, last)) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) return new Error('a destructuring declaration among the dropped statements');
        dropped.add(declaration.name.text);
      }
    } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) {
      if (statement.name) dropped.add(statement.name.text);
    } else if (!ts.isExpressionStatement(statement)) {
      return new Error(`an unexpected ${ts.SyntaxKind[statement.kind]} among the dropped statements`);
    }
  }
  const kept = specifiers.filter((specifier) => !dropped.has((specifier.propertyName ?? specifier.name).text));
  if (!kept.some((specifier) => specifier.name.text === 'Lexer')) return new Error('`Lexer` would not be exported');
  const exports = `export{${kept.map((specifier) => specifier.getText(source)).join(',')}};`;
  // What follows the exports is the `sourceMappingURL` comment, whose map describes the uncut bundle.
  return `${code.slice(0, statements[first]!.getStart(source))}${exports}\n`;
}


/** The module's `export { … }` with only KEPT_EXPORTS left: what else it declares is then unused. */
export function keepExports(code: string): string | Error {
  const source = ts.createSourceFile('marked.esm.js', code, ts.ScriptTarget.Latest, true);
  const exported = source.statements.filter(
    (statement): statement is ts.ExportDeclaration & { exportClause: ts.NamedExports } =>
      ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause),
  );
  if (exported.length !== 1) return new Error(`${exported.length} \`export { … }\` statements, not one`);
  const statement = exported[0]!;
  const exports = (other: ts.Statement) =>
    ts.isExportDeclaration(other) || ts.isExportAssignment(other) || (ts.canHaveModifiers(other) && ts.getModifiers(other)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword));
  if (source.statements.some((other) => other !== statement && exports(other))) {
    return new Error('exports outside the `export { … }` statement');
  }
  const kept = statement.exportClause.elements.filter((specifier) => (KEPT_EXPORTS as readonly string[]).includes(specifier.name.text));
  if (kept.length !== KEPT_EXPORTS.length) return new Error(`not all of ${KEPT_EXPORTS.join(', ')} are exported`);
  return splice(code, [{ start: statement.getStart(source), end: statement.getEnd(), text: `export{${kept.map((specifier) => specifier.getText(source)).join(',')}};` }]);
}


/** Every read of `this.options.<name>` for a name of FIXED_OPTIONS becomes that value. */
export function fixOptions(code: string): string | Error {
  const source = ts.createSourceFile('marked.esm.js', code, ts.ScriptTarget.Latest, true);
  const edits: Edit[] = [];
  const found = new Set<string>();
  let error: Error | undefined;
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.name) &&
      Object.hasOwn(FIXED_OPTIONS, node.name.text) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.expression.kind === ts.SyntaxKind.ThisKeyword &&
      node.expression.name.text === 'options'
    ) {
      const parent = node.parent;
      const written =
        (ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) ||
        ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) ||
        ts.isDeleteExpression(parent);
      if (written) error ??= new Error(`\`this.options.${node.name.text}\` is written`);
      found.add(node.name.text);
      edits.push({ start: node.getStart(source), end: node.getEnd(), text: `(${JSON.stringify(FIXED_OPTIONS[node.name.text as keyof typeof FIXED_OPTIONS])})` });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (error) return error;
  for (const name of ['gfm', 'breaks', 'pedantic']) if (!found.has(name)) return new Error(`no \`this.options.${name}\``);
  return splice(code, edits);
}

