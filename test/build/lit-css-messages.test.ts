/** The CDN build's Lit css-tag: the same two checks, each message cut to its first sentence. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readCdnGraph } from '../../scripts/cdn-graph.js';
import { LIT_CSS_MESSAGES, shortLitCssMessages } from '../../scripts/lit-css-messages.js';

const cssTag = readFileSync(new URL('../../node_modules/@lit/reactive-element/css-tag.js', import.meta.url), 'utf8');

interface CssTag {
  css(strings: TemplateStringsArray, ...values: unknown[]): { cssText: string; constructor: new (...args: unknown[]) => unknown };
}

describe("the CDN build's Lit css-tag", () => {
  it('still refuses what is not a css result, and a CSSResult made by hand', async () => {
    const code = shortLitCssMessages(cssTag);
    if (code instanceof Error) throw code;
    // Without the source map comment, which names a file beside the module.
    const { css } = (await import(`data:text/javascript;base64,${Buffer.from(code.replace(/^\/\/# sourceMappingURL=.*$/m, '')).toString('base64')}`)) as CssTag;
    const inner = css`a{color:red}`;
    assert.equal(css`b{}${inner}`.cssText, 'b{}a{color:red}');
    assert.throws(() => css`b{}${'c{}'}`, { message: "Value passed to 'css' function must be a 'css' function result: c{}" });
    assert.throws(() => new inner.constructor('a{}', undefined, Symbol()), { message: 'CSSResult is not constructable' });
  });

  it('refuses a module without the messages it shortens', () => {
    assert.ok(shortLitCssMessages('export const css = 1;') instanceof Error);
    assert.ok(shortLitCssMessages(cssTag + cssTag) instanceof Error, 'a message twice');
  });

  it('is what the launcher carries', () => {
    const graph = readCdnGraph(new URL('../../dist/', import.meta.url));
    const launcher = graph.atLoad.map((file) => readFileSync(new URL(`../../dist/${file.file}`, import.meta.url), 'utf8')).join('\n');
    assert.match(launcher, /CSSResult is not constructable/);
    assert.ok(!launcher.includes('unsafeCSS'));
    assert.equal(LIT_CSS_MESSAGES.length, 2);
  });
});
