/**
 * The CDN build's @microsoft/fetch-event-source (lib/esm/fetch.js), for the one way the widget calls it
 * (src/api/client.ts): every call passes `openWhenHidden: true`, its own `onopen` and its own `fetch`
 * (FIXED_STREAM_OPTIONS; test/build/lean-fetch-event-source.test.ts holds the two together).
 *
 * - The library's `__rest` helper (TypeScript's ES5 stand-in for an object rest element) becomes the
 *   rest element itself, `{ signal, …, ...rest }`: both copy the own enumerable keys, symbols included,
 *   that the pattern does not name.
 * - With `openWhenHidden: true` the library never listens for `visibilitychange`: the listener, its
 *   registration and its removal go.
 * - With `onopen` and `fetch` always given, their defaults (`defaultOnOpen`, `window.fetch`) are never
 *   used and go.
 *
 * What it changes is found with the TypeScript parser; a module of another shape returns an Error, which
 * fails the build. Used by vite.config.ts (CDN build).
 */
import ts from 'typescript';

/** What every call of `fetchEventSource` in the widget passes (src/api/client.ts). */
export const FIXED_STREAM_OPTIONS = { openWhenHidden: true, onopen: 'given', fetch: 'given' } as const;

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** fetch.js for FIXED_STREAM_OPTIONS, or an Error naming the shape it did not find. */
export function leanFetchEventSource(code: string): string | Error {
  const source = ts.createSourceFile('fetch.js', code, ts.ScriptTarget.Latest, true);
  const edits: Edit[] = [];
  const remove = (node: ts.Node) => edits.push({ start: node.getFullStart(), end: node.getEnd(), text: '' });

  // var __rest = (this && this.__rest) || function (s, e) { … };
  const helper = source.statements.find(
    (statement): statement is ts.VariableStatement => ts.isVariableStatement(statement) && statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === '__rest'),
  );
  if (!helper || helper.declarationList.declarations.length !== 1) return new Error('no `var __rest = …` helper of its own');
  remove(helper);

  const main = source.statements.find((statement): statement is ts.FunctionDeclaration => ts.isFunctionDeclaration(statement) && statement.name?.text === 'fetchEventSource');
  if (!main?.body) return new Error('no `fetchEventSource` function');

  let restRewritten = 0;
  let visibilityListener: ts.FunctionDeclaration | undefined;
  const visibilityUses: ts.Node[] = [];
  const defaults: string[] = [];
  const visit = (node: ts.Node): void => {
    // var { signal: inputSignal, …, fetch: inputFetch } = _a, rest = __rest(_a, ["signal", …, "fetch"]);
    if (ts.isVariableDeclarationList(node) && node.declarations.length === 2) {
      const [pattern, rest] = node.declarations as unknown as [ts.VariableDeclaration, ts.VariableDeclaration];
      const call = rest.initializer;
      if (ts.isObjectBindingPattern(pattern.name) && pattern.initializer && ts.isIdentifier(pattern.initializer) && ts.isIdentifier(rest.name) && call && ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === '__rest') {
        const [object, keys] = call.arguments;
        const named = pattern.name.elements.map((element) => (element.propertyName ?? element.name).getText(source));
        const listed = keys && ts.isArrayLiteralExpression(keys) ? keys.elements.map((key) => (ts.isStringLiteral(key) ? key.text : '')) : [];
        if (!object || !ts.isIdentifier(object) || object.text !== pattern.initializer.text || named.join() !== listed.join()) return;
        const elements = pattern.name.elements.map((element) => element.getText(source)).join(', ');
        edits.push({ start: node.declarations.pos, end: node.declarations.end, text: ` { ${elements}, ...${rest.name.text} } = ${object.text}` });
        restRewritten += 1;
        return;
      }
    }
    // function onVisibilityChange() { … }, used only to listen for and stop listening for visibilitychange.
    if (ts.isFunctionDeclaration(node) && node.name?.text === 'onVisibilityChange') visibilityListener = node;
    // if (!openWhenHidden) { document.addEventListener('visibilitychange', onVisibilityChange); }
    if (ts.isIfStatement(node) && node.expression.getText(source) === '!openWhenHidden' && !node.elseStatement) visibilityUses.push(node);
    // document.removeEventListener('visibilitychange', onVisibilityChange);
    if (ts.isExpressionStatement(node) && node.expression.getText(source) === "document.removeEventListener('visibilitychange', onVisibilityChange)") visibilityUses.push(node);
    // const fetch = inputFetch !== null && inputFetch !== void 0 ? inputFetch : window.fetch;  (and onopen likewise)
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && (node.name.text === 'fetch' || node.name.text === 'onopen') && node.initializer && ts.isConditionalExpression(node.initializer)) {
      const given = node.initializer.whenTrue.getText(source);
      const fallback = node.initializer.whenFalse.getText(source);
      if ((node.name.text === 'fetch' && fallback === 'window.fetch') || (node.name.text === 'onopen' && fallback === 'defaultOnOpen')) {
        edits.push({ start: node.initializer.getStart(source), end: node.initializer.getEnd(), text: given });
        defaults.push(node.name.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(main.body);
  if (restRewritten !== 1) return new Error('no `var { … } = _a, rest = __rest(_a, [the same names])` declaration');
  if (!visibilityListener || visibilityUses.length !== 2) return new Error('no visibilitychange listener added only without openWhenHidden and removed on dispose');
  if (defaults.sort().join() !== 'fetch,onopen') return new Error('no `fetch` and `onopen` that fall back to `window.fetch` and `defaultOnOpen`');
  remove(visibilityListener);
  visibilityUses.forEach(remove);

  const defaultOnOpen = source.statements.find((statement): statement is ts.FunctionDeclaration => ts.isFunctionDeclaration(statement) && statement.name?.text === 'defaultOnOpen');
  if (!defaultOnOpen || defaultOnOpen.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return new Error('no module-private `defaultOnOpen`');
  remove(defaultOnOpen);

  let result = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  for (const name of ['__rest', 'onVisibilityChange', 'defaultOnOpen', 'openWhenHidden']) {
    if (new RegExp(`\\b${name}\\b(?!\\s*[,}])`).test(result.replace(/\/\/# sourceMappingURL=.*$/m, ''))) return new Error(`\`${name}\` is still used`);
  }
  return result;
}
