/**
 * URL allow-listing for links in agent text. The scheme allow-list is ours;
 * the parser hands over a destination with its escapes and references resolved.
 *
 * Two readings of the destination must both be safe:
 * - what a lenient reader makes of it: browsers drop tabs and newlines inside
 *   URLs and trim control characters (WHATWG URL §4.4), and some tools drop
 *   invisible characters too, so "java\nscript:" is `javascript:` — checked
 *   with all of them removed;
 * - what we link to: the destination percent-encoded as CommonMark renderers do
 *   (characters outside RFC 3986's reserved and unreserved sets, spaces and
 *   backslashes among them; an existing %XX is kept), then resolved.
 */
export const ALLOWED_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:', 'tel:']);

// eslint-disable-next-line no-control-regex
const CONTROL_AND_WHITESPACE = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]/g;

function allowed(url: string, base: string): string | undefined {
  try {
    const parsed = new URL(url, base);
    return ALLOWED_SCHEMES.has(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The absolute, normalised URL if its scheme is allowed; otherwise `undefined`. An empty destination is the page itself. */
export function safeUrl(raw: string, base: string): string | undefined {
  if (allowed(raw.replace(CONTROL_AND_WHITESPACE, ''), base) === undefined) return undefined;
  let encoded: string;
  try {
    encoded = encodeURI(raw).replace(/%25([\da-fA-F]{2})/g, '%$1');
  } catch {
    // A lone surrogate cannot be encoded.
    return undefined;
  }
  return allowed(encoded, base);
}
