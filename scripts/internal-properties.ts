/**
 * The CDN build's short names for property names that only the widget's own code uses in memory:
 * the callbacks and flags a view's context carries, the fields the panel and its controllers read of each
 * other, the Markdown stream's bookkeeping. No minifier renames properties, and each of these is spelled
 * out in several chunks; the same short name stands for it in every chunk (the panel reads the launcher's
 * objects and the launcher the panel's).
 *
 * A name belongs here only if it is on none of the objects that leave the widget's code: not the
 * element's API (its public properties, attributes, methods, events' details, the messages it hands out;
 * its private members may be renamed), not what is sent, stored or
 * posted to another tab, not a key of an object a browser API or a bundled library reads.
 * test/build/internal-properties.test.ts checks the list against those; the build fails
 * (renameInternalProperties returns an Error) where a name is a property or method of a built-in or
 * DOM type, is written as a string anywhere in a chunk (a decorator, `in`, a computed key), or is a
 * reactive property of the element, and where a short name is taken.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/** The names, most used first (each gets the shortest free name in this order). */
export const INTERNAL_PROPERTIES = [
  'storageScope',
  'thanked',
  'resolvedLang',
  'finalLength',
  'focusInput',
  'messageCount',
  'tellOthers',
  'openNodes',
  'onScroll',
  'markdownOptions',
  'baseUrl',
  'openTail',
  'showCached',
  'cachedMessages',
  'rescope',
  'idleTimeoutMs',
  'retryKey',
  'markRead',
  'rememberAgentName',
  'onRetry',
  'onFeedback',
  'onCardOutcome',
  'onJump',
  'onStop',
  'onSubmit',
  'onDraft',
  'onNewConversation',
  'onConversation',
  'onDismiss',
  'onClose',
  'onOpen',
  'onReply',
  'onStreamEvent',
  'onRetryDue',
  'restoreCleared',
  'forgetDevice',
  'mergeCached',
  'announcer',
  'unread',
  'turns',
  'storedRead',
  'setPersist',
  'setDraft',
  'retentionMs',
  'hinted',
  'canRetry',
  'english',
  'closable',
  'forgetStoredConversation',
  'definitions',
  'getHistory',
  'getAgent',
  'retryAfterSeconds',
  'dismissLabel',
  'pin',
  'checkoutUrl',
  'cartUrl',
  'onError',
  'reply',
  'conversation',
  // The element's private members (the manifest lists them as private; a page has no business with them).
  'loadPanel',
  'setOpen',
  'onIntent',
  'onKeydown',
  'idleLoad',
  'panelToForget',
  'renderLauncher',
] as const;

/** `$a` … `$Z`, then `_a` … `_Z`: a `$` or `_` and a letter, which no property in the chunks has, nor any string (checked). */
export const SHORT_NAMES = ['$', '_'].flatMap((first) => [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((letter) => first + letter));

let libraryNames: Set<string> | undefined;

/** Every identifier in TypeScript's own declarations (lib.*.d.ts: ES, DOM, workers): the properties and methods of built-in and DOM types among them. */
export function builtInNames(): Set<string> {
  if (libraryNames) return libraryNames;
  const lib = dirname(createRequire(import.meta.url).resolve('typescript/lib/lib.d.ts'));
  libraryNames = new Set();
  for (const file of readdirSync(lib).filter((name) => /^lib\..*\.d\.ts$/.test(name))) {
    for (const match of readFileSync(join(lib, file), 'utf8').matchAll(/[A-Za-z_$][\w$]*/g)) libraryNames.add(match[0]);
  }
  return libraryNames;
}

type Edit = { start: number; end: number; text: string };

/** The names of the reactive properties a chunk declares (`…properties = {…}`, spreads of top-level objects included). */
function reactivePropertyNames(source: ts.SourceFile): Set<string> {
  const objects = new Map<string, ts.ObjectLiteralExpression>();
  const declarations: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isObjectLiteralExpression(node.initializer)) objects.set(node.name.text, node.initializer);
    const isProperties = (name: ts.Node | undefined) => name !== undefined && (ts.isIdentifier(name) || ts.isStringLiteral(name)) && name.text === 'properties';
    // `properties = {…}` or `properties = NAME`, NAME a top-level object (resolved once every declaration is seen).
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && isProperties(node.left.name)) declarations.push(node.right);
    if ((ts.isPropertyDeclaration(node) || ts.isPropertyAssignment(node)) && isProperties(node.name) && node.initializer) declarations.push(node.initializer);
    ts.forEachChild(node, visit);
  };
  visit(source);
  const names = new Set<string>();
  const collect = (object: ts.ObjectLiteralExpression): void => {
    for (const property of object.properties) {
      if (ts.isSpreadAssignment(property) && ts.isIdentifier(property.expression) && objects.has(property.expression.text)) collect(objects.get(property.expression.text)!);
      else if (property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) names.add(property.name.text);
    }
  };
  for (const declaration of declarations) {
    if (ts.isObjectLiteralExpression(declaration)) collect(declaration);
    else if (ts.isIdentifier(declaration) && objects.has(declaration.text)) collect(objects.get(declaration.text)!);
  }
  return names;
}

/** `code` (a chunk) with INTERNAL_PROPERTIES as SHORT_NAMES, or an Error saying why a name cannot be renamed safely. */
export function renameInternalProperties(code: string, names: readonly string[] = INTERNAL_PROPERTIES): string | Error {
  if (names.length > SHORT_NAMES.length) return new Error('more names than short names');
  const builtIns = builtInNames();
  const clash = names.find((name) => builtIns.has(name));
  if (clash) return new Error(`${clash} is a name of a built-in or DOM type`);
  const short = new Map(names.map((name, index) => [name, SHORT_NAMES[index]!]));
  const taken = new Set(SHORT_NAMES);
  const source = ts.createSourceFile('chunk.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const reactive = [...reactivePropertyNames(source)].find((name) => short.has(name));
  if (reactive) return new Error(`${reactive} is a reactive property of the element`);
  const edits: Edit[] = [];
  let error: Error | undefined;
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && (short.has(node.text) || taken.has(node.text))) {
      error ??= new Error(`the name ${node.text} is written as a string`);
    } else if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      // A Lit property binding (`<x .name=${…}>`) names a property in a template's text.
      const bound = [...node.text.matchAll(/\.([A-Za-z_$][\w$]*)=/g)].find((match) => short.has(match[1]!));
      if (bound) error ??= new Error(`the name ${bound[1]} is bound as a property in a template`);
    } else if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const asProperty =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node) ||
        (ts.isBindingElement(parent) && parent.propertyName === node) ||
        ((ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isGetAccessorDeclaration(parent) || ts.isSetAccessorDeclaration(parent)) && parent.name === node);
      const asBoth = ts.isShorthandPropertyAssignment(parent) || (ts.isBindingElement(parent) && parent.name === node && !parent.propertyName && ts.isObjectBindingPattern(parent.parent));
      // A variable may be called anything: only a property of a short name's would meet the renamed ones.
      if ((asProperty || asBoth) && taken.has(node.text)) error ??= new Error(`the short name ${node.text} is already a property name in the chunk`);
      const name = short.get(node.text);
      if (name && asProperty) edits.push({ start: node.getStart(source), end: node.getEnd(), text: name });
      else if (name && asBoth) edits.push({ start: node.getStart(source), end: node.getEnd(), text: `${name}:${node.text}` });
      // Anything else is a variable or parameter of the same name, which is no property.
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (error) return error;
  let result = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}
