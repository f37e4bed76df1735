/**
 * The counted spec examples the widget renders differently from the spec, each
 * with why; docs/markdown-parser.md lists them too. The conformance test fails
 * if this list is not exactly what fails, so it cannot go stale.
 */
const NOT_ALLOWED_SCHEME = 'an autolink with a scheme outside the allow-list (http, https, mailto, tel) is shown without a destination';
const GFM_AUTOLINK = "GFM's autolink extension links a bare URL or e-mail address, as a chat reply expects";

export const KNOWN_FAILURES: Record<number, string> = {
  25: 'HTML5-only entity names (&Dcaron;, &HilbertSpace;, …) stay as written: the widget decodes numeric references and HTML 4\'s names only',
  596: NOT_ALLOWED_SCHEME,
  598: NOT_ALLOWED_SCHEME,
  599: NOT_ALLOWED_SCHEME,
  601: NOT_ALLOWED_SCHEME,
  602: GFM_AUTOLINK,
  608: GFM_AUTOLINK,
  611: GFM_AUTOLINK,
  612: GFM_AUTOLINK,
};

/** An example with `_` or `*` between two letters or digits: CommonMark's intraword emphasis rules. */
export function isIntraword(markdown: string): boolean {
  return /[\p{L}\p{N}][_*]+[\p{L}\p{N}]/u.test(markdown);
}
