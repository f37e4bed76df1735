/** The CDN build's short property names: only for names that never leave the widget's own code, the same in every chunk. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { readCdnGraph } from '../../scripts/cdn-graph.js';
import { ENGLISH } from '../../src/strings.js';
import { builtInNames, INTERNAL_PROPERTIES, renameInternalProperties, SHORT_NAMES } from '../../scripts/internal-properties.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** The property names of the interfaces and type literals a module declares. */
function declaredProperties(path: string, only?: readonly string[]): Set<string> {
  const source = ts.createSourceFile(path, read(path), ts.ScriptTarget.Latest, true);
  const names = new Set<string>();
  const visit = (node: ts.Node, inside: boolean): void => {
    const declaration = ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node);
    const counts = declaration ? !only || only.includes(node.name.text) : inside;
    if (counts && (ts.isPropertySignature(node) || ts.isMethodSignature(node)) && node.name && ts.isIdentifier(node.name)) names.add(node.name.text);
    ts.forEachChild(node, (child) => visit(child, counts));
  };
  visit(source, false);
  return names;
}

describe("the CDN build's internal property names", () => {
  it('are no names of what leaves the widget: sent, received, stored, posted to other tabs or in an event', () => {
    const outside = new Set([
      ...declaredProperties('src/protocol/events.ts'),
      ...declaredProperties('src/events.ts'),
      // A message as `totebot-reply` and the element's `messages` give it to the page.
      ...declaredProperties('src/state/conversation.ts', ['ChatMessage', 'MessageError', 'StatusChip', 'CartLine']),
      ...declaredProperties('src/storage/session-store.ts', ['StoredSession']),
      ...declaredProperties('src/storage/session-hint.ts'),
      ...declaredProperties('src/state/cached-messages.ts', ['CachedMessage']),
      ...declaredProperties('src/controllers/tab-sync.ts', ['TabNews']),
      ...declaredProperties('src/api/history-request.ts', ['ConversationAccess']),
      // A page overrides the texts by these keys (the `strings` property).
      ...Object.keys(ENGLISH),
    ]);
    assert.ok(outside.has('conversationId') && outside.has('withdrawnFeedback') && outside.has('savedAt') && outside.has('retryAt'), 'the types were read');
    assert.deepEqual(INTERNAL_PROPERTIES.filter((name) => outside.has(name)), []);
  });

  it("are none of the element's documented members, attributes or events (its private members may be)", () => {
    const manifest = JSON.parse(read('dist/custom-elements.json')) as {
      modules: { declarations?: { members?: { name: string; privacy?: string }[]; attributes?: { name: string; fieldName?: string }[]; events?: { name: string }[] }[] }[];
    };
    const documented = new Set<string>();
    for (const declaration of manifest.modules.flatMap((module) => module.declarations ?? [])) {
      for (const member of declaration.members ?? []) if (member.privacy !== 'private') documented.add(member.name);
      for (const attribute of declaration.attributes ?? []) documented.add(attribute.name).add(attribute.fieldName ?? attribute.name);
      for (const event of declaration.events ?? []) documented.add(event.name);
    }
    assert.ok(documented.has('open') && documented.has('imageHosts') && !documented.has('loadPanel'), 'the manifest was read');
    // The README's code: its fenced blocks and its inline code spans.
    const fenced = read('README.md').split(/^```.*$/m);
    const code = [...fenced.filter((_, index) => index % 2 === 1), ...fenced.filter((_, index) => index % 2 === 0).flatMap((text) => text.split('`').filter((_, index) => index % 2 === 1))].join('\n');
    assert.match(code, /identitySignature/);
    for (const name of INTERNAL_PROPERTIES) {
      assert.ok(!documented.has(name), `${name} is documented in custom-elements.json`);
      assert.ok(!new RegExp(`(?<![-\\w])${name}(?![-\\w])`).test(code), `${name} is in the README's code`);
    }
  });

  it('are no names of built-in or DOM types, and every chunk renames them alike', () => {
    assert.deepEqual(INTERNAL_PROPERTIES.filter((name) => builtInNames().has(name)), []);
    assert.ok(builtInNames().has('adoptedStyleSheets') && builtInNames().has('structuredClone'));
    const graph = readCdnGraph(new URL('dist/', root));
    const chunks = [...graph.atLoad, ...graph.teaser, ...graph.onIntent].filter((file) => file.file.startsWith('cdn/')).map((file) => read(`dist/${file.file}`));
    const all = chunks.join('\n');
    for (const name of INTERNAL_PROPERTIES) assert.doesNotMatch(all, new RegExp(`[.]${name}\\b|[{,]${name}:`), name);
    // The launcher and the panel both name the panel host's storage scope, by the same short name.
    const scope = SHORT_NAMES[INTERNAL_PROPERTIES.indexOf('storageScope')]!.replace('$', '\\$');
    assert.ok(chunks.filter((chunk) => new RegExp(`\\.${scope}\\b`).test(chunk)).length >= 2);
  });

  it('renames properties, keys, members and destructured names, never a variable or a string', () => {
    const code = 'const thanked=1;class A{thanked=thanked;get onJump(){return this.thanked}}const{thanked:t,onJump}=x;f({thanked,onJump:2},a.onJump,`thanked`);';
    assert.equal(
      renameInternalProperties(code.replace('f({', 'g({').replace(',`thanked`', ''), ['thanked', 'onJump']),
      'const thanked=1;class A{$a=thanked;get $b(){return this.$a}}const{$a:t,$b:onJump}=x;g({$a:thanked,$b:2},a.$b);',
    );
    assert.ok(renameInternalProperties(code, ['thanked']) instanceof Error, 'a name written as a string');
    assert.ok(renameInternalProperties('o["onJump"]', ['onJump']) instanceof Error, 'a computed key');
    assert.ok(renameInternalProperties('"thanked" in o', ['thanked']) instanceof Error, 'an `in` check');
    assert.ok(renameInternalProperties('o.$a=1;o.thanked=2', ['thanked']) instanceof Error, 'a short name taken');
    assert.ok(renameInternalProperties('o.scrollTop', ['scrollTop']) instanceof Error, 'a DOM name');
    assert.ok(renameInternalProperties('var s={thanked:{}};class E{static{this.properties={a:{},...s}}}', ['thanked']) instanceof Error, 'a reactive property');
    assert.ok(renameInternalProperties('const s={thanked:{state:!0}};class E{static properties=s;f(){this.thanked}}', ['thanked']) instanceof Error, 'a reactive property declared by name');
    assert.ok(renameInternalProperties('class E{static{this.properties=s}}const s={thanked:{}};', ['thanked']) instanceof Error, 'declared by name, before the object');
    assert.ok(renameInternalProperties('h`<x .thanked=${a}>`;o.thanked', ['thanked']) instanceof Error, 'a Lit property binding');
    assert.equal(renameInternalProperties('h`<x .value=${a} class=thanked>`;o.thanked', ['thanked']), 'h`<x .value=${a} class=thanked>`;o.$a', 'template text that binds no listed name');
  });
});
