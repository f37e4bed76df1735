/**
 * marked's bundle ends by building its default instance: `new Marked()`, the `marked()` function
 * and its setters (`marked.use`, `marked.parse`, …). Those statements run at load and reach the
 * HTML parser, renderer and extension hooks, so a bundler keeps all of them, although the widget
 * imports only `Lexer` (neither `treeshake.moduleSideEffects` nor `manualPureFunctions` changes
 * that). This drops those statements and the exports that name what they declare; the classes,
 * `Lexer` among them, stay as they are, and the ones nothing imports are then tree-shaken.
 * Statements are found with the TypeScript parser, never by matching minified text. Used by
 * vite.config.ts (CDN build); tested in test/build/marked-lexer-only.test.ts.
 */
import ts from 'typescript';

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
