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
import { gzipSync } from 'node:zlib';
import ts from 'typescript';
import { minifySync } from 'vite';

/**
 * The options every lexer of the widget runs with (MARKED_OPTIONS in src/markdown/markdown-blocks.ts;
 * a test holds the two together). `null` stands for an option the widget leaves unset.
 */
export const FIXED_OPTIONS = { gfm: true, breaks: false, pedantic: false, silent: false, extensions: null, hooks: null } as const;

/** What the widget imports from marked (src/markdown/markdown-blocks.ts). */
export const KEPT_EXPORTS = ['Lexer', 'Tokenizer'] as const;

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

/** The names of the block and inline rule sets: `static get rules() { return { block: …, inline: … }; }`. */
function ruleSetNames(source: ts.SourceFile): { block: string; inline: string } | Error {
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

/**
 * marked builds its rules by splicing regular expressions into others at load. Written out as a
 * literal, a rule can take fewer compressed bytes than its recipe, or more (a spliced part may stand
 * in several rules, which gzip then sees once); which, depends on the rest of the module. So each
 * rule is tried as a literal, one after another, twice over (a rule's parts may go once the rules
 * using them are literals), and kept as one where the module, minified and at gzip level 9, gets
 * smaller. The values come from running the module, with `RegExp` as
 * it is and as in a browser without lookbehind: a rule that differs between the two (marked tests
 * for lookbehind and builds some rules without it) stays as it is built, as a literal with a
 * lookbehind would be a syntax error for the whole chunk there. The result is run again and every
 * rule compared with the original's, in both worlds.
 */
export function literalRules(code: string): string | Error {
  const native = evaluateTopLevel(code);
  const legacy = evaluateTopLevel(code, WITHOUT_LOOKBEHIND);
  if (native instanceof Error) return native;
  if (legacy instanceof Error) return legacy;
  const size = (candidate: string): number => gzipSync(minifySync('marked.esm.js', candidate, { module: true }).code, { level: 9 }).length;
  let current = code;
  let currentSize = size(current);
  for (let pass = 0; pass < 2; pass += 1) {
    let parsed = ts.createSourceFile('marked.esm.js', current, ts.ScriptTarget.Latest, true);
    for (const target of ruleTargets(parsed)) {
      const value = target.key === undefined ? native[target.name] : (native[target.name] as Record<string, unknown>)[target.key];
      const fallback = target.key === undefined ? legacy[target.name] : (legacy[target.name] as Record<string, unknown>)[target.key];
      if (!(value instanceof RegExp) || !(fallback instanceof RegExp) || value.source !== fallback.source || value.flags !== fallback.flags) continue;
      if (parsed.text !== current) parsed = ts.createSourceFile('marked.esm.js', current, ts.ScriptTarget.Latest, true);
      const replaced = replaceRule(parsed, target, `/${value.source}/${value.flags}`);
      const candidate = replaced && dropUnusedRuleBuilders(replaced);
      if (!candidate || candidate instanceof Error) continue;
      const candidateSize = size(candidate);
      if (candidateSize < currentSize) {
        current = candidate;
        currentSize = candidateSize;
      }
    }
  }
  for (const [prelude, original] of [['', native], [WITHOUT_LOOKBEHIND, legacy]] as const) {
    const result = evaluateTopLevel(current, prelude);
    if (result instanceof Error) return result;
    for (const [name, value] of Object.entries(result)) {
      const before = original[name];
      const pairs: [unknown, unknown][] = value instanceof RegExp ? [[value, before]] : isPlainObject(value) && isPlainObject(before) ? Object.keys(before).map((key) => [value[key], before[key]]) : [];
      for (const [now, then] of pairs) {
        if (then instanceof RegExp && (!(now instanceof RegExp) || now.source !== then.source || now.flags !== then.flags)) return new Error(`the rule ${name} changed as a literal`);
      }
    }
  }
  return current;
}

/** `new RegExp` as in a browser without lookbehind: a pattern with one throws (callable with or without `new`, as `RegExp` is). */
const WITHOUT_LOOKBEHIND =
  'function RegExp(pattern,flags){if(/\\(\\?<[=!]/.test(typeof pattern=="string"?pattern:pattern.source))throw new SyntaxError("no lookbehind");return new globalThis.RegExp(pattern,flags)}\n';

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** A rule built by a call: a top-level variable, or a property of a top-level object. */
interface RuleTarget {
  name: string;
  key?: string;
}

function ruleTargets(source: ts.SourceFile): RuleTarget[] {
  const targets: RuleTarget[] = [];
  for (const declaration of topLevelDeclarations(source)) {
    if (ts.isCallExpression(declaration.initializer)) targets.push({ name: declaration.name });
    else if (ts.isObjectLiteralExpression(declaration.initializer)) {
      for (const property of declaration.initializer.properties) {
        if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && ts.isCallExpression(property.initializer)) targets.push({ name: declaration.name, key: property.name.text });
      }
    }
  }
  return targets;
}

/** The module with the target's initialiser replaced by `literal`, or undefined where it is no longer a call. */
function replaceRule(source: ts.SourceFile, target: RuleTarget, literal: string): string | undefined {
  const declaration = topLevelDeclarations(source).find((candidate) => candidate.name === target.name);
  if (!declaration) return undefined;
  let node: ts.Expression | undefined = declaration.initializer;
  if (target.key !== undefined) {
    const property = ts.isObjectLiteralExpression(node)
      ? node.properties.find((candidate): candidate is ts.PropertyAssignment => ts.isPropertyAssignment(candidate) && ts.isIdentifier(candidate.name) && candidate.name.text === target.key)
      : undefined;
    node = property?.initializer;
  }
  if (!node || !ts.isCallExpression(node)) return undefined;
  return splice(source.text, [{ start: node.getStart(source), end: node.getEnd(), text: literal }]);
}

/** Runs the module (its one `export { … }` left out) after `prelude`, and returns its top-level variables. */
function evaluateTopLevel(code: string, prelude = ''): Record<string, unknown> | Error {
  const source = ts.createSourceFile('marked.esm.js', code, ts.ScriptTarget.Latest, true);
  const exported = source.statements.filter(ts.isExportDeclaration);
  if (exported.length !== 1 || source.statements.some(ts.isImportDeclaration)) return new Error('not a module with one `export { … }` and no imports');
  const body = splice(code, [{ start: exported[0]!.getStart(source), end: exported[0]!.getEnd(), text: '' }]);
  const names = topLevelDeclarations(source).map((declaration) => declaration.name);
  try {
    return new Function(`'use strict';${prelude}${body}\nreturn{${names.join(',')}};`)() as Record<string, unknown>;
  } catch (error) {
    return new Error(`marked's module did not run: ${error instanceof Error ? error.message : String(error)}`);
  }
}

type Edit = { start: number; end: number; text: string };

interface TopLevelDeclaration {
  name: string;
  node: ts.VariableDeclaration & { name: ts.Identifier };
  initializer: ts.Expression;
  statement: ts.VariableStatement;
}

function topLevelDeclarations(source: ts.SourceFile): TopLevelDeclaration[] {
  return source.statements.filter(ts.isVariableStatement).flatMap((statement) =>
    statement.declarationList.declarations
      .filter((declaration): declaration is ts.VariableDeclaration & { name: ts.Identifier; initializer: ts.Expression } => ts.isIdentifier(declaration.name) && declaration.initializer !== undefined)
      .map((declaration) => ({ name: declaration.name.text, node: declaration, initializer: declaration.initializer, statement })),
  );
}

/** Every identifier's text in `source` but those of the nodes in `except`: a name that is absent is named nowhere (shadowing only adds). */
function identifierTexts(source: ts.SourceFile, except: ReadonlySet<ts.Node>): Set<string> {
  const texts = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && !except.has(node)) texts.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return texts;
}

function splice(code: string, edits: readonly Edit[]): string {
  const pieces: string[] = [];
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    pieces.push(code.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  pieces.push(code.slice(at));
  return pieces.join('');
}

/**
 * marked's own bookkeeping names, which the widget's code (src/markdown, the only code that meets
 * marked's objects) never names: the rules (`rules`, `other`, `getRegex`), the lexer's methods and
 * fields that its tokenizer calls (`lexer`, `state`, `inline`, …), its queue and state flags, the
 * emphasis mask's fields. With the keys of `rules.other` and the rule names that are not also
 * Tokenizer methods, internalNames renames them.
 */
const INTERNAL_NAMES = [
  'rules',
  'other',
  'getRegex',
  'lexer',
  'state',
  'inline',
  'inlineTokens',
  'blockTokens',
  'linkInText',
  'inlineQueue',
  'inBlockquote',
  'linkEmitted',
  'lastToken',
  'linkParenPossible',
  'infiniteLoopError',
  'maskedSrc',
  'lastPossibleEmStrongCloserIndex',
  'lastPossibleDelCloserIndex',
];

/**
 * The property names renameInternals shortens: INTERNAL_NAMES, the keys of `rules.other` and the
 * GFM rules' names that are not names of the Tokenizer's members (a subclass overrides those; a
 * token's fields never come from rule names). Names of at most two characters gain nothing.
 */
export function internalNames(code: string): string[] | Error {
  const source = ts.createSourceFile('marked.esm.js', code, ts.ScriptTarget.Latest, true);
  const declarations = topLevelDeclarations(source);
  const objectKeys = (name: string): string[] | Error => {
    const initializer = declarations.find((declaration) => declaration.name === name)?.initializer;
    if (!initializer || !ts.isObjectLiteralExpression(initializer)) return new Error(`${name} is not a top-level object`);
    return initializer.properties.map((property) => property.name?.getText(source) ?? '').filter((key) => /^[A-Za-z_$][\w$]*$/.test(key));
  };
  const other = otherRulesName(source);
  if (other instanceof Error) return other;
  const otherKeys = objectKeys(other);
  if (otherKeys instanceof Error) return otherKeys;
  // The rule sets are { gfm: <rules> } by now (gfmRulesOnly).
  const sets = ruleSetNames(source);
  if (sets instanceof Error) return sets;
  const ruleKeys: string[] = [];
  for (const set of [sets.block, sets.inline]) {
    const initializer = declarations.find((declaration) => declaration.name === set)?.initializer;
    const gfm = initializer && ts.isObjectLiteralExpression(initializer) ? initializer.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source) === 'gfm') : undefined;
    if (!gfm || !ts.isIdentifier(gfm.initializer)) return new Error('the rule sets are not `{ gfm: <rules> }`');
    const keys = objectKeys(gfm.initializer.text);
    if (keys instanceof Error) return keys;
    ruleKeys.push(...keys);
  }
  const tokenizer = exportedClass(source, 'Tokenizer');
  if (tokenizer instanceof Error) return tokenizer;
  const members = new Set(tokenizer.members.map((member) => member.name?.getText(source)));
  const names = new Set([...INTERNAL_NAMES, ...otherKeys, ...ruleKeys.filter((key) => !members.has(key))]);
  return [...names].filter((name) => name.length > 2);
}

/**
 * Renames internalNames to one or two letters wherever marked names them: property accesses, object
 * literal keys, destructuring, class members. No minifier renames properties, and marked spells
 * these out thousands of times (`this.rules.other.blockquoteSetextReplace2`). Fails where a name
 * is used any other way (a string, but for a `.replace` pattern; a computed key), as that use might
 * not follow the rename, and
 * where a name is a built-in property that objects from outside marked also carry.
 */
export function renameInternals(code: string): string | Error {
  const names = internalNames(code);
  if (names instanceof Error) return names;
  const builtIns = [String.prototype, RegExp.prototype, Array.prototype, Object.prototype, Function.prototype, Number.prototype, Promise.prototype, Math, JSON, Object, Array];
  for (const name of names) if (builtIns.some((object) => name in object) || ['index', 'input', 'groups', 'lastIndex'].includes(name)) return new Error(`${name} is a built-in property`);
  const source = ts.createSourceFile('marked.esm.js', code, ts.ScriptTarget.Latest, true);
  // The most used get the shortest of the names no property in the module has yet.
  const identifiers = identifierTexts(source, new Set());
  const uses = new Map<string, number>();
  for (const match of code.matchAll(/[A-Za-z_$][\w$]*/g)) uses.set(match[0], (uses.get(match[0]) ?? 0) + 1);
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const candidates = [...letters, ...[...letters].flatMap((first) => [...letters].map((second) => first + second))].filter((candidate) => !identifiers.has(candidate) && !(candidate in Object.prototype));
  const short = new Map([...names].sort((a, b) => (uses.get(b) ?? 0) - (uses.get(a) ?? 0)).map((name, index) => [name, candidates[index]!]));
  const edits: Edit[] = [];
  let error: Error | undefined;
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && short.has(node.text)) {
      // A placeholder in a rule's template (`edit(…).replace('nolink', …)`) is text to find, not a key.
      const parent = node.parent;
      const pattern = ts.isCallExpression(parent) && parent.arguments[0] === node && ts.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === 'replace';
      if (!pattern) error ??= new Error(`the name ${node.text} is written as a string`);
    } else if (ts.isIdentifier(node) && short.has(node.text)) {
      const parent = node.parent;
      const name = short.get(node.text)!;
      if (
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node) ||
        (ts.isBindingElement(parent) && parent.propertyName === node) ||
        ((ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isGetAccessorDeclaration(parent) || ts.isSetAccessorDeclaration(parent)) && parent.name === node)
      ) {
        edits.push({ start: node.getStart(source), end: node.getEnd(), text: name });
      } else if (ts.isShorthandPropertyAssignment(parent) || (ts.isBindingElement(parent) && parent.name === node && !parent.propertyName && ts.isObjectBindingPattern(parent.parent))) {
        edits.push({ start: node.getStart(source), end: node.getEnd(), text: `${name}:${node.text}` });
      }
      // Anything else is a variable of the same name, which is no property.
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (error) return error;
  return splice(code, edits);
}

/** The name of marked's one object of helper expressions, which the Lexer puts in its rules as `other`. */
function otherRulesName(source: ts.SourceFile): string | Error {
  const others = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'other' && ts.isIdentifier(node.initializer)) others.add(node.initializer.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return others.size === 1 ? [...others][0]! : new Error(`${others.size} objects are the rules' \`other\`, not one`);
}

/** The class the module exports under `name` (`var <local> = class { … }` or `class <local> { … }`). */
function exportedClass(source: ts.SourceFile, name: string): ts.ClassLikeDeclaration | Error {
  const exported = source.statements.find((statement): statement is ts.ExportDeclaration & { exportClause: ts.NamedExports } => ts.isExportDeclaration(statement) && statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause));
  const specifier = exported?.exportClause.elements.find((element) => element.name.text === name);
  if (!specifier) return new Error(`no \`${name}\` export`);
  const local = (specifier.propertyName ?? specifier.name).text;
  const declared = source.statements.find((statement): statement is ts.ClassDeclaration => ts.isClassDeclaration(statement) && statement.name?.text === local);
  if (declared) return declared;
  const initializer = topLevelDeclarations(source).find((declaration) => declaration.name === local)?.initializer;
  return initializer && ts.isClassExpression(initializer) ? initializer : new Error(`\`${name}\` is not a class`);
}


/** The lexer's state flags renameLexerFields shortens: html tokens carry fields of the same names, which keep them. */
const STATE_FLAGS = ['inLink', 'inRawBlock'];

/**
 * Shortens the Lexer's own `tokenizer` field (`this.tokenizer` in its methods; the option of that name,
 * `this.options.tokenizer`, which the widget sets, keeps it) and the flags of its `state` (`…state.inLink`,
 * and the keys of the object the constructor assigns to `this.state`; an html token's `inLink` field,
 * which copies the flag, keeps its name). Runs before renameInternals, while `state` and `options` have
 * their own names. Fails where one of these names is used any other way, as that use might not follow.
 */
export function renameLexerFields(code: string): string | Error {
  const source = ts.createSourceFile('marked.esm.js', code, ts.ScriptTarget.Latest, true);
  const lexer = exportedClass(source, 'Lexer');
  if (lexer instanceof Error) return lexer;
  const identifiers = identifierTexts(source, new Set());
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const free = [...letters, ...[...letters].flatMap((first) => [...letters].map((second) => first + second))].filter((candidate) => !identifiers.has(candidate) && !(candidate in Object.prototype));
  const short = new Map(['tokenizer', ...STATE_FLAGS].map((name, index) => [name, free[index]!]));
  const edits: Edit[] = [];
  let error: Error | undefined;
  const inLexer = (node: ts.Node): boolean => {
    for (let at: ts.Node | undefined = node.parent; at; at = at.parent) if (at === lexer) return true;
    return false;
  };
  const isStateInit = (object: ts.Node): boolean => {
    const parent = object.parent;
    return ts.isBinaryExpression(parent) && parent.right === object && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.left.getText(source) === 'this.state' && inLexer(parent);
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && short.has(node.text)) error ??= new Error(`the name ${node.text} is written as a string`);
    if (ts.isIdentifier(node) && short.has(node.text)) {
      const parent = node.parent;
      const name = node.text;
      const rename = () => edits.push({ start: node.getStart(source), end: node.getEnd(), text: short.get(name)! });
      if (name === 'tokenizer') {
        if (ts.isPropertyAccessExpression(parent) && parent.name === node) {
          if (parent.expression.kind === ts.SyntaxKind.ThisKeyword && inLexer(parent)) rename();
          else if (!(ts.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === 'options')) error ??= new Error(`\`${parent.getText(source)}\` is neither the Lexer's field nor the option`);
        } else if (ts.isPropertyDeclaration(parent) && parent.name === node && parent.parent === lexer) rename();
        else if (!(ts.isPropertyAssignment(parent) && parent.name === node)) error ??= new Error(`\`tokenizer\` is used as ${ts.SyntaxKind[parent.kind]}`);
      } else if (ts.isPropertyAccessExpression(parent) && parent.name === node) {
        if (ts.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === 'state') rename();
        else error ??= new Error(`\`${parent.getText(source)}\` is not a flag of the lexer's state`);
      } else if (ts.isPropertyAssignment(parent) && parent.name === node) {
        if (isStateInit(parent.parent)) rename();
        // Else a token's field: it copies the flag (`inLink: this.lexer.state.inLink`) and keeps its name.
        else if (!(ts.isPropertyAccessExpression(parent.initializer) && parent.initializer.name.text === name)) error ??= new Error(`a \`${name}\` key that is neither the state's nor a token's copy of it`);
      } else if (!(ts.isBindingElement(parent) || ts.isShorthandPropertyAssignment(parent))) {
        // A variable of the same name is no property.
      } else error ??= new Error(`\`${name}\` is destructured`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (error) return error;
  for (const name of short.keys()) if (!edits.length || !code.includes(name)) return new Error(`no \`${name}\` to rename`);
  return splice(code, edits);
}

/** The module without the Lexer's static members; fails where anything still names one. */
export function dropLexerStatics(code: string): string | Error {
  const source = ts.createSourceFile('marked.esm.js', code, ts.ScriptTarget.Latest, true);
  const lexer = exportedClass(source, 'Lexer');
  if (lexer instanceof Error) return lexer;
  const statics = lexer.members.filter((member) => ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword));
  if (statics.length === 0) return new Error('the Lexer has no static members');
  const names = new Set(statics.map((member) => member.name?.getText(source) ?? ''));
  // The names the class goes by: its own (inside it), and the variable it is assigned to.
  const classNames = new Set([lexer.name?.text, ts.isVariableDeclaration(lexer.parent) && ts.isIdentifier(lexer.parent.name) ? lexer.parent.name.text : undefined].filter((name) => name !== undefined));
  let used: string | undefined;
  const visit = (node: ts.Node): void => {
    if (statics.includes(node as ts.ClassElement)) return;
    if (ts.isPropertyAccessExpression(node) && names.has(node.name.text) && ts.isIdentifier(node.expression) && classNames.has(node.expression.text)) used ??= node.getText(source);
    if (ts.isPropertyAccessExpression(node) && names.has(node.name.text) && node.expression.getText(source).endsWith('constructor')) used ??= node.getText(source);
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (used) return new Error(`\`${used}\` names a static member of the Lexer`);
  return splice(
    code,
    statics.map((member) => ({ start: member.getStart(source), end: member.getEnd(), text: '' })),
  );
}
