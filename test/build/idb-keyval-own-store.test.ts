/** The CDN build's idb-keyval: no default store, and every call in src/ passes the widget's own. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { readCdnGraph } from '../../scripts/cdn-graph.js';
import { withoutDefaultStore } from '../../scripts/idb-keyval-own-store.js';

const library = readFileSync(new URL('../../node_modules/idb-keyval/dist/index.js', import.meta.url), 'utf8');

describe("the CDN build's idb-keyval", () => {
  it('has no default store, and each function still takes a store', async () => {
    const code = withoutDefaultStore(library);
    if (code instanceof Error) throw code;
    assert.doesNotMatch(code, /defaultGetStore|keyval-store/);
    const module = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as Record<string, (...args: unknown[]) => unknown>;
    const original = (await import('idb-keyval')) as unknown as Record<string, (...args: unknown[]) => unknown>;
    assert.deepEqual(Object.keys(module).sort(), Object.keys(original).sort());
    // A store is a function the library calls with a mode and a callback; each function hands it over.
    const calls: string[] = [];
    const store = (mode: string) => (calls.push(mode), Promise.resolve('done'));
    assert.equal(await module.get!('k', store), 'done');
    assert.equal(await module.set!('k', 1, store), 'done');
    assert.equal(await module.del!('k', store), 'done');
    assert.equal(await module.clear!(store), 'done');
    assert.deepEqual(calls, ['readonly', 'readwrite', 'readwrite', 'readwrite']);
  });

  it('refuses a module of another shape', () => {
    assert.ok(withoutDefaultStore('function get(key, customStore) {}') instanceof Error);
    assert.ok(withoutDefaultStore(library.replace('return defaultGetStoreFunc;', 'return defaultGetStoreFunc;\n}\nexport function other() {\n    return defaultGetStore();')) instanceof Error);
  });

  it('is built for what every call in src/ passes: the widget\'s own store', () => {
    const files = (directory: string): string[] =>
      readdirSync(directory).flatMap((name) => (statSync(join(directory, name)).isDirectory() ? files(join(directory, name)) : name.endsWith('.ts') ? [join(directory, name)] : []));
    // How many arguments each function takes, the store last (from the library's own declarations).
    const arity: Record<string, number> = { get: 2, set: 3, setMany: 2, getMany: 2, update: 3, del: 2, delMany: 2, clear: 1, keys: 1, values: 1, entries: 1 };
    let checked = 0;
    for (const file of files(new URL('../../src/', import.meta.url).pathname)) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes("from 'idb-keyval'")) continue;
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const imported = new Map<string, string>();
      for (const statement of source.statements) {
        if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === 'idb-keyval') {
          const bindings = statement.importClause?.namedBindings;
          assert.ok(bindings && ts.isNamedImports(bindings), `${file}: named imports only`);
          for (const element of bindings.elements) imported.set(element.name.text, (element.propertyName ?? element.name).text);
        }
      }
      const visit = (node: ts.Node): void => {
        const parent = node.parent;
        // The imported binding, not a property of the same name (`memory.get`).
        const property = parent && ((ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node) || (ts.isMethodDeclaration(parent) && parent.name === node));
        if (ts.isIdentifier(node) && imported.has(node.text) && !ts.isImportSpecifier(parent) && !property) {
          const name = imported.get(node.text)!;
          if (name in arity) {
            assert.ok(ts.isCallExpression(node.parent) && node.parent.expression === node, `${file}: ${name} is only called`);
            assert.equal(node.parent.arguments.length, arity[name], `${file}: ${node.parent.getText(source)} passes a store`);
            assert.ok(!node.parent.arguments.some(ts.isSpreadElement), `${file}: no spread arguments`);
            checked += 1;
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    assert.ok(checked >= 4, `${checked} calls checked`);
  });

  it('is what the CDN panel carries', () => {
    const graph = readCdnGraph(new URL('../../dist/', import.meta.url));
    const panel = graph.onIntent.map((file) => readFileSync(new URL(`../../dist/${file.file}`, import.meta.url), 'utf8')).join('\n');
    assert.ok(panel.includes('indexedDB.open'), 'the library itself');
    assert.ok(!panel.includes('keyval-store'));
  });
});
