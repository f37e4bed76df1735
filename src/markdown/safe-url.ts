/**
 * URL allow-listing for links in agent text. Browsers drop tabs and newlines
 * inside URLs and trim control characters (WHATWG URL §4.4), so
 * "java\nscript:" is `javascript:`; we normalise the same way before checking
 * the scheme, and only then hand the parsed URL on.
 */
export const ALLOWED_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:', 'tel:']);

// eslint-disable-next-line no-control-regex
const CONTROL_AND_WHITESPACE = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]/g;

/** The absolute, normalised URL if its scheme is allowed; otherwise `undefined`. */
export function safeUrl(raw: string, base: string): string | undefined {
  const cleaned = raw.replace(CONTROL_AND_WHITESPACE, '');
  if (!cleaned) return undefined;
  let url: URL;
  try {
    url = new URL(cleaned, base);
  } catch {
    return undefined;
  }
  return ALLOWED_SCHEMES.has(url.protocol) ? url.href : undefined;
}
