/**
 * What the steps of the CDN build's marked (scripts/marked-lexer-only.ts) share: the widget's fixed
 * options and exports, and the small readers and writers of marked's module they all use.
 */
import ts from 'typescript';

/**
 * The options every lexer of the widget runs with (MARKED_OPTIONS in src/markdown/markdown-blocks.ts;
 * a test holds the two together). `null` stands for an option the widget leaves unset.
 */
export const FIXED_OPTIONS = { gfm: true, breaks: false, pedantic: false, silent: false, extensions: null, hooks: null } as const;


/** What the widget imports from marked (src/markdown/markdown-blocks.ts). */
export const KEPT_EXPORTS = ['Lexer', 'Tokenizer'] as const;


export type Edit = { start: number; end: number; text: string };


export interface TopLevelDeclaration {
  name: string;
  node: ts.VariableDeclaration & { name: ts.Identifier };
  initializer: ts.Expression;
  statement: ts.VariableStatement;
}


export function topLevelDeclarations(source: ts.SourceFile): TopLevelDeclaration[] {
  return source.statements.filter(ts.isVariableStatement).flatMap((statement) =>
    statement.declarationList.declarations
      .filter((declaration): declaration is ts.VariableDeclaration & { name: ts.Identifier; initializer: ts.Expression } => ts.isIdentifier(declaration.name) && declaration.initializer !== undefined)
      .map((declaration) => ({ name: declaration.name.text, node: declaration, initializer: declaration.initializer, statement })),
  );
}


/** Every identifier's text in `source` but those of the nodes in `except`: a name that is absent is named nowhere (shadowing only adds). */
export function identifierTexts(source: ts.SourceFile, except: ReadonlySet<ts.Node>): Set<string> {
  const texts = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && !except.has(node)) texts.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return texts;
}


export function splice(code: string, edits: readonly Edit[]): string {
  const pieces: string[] = [];
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    pieces.push(code.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  pieces.push(code.slice(at));
  return pieces.join('');
}


/** The names of the block and inline rule sets: `static get rules() { return { block: …, inline: … }; }`. */
export function ruleSetNames(source: ts.SourceFile): { block: string; inline: string } | Error {
  let names: { block: string; inline: string } | undefined;
  const visit = (node: ts.Node): void => {
    if (
      ts.isGetAccessorDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === 'rules' &&
      node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) &&
      node.body?.statements.length === 1
    ) {
      const statement = node.body.statements[0]!;
      if (ts.isReturnStatement(statement) && statement.expression && ts.isObjectLiteralExpression(statement.expression)) {
        const object = statement.expression;
        const property = (name: string) =>
          object.properties.find((p): p is ts.PropertyAssignment & { initializer: ts.Identifier } => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name && ts.isIdentifier(p.initializer));
        const block = property('block');
        const inline = property('inline');
        if (block && inline) names = { block: block.initializer.text, inline: inline.initializer.text };
      }
    }
    if (!names) ts.forEachChild(node, visit);
  };
  visit(source);
  return names ?? new Error('no `static get rules() { return { block, inline } }`');
}


/** The name of marked's one object of helper expressions, which the Lexer puts in its rules as `other`. */
export function otherRulesName(source: ts.SourceFile): string | Error {
  const others = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'other' && ts.isIdentifier(node.initializer)) others.add(node.initializer.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return others.size === 1 ? [...others][0]! : new Error(`${others.size} objects are the rules' \`other\`, not one`);
}


/** The class the module exports under `name` (`var <local> = class { … }` or `class <local> { … }`). */
export function exportedClass(source: ts.SourceFile, name: string): ts.ClassLikeDeclaration | Error {
  const exported = source.statements.find((statement): statement is ts.ExportDeclaration & { exportClause: ts.NamedExports } => ts.isExportDeclaration(statement) && statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause));
  const specifier = exported?.exportClause.elements.find((element) => element.name.text === name);
  if (!specifier) return new Error(`no \`${name}\` export`);
  const local = (specifier.propertyName ?? specifier.name).text;
  const declared = source.statements.find((statement): statement is ts.ClassDeclaration => ts.isClassDeclaration(statement) && statement.name?.text === local);
  if (declared) return declared;
  const initializer = topLevelDeclarations(source).find((declaration) => declaration.name === local)?.initializer;
  return initializer && ts.isClassExpression(initializer) ? initializer : new Error(`\`${name}\` is not a class`);
}


