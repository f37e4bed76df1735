/**
 * Entity and numeric character references (CommonMark §2.5). Numeric references
 * decode in full. Named ones decode for HTML 4's set (Latin-1, typography, arrows
 * and a few maths signs), which covers what replies in the widget's languages
 * use; HTML5's other ~2,000 names would cost more than the whole parser, and an
 * unknown name stays as written, as CommonMark asks for any name it does not know.
 */

/**
 * HTML 4's Latin-1 names, in code point order from U+00A0 to U+00DF. From U+00E0 to U+00FE each letter
 * is its capital's name in lower case, 32 code points on (`Agrave` U+00C0, `agrave` U+00E0), and the
 * sign between them is ÷ where × stands among the capitals; U+00FF is `yuml`.
 */
const LATIN_1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro ' +
  'para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil ' +
  'Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave ' +
  'Uacute Ucirc Uuml Yacute THORN szlig';

/** The rest, as name and code point. */
const OTHERS =
  'quot 34 amp 38 apos 39 lt 60 gt 62 OElig 338 oelig 339 Scaron 352 scaron 353 Yuml 376 fnof 402 circ 710 tilde 732 ' +
  'ensp 8194 emsp 8195 thinsp 8201 zwnj 8204 zwj 8205 lrm 8206 rlm 8207 ndash 8211 mdash 8212 lsquo 8216 rsquo 8217 ' +
  'sbquo 8218 ldquo 8220 rdquo 8221 bdquo 8222 dagger 8224 Dagger 8225 bull 8226 hellip 8230 permil 8240 prime 8242 ' +
  'Prime 8243 lsaquo 8249 rsaquo 8250 euro 8364 trade 8482 larr 8592 uarr 8593 rarr 8594 darr 8595 harr 8596 ' +
  'minus 8722 infin 8734 ne 8800 le 8804 ge 8805 check 10003';

let named: Map<string, string> | undefined;

function namedReferences(): Map<string, string> {
  if (named) return named;
  const latin1 = LATIN_1.split(' ');
  const small = latin1.slice(32, 63).map((name) => (name === 'times' ? 'divide' : name.toLowerCase()));
  named = new Map([...latin1, ...small, 'yuml'].map((name, index) => [name, String.fromCharCode(0xa0 + index)]));
  const others = OTHERS.split(' ');
  for (let index = 0; index < others.length; index += 2) named.set(others[index]!, String.fromCharCode(Number(others[index + 1])));
  return named;
}

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([\da-fA-F]{1,6})|([A-Za-z][A-Za-z\d]{1,31}));/g;

function fromCodePoint(code: number): string {
  // NUL, surrogates and values past Unicode become U+FFFD (CommonMark §2.5, HTML's numeric reference rules).
  return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
}

/** `text` with its character references replaced by the characters they name. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, decimal?: string, hex?: string, name?: string) => {
    if (decimal !== undefined) return fromCodePoint(Number.parseInt(decimal, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    return namedReferences().get(name!) ?? whole;
  });
}
