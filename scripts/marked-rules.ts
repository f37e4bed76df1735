/**
 * The steps of the CDN build's marked (scripts/marked-lexer-only.ts) that leave only the rules the
 * widget's options select: the GFM rule sets alone, their builders and helper expressions, the default
 * options; each returns an Error naming the shape it did not find.
 */
import ts from 'typescript';
import { minifySync } from 'vite';
import { type Edit, FIXED_OPTIONS, identifierTexts, otherRulesName, ruleSetNames, splice, topLevelDeclarations } from './marked-shape.js';

/**
 * Keeps only the GFM rule sets, the only ones the fixed options select, each as one object of its
 * own rules (not a spread of the CommonMark set it extends), so that the builders of the other sets'
 * rules are left unused. The Lexer's `static get rules()` names the rule sets.
 */
export function gfmRulesOnly(code: string): string | Error {
  const source = ts.createSourceFile('marked.esm.js', code, ts.ScriptTarget.Latest, true);
  const names = ruleSetNames(source);
  if (names instanceof Error) return names;
  const declarations = topLevelDeclarations(source);
  const initializerOf = (name: string) => declarations.find((declaration) => declaration.name === name)?.initializer;
  const edits: Edit[] = [];

  /** An object literal's properties, its spreads of other top-level objects taken apart, as key → source text. */
  const flatten = (object: ts.ObjectLiteralExpression): Map<string, string> | Error => {
    const properties = new Map<string, string>();
    for (const property of object.properties) {
      if (ts.isSpreadAssignment(property)) {
        const spread = ts.isIdentifier(property.expression) ? initializerOf(property.expression.text) : undefined;
        if (!spread || !ts.isObjectLiteralExpression(spread)) return new Error('a rule set spreads something other than a top-level object');
        const inner = flatten(spread);
        if (inner instanceof Error) return inner;
        for (const [key, value] of inner) {
          // Copied by name only, so that each rule is still built once.
          if (!/^[A-Za-z_$][\w$]*$/.test(value)) return new Error(`the rule ${key} of a spread rule set is not a variable`);
          properties.set(key, value);
        }
      } else if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
        properties.set(property.name.getText(source), property.initializer.getText(source));
      } else {
        return new Error(`an unexpected ${ts.SyntaxKind[property.kind]} in a rule set`);
      }
    }
    return properties;
  };

  for (const kind of ['block', 'inline'] as const) {
    const sets = initializerOf(names[kind]);
    if (!sets || !ts.isObjectLiteralExpression(sets)) return new Error(`the ${kind} rule sets are not an object`);
    const gfm = sets.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'gfm');
    if (!gfm || !ts.isIdentifier(gfm.initializer)) return new Error(`no ${kind} rule set for GFM`);
    edits.push({ start: sets.getStart(source), end: sets.getEnd(), text: `{gfm:${gfm.initializer.text}}` });
    const rules = initializerOf(gfm.initializer.text);
    if (!rules || !ts.isObjectLiteralExpression(rules)) return new Error(`the GFM ${kind} rules are not an object`);
    const flat = flatten(rules);
    if (flat instanceof Error) return flat;
    edits.push({ start: rules.getStart(source), end: rules.getEnd(), text: `{${[...flat].map(([key, value]) => `${key}:${value}`).join(',')}}` });
  }
  return splice(code, edits);
}


/**
 * Drops the top-level variables that nothing names and whose initialiser only builds a value, until
 * none is left: a bundler keeps them, as a method call might have effects. Building a value is
 * evaluating literals, objects, functions, `new RegExp`, reading a property of a top-level object
 * literal without accessors, and calling `edit` (the one function that returns an object with
 * `getRegex`), `.replace` and `.getRegex` on what it returns, or a top-level arrow function whose
 * body only builds a value.
 */
export function dropUnusedRuleBuilders(code: string): string | Error {
  for (;;) {
    const source = ts.createSourceFile('marked.esm.js', code, ts.ScriptTarget.Latest, true);
    const editHelpers = source.statements
      .filter((statement): statement is ts.FunctionDeclaration & { name: ts.Identifier } => ts.isFunctionDeclaration(statement) && statement.name !== undefined && /\bgetRegex\s*:/.test(statement.getText(source)))
      .map((statement) => statement.name.text);
    if (editHelpers.length !== 1) return new Error(`${editHelpers.length} functions build rules with \`getRegex\`, not one`);
    const declarations = topLevelDeclarations(source);
    const plainObjects = new Set(
      declarations
        .filter((declaration) => ts.isObjectLiteralExpression(declaration.initializer) && declaration.initializer.properties.every((property) => !ts.isGetAccessor(property) && !ts.isSetAccessor(property)))
        .map((declaration) => declaration.name),
    );
    const builders = new Set(editHelpers);
    // A helper may call another: repeated until no more are found.
    for (let grew = true; grew; ) {
      grew = false;
      for (const declaration of declarations) {
        const body = ts.isArrowFunction(declaration.initializer) && !ts.isBlock(declaration.initializer.body) ? declaration.initializer.body : undefined;
        if (body && !builders.has(declaration.name) && buildsOnly(body, builders, plainObjects)) {
          builders.add(declaration.name);
          grew = true;
        }
      }
    }
    const referenced = identifierTexts(source, new Set(declarations.map((declaration) => declaration.node.name)));
    const unused = new Set<ts.VariableDeclaration>(
      declarations.filter((declaration) => !referenced.has(declaration.name) && buildsOnly(declaration.initializer, builders, plainObjects)).map((declaration) => declaration.node),
    );
    if (unused.size === 0) return code;
    const edits: Edit[] = [];
    for (const statement of new Set(declarations.filter((declaration) => unused.has(declaration.node)).map((declaration) => declaration.statement))) {
      const kept = statement.declarationList.declarations.filter((declaration) => !unused.has(declaration));
      const keyword = statement.declarationList.flags & ts.NodeFlags.Const ? 'const' : statement.declarationList.flags & ts.NodeFlags.Let ? 'let' : 'var';
      edits.push({ start: statement.getStart(source), end: statement.getEnd(), text: kept.length ? `${keyword} ${kept.map((declaration) => declaration.getText(source)).join(',')};` : '' });
    }
    code = splice(code, edits);
  }
}


/** Whether evaluating `node` only builds a value (see dropUnusedRuleBuilders). */
function buildsOnly(node: ts.Node, builders: ReadonlySet<string>, plainObjects: ReadonlySet<string>): boolean {
  if (
    ts.isRegularExpressionLiteral(node) ||
    ts.isStringLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isNumericLiteral(node) ||
    ts.isIdentifier(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword
  ) {
    return true;
  }
  const only = (child: ts.Node) => buildsOnly(child, builders, plainObjects);
  if (ts.isParenthesizedExpression(node)) return only(node.expression);
  if (ts.isTemplateExpression(node)) return node.templateSpans.every((span) => only(span.expression));
  if (ts.isBinaryExpression(node)) return node.operatorToken.kind === ts.SyntaxKind.PlusToken && only(node.left) && only(node.right);
  if (ts.isConditionalExpression(node)) return only(node.condition) && only(node.whenTrue) && only(node.whenFalse);
  if (ts.isPropertyAccessExpression(node)) return ts.isIdentifier(node.expression) && plainObjects.has(node.expression.text);
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.every(
      (property) =>
        (ts.isPropertyAssignment(property) && !ts.isComputedPropertyName(property.name) && only(property.initializer)) ||
        ts.isShorthandPropertyAssignment(property) ||
        (ts.isSpreadAssignment(property) && ts.isIdentifier(property.expression) && plainObjects.has(property.expression.text)),
    );
  }
  if (ts.isNewExpression(node)) return ts.isIdentifier(node.expression) && node.expression.text === 'RegExp' && (node.arguments ?? []).every(only);
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    const known =
      (ts.isIdentifier(callee) && (builders.has(callee.text) || callee.text === 'RegExp')) ||
      (ts.isPropertyAccessExpression(callee) && ['replace', 'getRegex'].includes(callee.name.text) && ts.isCallExpression(callee.expression) && only(callee.expression));
    return known && node.arguments.every(only);
  }
  return false;
}


/**
 * Oxc's compressor over the module alone (no renaming): with the options constant, it drops the
 * branches they never take and the functions and classes that are then unused (the renderer's
 * escaping among them), so that pruneOtherRules sees what the chunk will really name.
 */
export function foldConstants(code: string): string | Error {
  const result = minifySync('marked.esm.js', code, { module: true, compress: { target: 'es2022' }, mangle: false });
  if (result.errors.length > 0) return new Error(`Oxc could not compress marked: ${result.errors.map((error) => error.message).join('; ')}`);
  return result.code;
}


/**
 * Drops the helper expressions of `rules.other` (marked's one object of them, which the Lexer puts in
 * its rules as `other`) that no code names any more. Fails where that object is used any other way
 * than by a property name (a computed key, passed whole), as its properties could then be read unnamed.
 */
export function pruneOtherRules(code: string): string | Error {
  const source = ts.createSourceFile('marked.esm.js', code, ts.ScriptTarget.Latest, true);
  const name = otherRulesName(source);
  if (name instanceof Error) return name;
  const declaration = topLevelDeclarations(source).find((candidate) => candidate.name === name);
  if (!declaration || !ts.isObjectLiteralExpression(declaration.initializer)) return new Error('the rules\' `other` is not a top-level object');
  const object = declaration.initializer;
  let misuse: ts.Node | undefined;
  const checkUses = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && node !== declaration.node.name) {
      const parent = node.parent;
      const byName = ts.isPropertyAccessExpression(parent) && parent.expression === node;
      const asOther = ts.isPropertyAssignment(parent) && parent.initializer === node && ts.isIdentifier(parent.name) && parent.name.text === 'other';
      if (!byName && !asOther) misuse ??= parent;
    }
    ts.forEachChild(node, checkUses);
  };
  checkUses(source);
  if (misuse) return new Error(`the rules' \`other\` is used as ${ts.SyntaxKind[misuse.kind]}`);
  const ownKeys = new Set<ts.Node>();
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) return new Error(`an unexpected ${ts.SyntaxKind[property.kind]} in the rules' \`other\``);
    ownKeys.add(property.name);
  }
  const named = identifierTexts(source, ownKeys);
  const kept = object.properties.filter((property) => named.has((property.name as ts.Identifier).text));
  if (kept.length === object.properties.length) return code;
  return splice(code, [{ start: object.getStart(source), end: object.getEnd(), text: `{${kept.map((property) => property.getText(source)).join(',')}}` }]);
}


/**
 * marked's default options (`_getDefaults()`: a top-level function that returns an object literal with
 * every option, FIXED_OPTIONS' among them) without the options no code reads any more: after
 * fixOptions and foldConstants only `options.tokenizer` is still read. A key is kept where its name
 * stands anywhere else in the module, so nothing that still reads an option loses it.
 */
export function trimDefaultOptions(code: string): string | Error {
  const source = ts.createSourceFile('marked.esm.js', code, ts.ScriptTarget.Latest, true);
  const isDefaults = (node: ts.Node): node is ts.FunctionDeclaration & { body: ts.Block } => {
    if (!ts.isFunctionDeclaration(node) || !node.body || node.body.statements.length !== 1 || node.parameters.length > 0) return false;
    const statement = node.body.statements[0]!;
    if (!ts.isReturnStatement(statement) || !statement.expression || !ts.isObjectLiteralExpression(statement.expression)) return false;
    const keys = new Set(statement.expression.properties.map((property) => property.name?.getText(source)));
    return Object.keys(FIXED_OPTIONS).every((key) => keys.has(key));
  };
  const defaults = source.statements.filter(isDefaults);
  if (defaults.length !== 1) return new Error(`${defaults.length} functions return the default options, not one`);
  const object = (defaults[0]!.body.statements[0] as ts.ReturnStatement).expression as ts.ObjectLiteralExpression;
  const ownKeys = new Set<ts.Node>();
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) return new Error(`an unexpected ${ts.SyntaxKind[property.kind]} in the default options`);
    ownKeys.add(property.name);
  }
  const named = identifierTexts(source, ownKeys);
  const kept = object.properties.filter((property) => named.has((property.name as ts.Identifier).text));
  if (!kept.some((property) => (property.name as ts.Identifier).text === 'tokenizer')) return new Error('the default options would lose `tokenizer`, which the Lexer reads');
  return splice(code, [{ start: object.getStart(source), end: object.getEnd(), text: `{${kept.map((property) => property.getText(source)).join(',')}}` }]);
}

