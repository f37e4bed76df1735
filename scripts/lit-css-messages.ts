/**
 * The CDN build's Lit css-tag (@lit/reactive-element/css-tag.js) with its two errors' messages cut to
 * their first sentence, which says what is wrong; the advice after it (use `unsafeCSS`, mind the page's
 * security) goes. Both checks stay and throw as before; neither can fire in the widget, whose css``
 * templates interpolate only other css`` results, and whose CSSResults only `css` makes. Every page
 * loads these bytes before the shopper shows any intent. A module without these exact messages
 * returns an Error, which fails the build. Used by vite.config.ts (CDN build).
 */
export const LIT_CSS_MESSAGES: readonly (readonly [from: string, to: string])[] = [
  ['"CSSResult is not constructable. Use `unsafeCSS` or `css` instead."', '"CSSResult is not constructable"'],
  [
    `"Value passed to 'css' function must be a 'css' function result: "+t+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security."`,
    `"Value passed to 'css' function must be a 'css' function result: "+t`,
  ],
];

/** css-tag.js with LIT_CSS_MESSAGES' first sentences only, or an Error naming the message it did not find once. */
export function shortLitCssMessages(code: string): string | Error {
  let result = code;
  for (const [from, to] of LIT_CSS_MESSAGES) {
    if (result.split(from).length !== 2) return new Error(`not once in css-tag.js: ${from}`);
    result = result.replace(from, to);
  }
  return result;
}
