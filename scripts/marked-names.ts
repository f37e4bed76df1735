/**
 * The steps of the CDN build's marked (scripts/marked-lexer-only.ts) that shorten marked's own names and
 * drop the Lexer's statics; each returns an Error naming the shape it did not find.
 */
import ts from 'typescript';
import { type Edit, exportedClass, identifierTexts, otherRulesName, ruleSetNames, splice, topLevelDeclarations } from './marked-shape.js';

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
