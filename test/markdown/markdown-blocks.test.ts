import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Lexer, type Links } from 'marked';
import { historyMessages } from '../../bench/markdown-corpus.js';
import { lexTail, MARKED_OPTIONS, mentionsAny, normaliseLabel } from '../../src/markdown/markdown-blocks.js';
import { extractExamples } from '../support/commonmark.js';

const none = (): Links => Object.create(null) as Links;

/** The types of the final and of the open tokens, and how much of the text is final. */
function split(text: string, done = false) {
  const lexed = lexTail(text, none(), done);
  return { final: lexed.final.map((token) => token.type), open: lexed.open.map((token) => token.type), length: lexed.finalLength };
}

describe('lexTail: which blocks are final', () => {
  const cases: [text: string, final: string[], open: string[], why: string][] = [
    ['Para', [], ['paragraph'], 'the only block is open'],
    ['First.\n\nSec', ['paragraph', 'space'], ['paragraph'], 'a blank line ends a paragraph for good'],
    ['# Title\n\nT', ['heading', 'space'], ['paragraph'], 'and a heading'],
    ['Para\n#', [], ['paragraph', 'heading'], '"#" may still become "#x", paragraph text'],
    ['Para\n# Title\n', ['paragraph'], ['heading'], 'a complete heading line ends the paragraph'],
    ['- a\n\nb', [], ['list', 'space', 'paragraph'], 'a list item may go on after a blank line'],
    ['- a\n\n  ', [], ['list', 'space'], 'an indented line would continue it'],
    ['- a\n\nb\n', ['list', 'space'], ['paragraph'], 'a complete unindented line ends the list'],
    ['```\ncode\n\nmore\n', [], ['code'], 'an open fence takes everything'],
    ['```\ncode\n```\n\nNext\n', ['code', 'space'], ['paragraph'], 'a closed fence is final once the next block starts'],
    ['> quote\n\nlazy', [], ['blockquote', 'space', 'paragraph'], 'a block quote waits for a complete line'],
    ['    code\n\n    more', [], ['code'], 'indented code goes on after a blank line'],
    ['Foo\nbar', [], ['paragraph'], 'the next line may still make a setext heading'],
  ];
  for (const [text, final, open, why] of cases) {
    it(`${JSON.stringify(text)}: ${why}`, () => {
      const result = split(text);
      assert.deepEqual([result.final, result.open], [final, open]);
      assert.equal(result.length, lexTail(text, none(), false).final.reduce((sum, token) => sum + token.raw.length, 0));
    });
  }

  it('makes everything final when the reply is done', () => {
    assert.deepEqual(split('- a\n\nb', true).open, []);
  });

  it('counts CR LF as two characters of the text', () => {
    const { length } = split('One.\r\n\r\nTwo.\r\nThree');
    assert.equal(length, 'One.\r\n\r\n'.length);
  });

  it('reports the definitions that become final, and only new ones', () => {
    const lexed = lexTail('[a]: /one\n\n[b]: /two\n\nText\n', none(), false);
    assert.deepEqual(Object.keys(lexed.definitions), ['a', 'b']);
    const known = none();
    known.a = { href: '/first', title: null };
    assert.deepEqual(Object.keys(lexTail('[a]: /one\n\nText\n', known, false).definitions), []);
  });

  it('renders final blocks without a definition that is still being written', () => {
    // "[x]: j" may yet become "[x]: java script" (no definition at all) or "[x]: /elsewhere".
    const [paragraph] = lexTail('See [x].\n\n[x]: /u', none(), false).final;
    assert.equal(JSON.stringify(paragraph).includes('"type":"link"'), false);
  });

  it('resolves a reference with a definition from an earlier part of the reply', () => {
    const links = none();
    links.tote = { href: '/products/tote', title: null };
    const [paragraph] = lexTail('See [the tote][tote].', links, true).final;
    assert.equal(JSON.stringify(paragraph).includes('"href":"/products/tote"'), true);
  });
});

describe('labels', () => {
  it('match as CommonMark matches them', () => {
    assert.equal(normaliseLabel('ẞ'), normaliseLabel('SS'));
    assert.equal(normaliseLabel('Foo \n Bar'), 'foo bar');
  });

  it('are looked for only in blocks that have a bracket', () => {
    assert.equal(mentionsAny('See [The  Tote].', ['the tote']), true);
    assert.equal(mentionsAny('See the tote.', ['the tote']), false);
  });
});

describe('the tokenizer', () => {
  it("gives marked's own tokens, for every CommonMark spec example and chat-shaped replies", () => {
    const spec = readFileSync(new URL('../../node_modules/commonmark-spec/spec.txt', import.meta.url), 'utf8');
    const texts = [
      ...extractExamples(spec).map((example) => example.markdown),
      ...historyMessages(60).map((message) => message.content),
      'Foo\n   ===  \t\nbar',
      'Foo\n----\t',
      'Foo\n    ---',
      'Foo\n= =',
      '   > quoted\n    > code',
      '    <div>\n   <div>\n</div>',
      'a\n<div>\nb',
      '- item\n> quote\n<!-- c -->\nText\n===',
    ];
    for (const text of texts) {
      // marked's default tokenizer, as a Lexer makes one when its options name none.
      assert.deepEqual(new Lexer(MARKED_OPTIONS).lex(text), new Lexer({ gfm: true, breaks: false, pedantic: false }).lex(text), JSON.stringify(text));
    }
  });
});
