/** The CDN build's marked lexes exactly as marked does with the widget's options, and keeps nothing else. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import * as marked from 'marked';
import { readCdnGraph } from '../../scripts/cdn-graph.js';
import {
  dropDefaultInstance,
  FIXED_OPTIONS,
  fixOptions,
  gfmRulesOnly,
  internalNames,
  keepExports,
  LEAN_STEPS,
  leanLexer,
  dropLexerStatics,
  literalRules,
  pruneOtherRules,
  renameInternals,
  renameLexerFields,
  trimDefaultOptions,
} from '../../scripts/marked-lexer-only.js';
import { MARKED_OPTIONS } from '../../src/markdown/markdown-blocks.js';
import { extractExamples } from '../support/commonmark.js';

const bundle = readFileSync(new URL('../../node_modules/marked/lib/marked.esm.js', import.meta.url), 'utf8');
const spec = readFileSync(new URL('../../node_modules/commonmark-spec/spec.txt', import.meta.url), 'utf8');
/** The widget's options, with each module's own tokenizer (a Lexer keeps the one in its options). */
const options = () => ({ gfm: true, breaks: false, pedantic: false });
/** A `RegExp` that refuses lookbehind, as in a browser without it (Safari before 16.4); callable with or without `new`. */
const WITHOUT_LOOKBEHIND =
  'function RegExp(pattern,flags){if(/\\(\\?<[=!]/.test(typeof pattern=="string"?pattern:pattern.source))throw new SyntaxError("no lookbehind");return new globalThis.RegExp(pattern,flags)}\n';

type Module = Pick<typeof marked, 'Lexer' | 'Tokenizer'>;
const load = async (code: string): Promise<Module> => (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as Module;
const lean = (): string => {
  const code = leanLexer(bundle);
  if (code instanceof Error) throw code;
  return code;
};

/** GFM's extensions and the places where marked's options and rules differ; the CommonMark spec has none of them. */
const GFM_SAMPLES = [
  '| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 |',
  'a | b\n-- | :-:\nc | d\n\n> | x |\n> |---|\n> | y |',
  '~~gone~~ and ~one~ and ~~~three~~~ and a~~b~~c',
  'www.example.com, https://example.com/a_(b). and http://x.y/z?q=1! mailto:a@b.co xmpp:c@d.org/r a@b.com',
  '- [ ] todo\n- [x] done\n  - [X] nested\n\n1. [ ] ordered',
  'line one  \nline two\\\nline three\nline four',
  '*a **b** c* _d __e__ f_ **"quoted"** *(paren)* __x__y',
  '#Not a heading\n# Heading #\n## Closed ##   \nSetext\n===',
  '    indented code\n\n```js\nfenced\n```\n\n~~~\ntilde\n~~~',
  '<div>\nhtml block\n</div>\n\n<span>inline</span> <a href="x">a</a> <!-- c -->',
  '[ref]: https://example.com "Title"\n\n[ref] and [text][ref] and ![img](https://example.com/i.png "t")',
  '1) one\n2) two\n\n* star\n+ plus\n\n-\n  empty start',
  'text\twith\ttabs\n\t- tab list\n>\tquote with tab',
  '&amp; &#35; &#x23; &nbsp; \\* \\_ `code` `` a`b ``',
];

describe("the CDN build's marked (lexer only, fixed options)", () => {
  it('exports the lexer and its tokenizer only', async () => {
    const module = (await load(lean())) as unknown as Record<string, unknown>;
    assert.deepEqual(Object.keys(module).sort(), ['Lexer', 'Tokenizer']);
  });

  it("lexes every CommonMark spec example to the same tokens as marked's own bundle", async () => {
    const { Lexer } = await load(lean());
    const examples = extractExamples(spec);
    assert.ok(examples.length > 600);
    for (const example of examples) {
      assert.deepEqual(new Lexer(options()).lex(example.markdown), new marked.Lexer(options()).lex(example.markdown), `example ${example.number}`);
    }
  });

  it('lexes GFM tables, strikethrough, task lists, autolinks and breaks as marked does', async () => {
    const { Lexer } = await load(lean());
    for (const sample of GFM_SAMPLES) assert.deepEqual(new Lexer(options()).lex(sample), new marked.Lexer(options()).lex(sample), sample);
  });

  it('lexes any text made of Markdown pieces as marked does', async () => {
    const { Lexer } = await load(lean());
    const pieces = fc.constantFrom('*', '**', '_', '__', '~', '~~', '`', '```', '~~~', '#', '## ', '> ', '- ', '1. ', '2) ', '| ', ' | ', '|:-', '-:|', '---', '===',
      '[', ']', '(', ')', '![', ']: ', '<', '>', '<div>', '</div>', '<!--', '-->', '\n', '\n\n', '  \n', '\t', '    ', '\\', '&amp;', '&#35;', '[ ] ', '[x] ',
      'www.a.com', 'https://a.b/c', 'a@b.co', 'mailto:', '"', "'", 'word', ' ');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 4 })), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        assert.deepEqual(new Lexer(options()).lex(text), new marked.Lexer(options()).lex(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('in a browser without lookbehind, still loads and lexes as marked does there', async () => {
    const { Lexer } = await load(WITHOUT_LOOKBEHIND + lean());
    // Without the source map comment, which names a file beside the bundle.
    const original = await load(WITHOUT_LOOKBEHIND + bundle.replace(/^\/\/# sourceMappingURL=.*$/m, ''));
    for (const text of [...GFM_SAMPLES, ...extractExamples(spec).map((example) => example.markdown)]) {
      assert.deepEqual(new Lexer(options()).lex(text), new original.Lexer(options()).lex(text), text);
    }
  });

  it("holds the options the widget lexes with, and those only", () => {
    const { tokenizer, ...rest } = MARKED_OPTIONS;
    assert.ok(tokenizer, 'the quick tokenizer');
    for (const key of Object.keys(rest)) assert.ok(Object.hasOwn(FIXED_OPTIONS, key), `${key} is not a fixed option`);
    for (const [key, value] of Object.entries(FIXED_OPTIONS)) assert.equal(rest[key as keyof typeof rest] ?? null, value, key);
  });

  it('keeps no rule set but GFM, and no helper expression that nothing names', () => {
    const code = leanLexer(bundle, LEAN_STEPS.slice(0, LEAN_STEPS.indexOf(renameInternals)));
    if (code instanceof Error) throw code;
    for (const marker of ['pedanticHrefTitle', 'pedanticHeadingBeginRegex', 'escapeReplaceNoEncode', 'percentDecode', '(?!:|[^\\\\w\\\\s@]*@)']) {
      assert.ok(!code.includes(marker), marker);
    }
    assert.match(code, /codeRemoveIndent/);
  });

  it('lexes with the tokenizer in its options, whose overrides and calls to super work', async () => {
    const { Lexer, Tokenizer } = await load(lean());
    const calls: string[] = [];
    class Counting extends Tokenizer {
      override blockquote(src: string) {
        calls.push('blockquote');
        return super.blockquote(src);
      }
      override paragraph(src: string) {
        calls.push('paragraph');
        return super.paragraph(src);
      }
      override del(src: string, maskedSrc: string, prevChar?: string) {
        calls.push('del');
        return super.del(src, maskedSrc, prevChar);
      }
    }
    const text = '> quoted *text*\n\nplain [link](https://example.com) ~~struck~~';
    const tokens = new Lexer({ ...options(), tokenizer: new Counting() }).lex(text);
    assert.ok(calls.includes('blockquote') && calls.includes('paragraph') && calls.includes('del'), calls.join());
    assert.deepEqual(tokens, new marked.Lexer(options()).lex(text));
  });

  it("renames only names that no code of the widget's names as a property", () => {
    const beforeRename = leanLexer(bundle, LEAN_STEPS.slice(0, LEAN_STEPS.indexOf(renameInternals)));
    if (beforeRename instanceof Error) throw beforeRename;
    const renamed = internalNames(beforeRename);
    if (renamed instanceof Error) throw renamed;
    assert.ok(renamed.includes('rules') && renamed.includes('codeRemoveIndent'), 'the rules and their helpers are renamed');
    // Only src/markdown meets marked's objects (the lexer, its tokenizer, options and tokens).
    const importers = sourceFiles(new URL('../../src/', import.meta.url).pathname).filter((file) => /from 'marked'/.test(readFileSync(file, 'utf8')));
    assert.ok(importers.length > 0 && importers.every((file) => file.includes('/src/markdown/')), importers.join());
    const widget = propertyNames(sourceFiles(new URL('../../src/markdown/', import.meta.url).pathname));
    assert.deepEqual(renamed.filter((name) => widget.has(name)), []);
    // Tokens keep their fields (the lexing tests compare them whole): no field is a renamed name.
    const { type: _type, ...fields } = { type: '', raw: '', text: '', tokens: [], items: [], href: '', title: '', tag: '', depth: 0, lang: '', ordered: false, start: 0, loose: false, task: false, checked: false, header: [], rows: [], align: [], escaped: false, autolink: false, codeBlockStyle: '', block: false, pre: false, inLink: false, inRawBlock: false };
    assert.deepEqual(renamed.filter((name) => name in fields), []);
  });

  it("shortens the Lexer's tokenizer field and state flags, never the option or a token's field, and drops its statics", async () => {
    const { Lexer } = await load(lean());
    const lexer = new Lexer(options()) as unknown as Record<string, unknown>;
    for (const name of ['tokenizer', 'state', 'rules']) assert.ok(!(name in lexer), name);
    for (const name of ['lex', 'lexInline', 'rules']) assert.ok(!(name in Lexer), `Lexer.${name}`);
    // An html token copies the flags under their own names (the lexing tests compare tokens whole).
    const [paragraph] = new Lexer(options()).lex('<a href="x">y</a> <pre>');
    const tags = (paragraph as { tokens: Record<string, unknown>[] }).tokens.filter((token) => token.type === 'html');
    assert.deepEqual(tags.map(({ inLink, inRawBlock }) => [inLink, inRawBlock]), [[true, false], [false, false], [false, true]]);
    // The widget meets marked's tokenizer only as the option it passes, and the flags not at all.
    const source = sourceFiles(new URL('../../src/markdown/', import.meta.url).pathname);
    const widget = propertyNames(source);
    assert.ok(!widget.has('inLink') && !widget.has('inRawBlock'));
    for (const file of source) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /\.tokenizer\b/, file);
    }
  });

  it('keeps of the default options only what is still read: a Lexer made without options lexes as with the fixed ones', async () => {
    const { Lexer } = await load(lean());
    for (const sample of GFM_SAMPLES) assert.deepEqual(new Lexer().lex(sample), new marked.Lexer(options()).lex(sample), sample);
    const shaped = (defaults: string) => `function D(){return{${defaults}}}var d=D();class L{constructor(o){this.options=o||d;this.t=this.options.tokenizer||1}}export{L as Lexer};`;
    const all = 'async:!1,breaks:!1,extensions:null,gfm:!0,hooks:null,pedantic:!1,silent:!1,tokenizer:null';
    assert.equal(trimDefaultOptions(shaped(all)), shaped('tokenizer:null'));
    assert.ok(trimDefaultOptions(shaped(all.replace('gfm:!0,', ''))) instanceof Error, 'no function returns every fixed option');
    assert.ok(trimDefaultOptions(shaped(all).replace('this.options.tokenizer', 'this.options.x')) instanceof Error, 'tokenizer would go');
    assert.ok(trimDefaultOptions(shaped(`${all},...x`)) instanceof Error, 'a spread in the defaults');
  });

  it('refuses to rename or drop what is used another way', () => {
    const shaped = (body: string) => `var T=class{f(){return this.lexer.state.inLink}};var L=class l{tokenizer;constructor(e){this.options=e,this.tokenizer=this.options.tokenizer,this.state={inLink:!1,inRawBlock:!1}}static lex(e,t){return new l(t).lex(e)}lex(){return this.state.inRawBlock}${body}};export{L as Lexer,T as Tokenizer};`;
    const renamed = renameLexerFields(shaped(''));
    assert.equal(typeof renamed, 'string', 'the shape it expects');
    assert.ok(!/\btokenizer;|this\.tokenizer|\.inLink|\.inRawBlock/.test(renamed as string), renamed as string);
    assert.match(renamed as string, /this\.options\.tokenizer/);
    assert.ok(renameLexerFields(shaped('g(o){return o.tokenizer}')) instanceof Error, 'another object\'s tokenizer');
    assert.ok(renameLexerFields(shaped('g(o){return o["inLink"]}')) instanceof Error, 'a flag as a string');
    assert.ok(renameLexerFields(shaped('g(o){return {inLink:o}}')) instanceof Error, 'a key that is no copy of the flag');
    assert.equal(typeof dropLexerStatics(shaped('')), 'string');
    assert.ok(dropLexerStatics(shaped('').replace('export{', 'L.lex("x");export{')) instanceof Error, 'a static called');
    assert.ok(dropLexerStatics(shaped('').replace('static lex', 'lex2')) instanceof Error, 'no statics');
  });

  it('writes a rule out as a literal where that is smaller, never one that needs lookbehind', () => {
    const module = [
      'function edit(l,e=""){let t=typeof l=="string"?l:l.source,n={replace:(r,s)=>{let o=typeof s=="string"?s:s.source;return t=t.replace(r,o),n},getRegex:()=>new RegExp(t,e)};return n}',
      'var lookbehind=(()=>{try{return!!new RegExp("(?<=1)(?<!1)")}catch{return!1}})(),',
      'part=/[ab]/,A=edit(/x(part)z(part)/,"g").replace(/part/g,part).getRegex(),',
      'B=edit(/p(q)/).replace("q",lookbehind?"(?<!a)b":"b").getRegex(),',
      'R={gfm:{a:A,b:B}};',
      'class L{static get rules(){return{block:R,inline:R}}}export{L as Lexer};',
    ].join('\n');
    const result = literalRules(module);
    if (result instanceof Error) throw result;
    assert.match(result, /A=\/x\(\[ab\]\)z\(\[ab\]\)\/g/);
    assert.ok(!result.includes('part='), 'what only that rule used goes');
    assert.match(result, /B=edit\(/, 'a rule that depends on lookbehind stays built');
    assert.ok(!result.includes('/p(?<!a)b/'), 'no literal with a lookbehind');
  });

  it('refuses a bundle of another shape rather than return it cut differently', () => {
    assert.ok(dropDefaultInstance('export { Lexer };') instanceof Error);
    assert.ok(dropDefaultInstance('class M {} export { M as Marked, M as Lexer };') instanceof Error);
    assert.ok(keepExports('class L {} export { L as Lexer };') instanceof Error, 'no Tokenizer');
    assert.ok(keepExports('class L {} class T {} export { L as Lexer, T as Tokenizer }; export const x = 1;') instanceof Error, 'a second export');
    assert.ok(fixOptions('class L { f() { return this.options.gfm && this.options.breaks; } }') instanceof Error, 'no pedantic');
    assert.ok(fixOptions('class L { f() { this.options.pedantic = true; return this.options.gfm || this.options.breaks; } }') instanceof Error, 'an option written');
    assert.ok(gfmRulesOnly('var b={normal:{}},i={normal:{}};class L{static get rules(){return{block:b,inline:i}}}') instanceof Error, 'no GFM set');
    assert.ok(gfmRulesOnly('var n={a:1},g={...n},b={gfm:g},i={gfm:g};class L{}') instanceof Error, 'no static rules');
    assert.ok(pruneOtherRules('var T={a:/a/,b:/b/};class L{constructor(){this.r={other:T}}f(k){return T[k]}}') instanceof Error, 'a computed key');
    assert.ok(pruneOtherRules('var T={a:/a/},S={b:/b/};class L{constructor(){this.r={other:T};this.s={other:S}}}') instanceof Error, 'two `other` objects');
    const shaped = (body: string) => `var O={longHelper:/a/},BG={newline:/b/},IG={blockSkip:/c/},B={gfm:BG},I={gfm:IG};var Tk=class{f(){return this.rules.other.longHelper}};class L{constructor(){this.t={other:O}}static get rules(){return{block:B,inline:I}}${body}};export{L as Lexer,Tk as Tokenizer};`;
    assert.equal(typeof renameInternals(shaped('')), 'string', 'the shape it expects');
    assert.ok(renameInternals(shaped('g(o){return o["longHelper"]}')) instanceof Error, 'a name as a string key');
    assert.ok(renameInternals(shaped('g(o){return o.replace}h(){return{replace:1}}').replace('longHelper', 'replace')) instanceof Error, 'a built-in name');
  });

  it("leaves marked's HTML renderer and default instance out of the CDN panel", () => {
    const graph = readCdnGraph(new URL('../../dist/', import.meta.url));
    const panel = graph.onIntent.map((file) => readFileSync(new URL(`../../dist/${file.file}`, import.meta.url), 'utf8')).join('\n');
    // The lexer is there; the renderer's markup, the instance's error page and the pedantic rules are not.
    assert.match(panel, /Infinite loop on byte/);
    for (const marker of ['<blockquote>', 'Please report this to https://github.com/markedjs/marked', 'passThroughHooks', 'pedanticHrefTitle']) assert.ok(!panel.includes(marker), marker);
  });
});

/** The TypeScript files under `directory`. */
function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : entry.endsWith('.ts') ? [path] : [];
  });
}

/** Every name the files use as a property: accessed, declared, a key, or a string that could be one. */
function propertyNames(files: readonly string[]): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if ((ts.isPropertyAccessExpression(node) || ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) || ts.isPropertySignature(node) || ts.isMethodSignature(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) && ts.isIdentifier(node.name)) {
      names.add(node.name.text);
    } else if (ts.isShorthandPropertyAssignment(node)) {
      names.add(node.name.text);
    } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
      const key = node.propertyName ?? node.name;
      if (ts.isIdentifier(key)) names.add(key.text);
    } else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && /^[A-Za-z_$][\w$]*$/.test(node.text)) {
      names.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  for (const file of files) visit(ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
  return names;
}
