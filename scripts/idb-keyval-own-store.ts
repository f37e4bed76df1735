/**
 * The CDN build's idb-keyval (dist/index.js), for the way the widget calls it (src/storage/session-store.ts):
 * every call passes the widget's own store, made with `createStore`, so the library's default store
 * (`defaultGetStore()`, the `keyval-store` database) is never opened. Each function's
 * `customStore = defaultGetStore()` parameter loses its default, and `defaultGetStore` goes;
 * test/build/idb-keyval-own-store.test.ts checks that every call in src/ passes a store.
 * Found with the TypeScript parser; a module of another shape returns an Error, which fails the build.
 */
import ts from 'typescript';

/** index.js without its default store, or an Error naming the shape it did not find. */
export function withoutDefaultStore(code: string): string | Error {
  const source = ts.createSourceFile('index.js', code, ts.ScriptTarget.Latest, true);
  const edits: { start: number; end: number; text: string }[] = [];
  const getter = source.statements.find((statement): statement is ts.FunctionDeclaration => ts.isFunctionDeclaration(statement) && statement.name?.text === 'defaultGetStore');
  const cache = source.statements.find(
    (statement): statement is ts.VariableStatement =>
      ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1 && statement.declarationList.declarations[0]!.name.getText(source) === 'defaultGetStoreFunc',
  );
  if (!getter || !cache) return new Error('no `defaultGetStore` function with its `defaultGetStoreFunc`');
  for (const node of [getter, cache]) edits.push({ start: node.getFullStart(), end: node.getEnd(), text: '' });
  let defaults = 0;
  let otherUse: string | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isParameter(node) && node.initializer && node.initializer.getText(source) === 'defaultGetStore()') {
      if (node.name.getText(source) !== 'customStore') otherUse ??= node.getText(source);
      edits.push({ start: node.name.getEnd(), end: node.initializer.getEnd(), text: '' });
      defaults += 1;
      return;
    }
    if (ts.isIdentifier(node) && (node.text === 'defaultGetStore' || node.text === 'defaultGetStoreFunc') && node.parent !== getter && !(ts.isVariableDeclaration(node.parent) && node.parent.parent.parent === cache)) {
      // Uses inside the getter itself go with it.
      let inside = false;
      for (let at: ts.Node | undefined = node.parent; at; at = at.parent) if (at === getter) inside = true;
      if (!inside) otherUse ??= node.parent.getText(source);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (otherUse) return new Error(`the default store is used another way: ${otherUse}`);
  if (defaults === 0) return new Error('no `customStore = defaultGetStore()` parameter');
  let result = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}
