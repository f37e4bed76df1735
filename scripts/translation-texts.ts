/**
 * A translation's chunk carries its texts alone, without the keys: in the CDN build,
 * `export const de: TotebotStrings = { openChat: '…', … }` becomes `export const de = ['…', …]`.
 * The keys are the English table's, in its order (test/i18n/locales.test.ts holds every translation
 * to that order), and the element puts them back (`withTexts` in src/i18n/locales.ts). A page in
 * another language loads one of these chunks; its keys were about a third of its bytes. Found with
 * the TypeScript parser; any other shape (a spread, a computed key, a text that is not a plain
 * string) returns an Error, which fails the build. Used by vite.config.ts; tested in
 * test/build/translation-texts.test.ts.
 */
import ts from 'typescript';

/** The module with its one exported table's object as an array of its texts, or an Error naming what it did not find. */
export function translationTexts(code: string): string | Error {
  const source = ts.createSourceFile('translation.ts', code, ts.ScriptTarget.Latest, true);
  const tables = source.statements.filter(
    (statement): statement is ts.VariableStatement => ts.isVariableStatement(statement) && !!statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword),
  );
  const declaration = tables.length === 1 && tables[0]!.declarationList.declarations.length === 1 ? tables[0]!.declarationList.declarations[0]! : undefined;
  const object = declaration?.initializer;
  if (!object || !ts.isObjectLiteralExpression(object)) return new Error('not one exported table');
  const texts: string[] = [];
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) return new Error(`an unexpected ${ts.SyntaxKind[property.kind]} in the table`);
    if (!ts.isStringLiteral(property.initializer) && !ts.isNoSubstitutionTemplateLiteral(property.initializer)) return new Error(`${property.name.text} is not a plain string`);
    texts.push(property.initializer.text);
  }
  // From the name on: the type annotation goes with the object (an array is no TotebotStrings).
  return `${code.slice(0, declaration!.name.getEnd())} = ${JSON.stringify(texts)}${code.slice(object.getEnd())}`;
}
