/** The CDN build's marked keeps its lexer exactly and loses only its default instance. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as marked from 'marked';
import { readCdnGraph } from '../../scripts/cdn-graph.js';
import { dropDefaultInstance } from '../../scripts/marked-lexer-only.js';
import { extractExamples } from '../support/commonmark.js';

const bundle = readFileSync(new URL('../../node_modules/marked/lib/marked.esm.js', import.meta.url), 'utf8');
const spec = readFileSync(new URL('../../node_modules/commonmark-spec/spec.txt', import.meta.url), 'utf8');
/** The widget's options, with each module's own tokenizer (a Lexer keeps the one in its options). */
const options = () => ({ gfm: true, breaks: false, pedantic: false });

async function transformed(): Promise<typeof marked> {
  const code = dropDefaultInstance(bundle);
  if (code instanceof Error) throw code;
  return (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as typeof marked;
}

describe("marked's bundle without its default instance", () => {
  it('exports the classes and no longer the default instance or its functions', async () => {
    const module = await transformed();
    for (const name of ['Lexer', 'Tokenizer', 'Parser', 'Renderer', 'Hooks', 'Marked']) assert.equal(typeof module[name as keyof typeof marked], 'function', name);
    for (const name of ['marked', 'parse', 'parseInline', 'use', 'setOptions', 'options', 'lexer', 'parser', 'walkTokens']) {
      assert.equal(name in module, false, name);
    }
  });

  it("lexes every CommonMark spec example to the same tokens as marked's own bundle", async () => {
    const { Lexer } = await transformed();
    const examples = extractExamples(spec);
    assert.ok(examples.length > 600);
    for (const example of examples) {
      assert.deepEqual(new Lexer(options()).lex(example.markdown), new marked.Lexer(options()).lex(example.markdown), `example ${example.number}`);
    }
  });

  it('refuses a bundle of another shape rather than return it unchanged', () => {
    assert.ok(dropDefaultInstance('export { Lexer };') instanceof Error);
    assert.ok(dropDefaultInstance('class M {} export { M as Marked, M as Lexer };') instanceof Error);
  });

  it("leaves marked's HTML renderer and default instance out of the CDN panel", () => {
    const graph = readCdnGraph(new URL('../../dist/', import.meta.url));
    const panel = graph.onIntent.map((file) => readFileSync(new URL(`../../dist/${file.file}`, import.meta.url), 'utf8')).join('\n');
    // The lexer's own rules are there; the renderer's markup and the instance's error page are not.
    assert.match(panel, /codeRemoveIndent/);
    for (const marker of ['<blockquote>', 'Please report this to https://github.com/markedjs/marked', 'passThroughHooks']) assert.ok(!panel.includes(marker), marker);
  });
});
