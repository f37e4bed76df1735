/** The CDN build's template whitespace collapse (scripts/lit-template-whitespace.ts): what it touches, and what it must not. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { collapseTemplateWhitespace, templateTextRanges, unquoteAttributeValues } from '../../scripts/lit-template-whitespace.js';

describe('collapseTemplateWhitespace', () => {
  it('makes each line break in a template, with its indentation, one space', () => {
    const code = 'const a = html`<div\n    part="x"\n  >\n    ${label}\n  </div>`;';
    assert.equal(collapseTemplateWhitespace(code), 'const a = html`<div part=x > ${label} </div>`;');
  });

  it('collapses nested templates and svg``, and leaves the expressions between them as written', () => {
    const code = [
      'html`<ul>',
      '  ${items.map((item) => html`<li>',
      '    ${item}',
      '  </li>`)}',
      '  ${"a\\n  b" + `keep\n   this`}',
      '</ul>${svg`<path\n  d="M0 0"/>`}`',
    ].join('\n');
    assert.equal(
      collapseTemplateWhitespace(code),
      'html`<ul> ${items.map((item) => html`<li> ${item} </li>`)} ${"a\\n  b" + `keep\n   this`} </ul>${svg`<path d="M0 0"/>`}`',
    );
  });

  it('leaves code, strings, untagged templates and other tags alone', () => {
    for (const code of [
      'const text = `line one\n  line two`;',
      "const css = css`:host {\n  color: red;\n}`;",
      "const message = 'html`\\n  not a template`';",
      'const unchanged = html`<b>one line</b>`;',
    ]) {
      assert.equal(collapseTemplateWhitespace(code) ?? code, code);
    }
    assert.equal(collapseTemplateWhitespace('const text = `a\n  b`;'), undefined);
  });

  it("unquotes only one-word attribute values inside tags, where HTML's parser reads the same value", () => {
    assert.deepEqual(
      unquoteAttributeValues(['<b class="chip" title=\'x-1\' data-a="a b" alt="">a="b" <img src="x"/><i id="y">', '<p class="', '" part="p">"q"</p>']),
      ['<b class=chip title=x-1 data-a="a b" alt="">a="b" <img src="x"/><i id=y>', '<p class="', '" part=p>"q"</p>'],
    );
    // A value that a `${ … }` follows, or that sits inside another attribute's quotes, keeps its quotes.
    assert.deepEqual(unquoteAttributeValues(['<a href="x"', ' title="y">', ' <b data-x="z=\\"w\\"">']), ['<a href="x"', ' title=y>', ' <b data-x="z=\\"w\\"">']);
    assert.deepEqual(unquoteAttributeValues(['a < b="c" and <!-- d="e" -->']), ['a < b="c" and <!-- d="e" -->']);
  });

  it('finds every template in the widget, and none of them keeps text whose whitespace shows', () => {
    const files: string[] = [];
    const walk = (directory: string) => {
      for (const name of readdirSync(directory)) {
        const path = join(directory, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts')) files.push(path);
      }
    };
    walk(new URL('../../src', import.meta.url).pathname);
    let templates = 0;
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      for (const [start, end] of templateTextRanges(code, file)) {
        templates += 1;
        const text = code.slice(start, end);
        // Whitespace inside <pre> or <textarea>, or in the shopper's pre-wrap bubble, is content:
        // a line break there would change what shows.
        assert.doesNotMatch(text, /<(pre|textarea)\b[^>]*>[^<]*\n/, `${file}: a line break inside <pre>/<textarea>`);
        assert.doesNotMatch(text, /class="bubble"[^>]*>[^<]*\n/, `${file}: a line break inside the bubble`);
      }
    }
    assert.ok(templates > 30, `${templates} templates found`);
  });
});
