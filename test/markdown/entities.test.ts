import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEntities } from '../../src/markdown/entities.js';

/** HTML 4's Latin-1 entity names, U+00A0 to U+00FF, written out in full (the module derives the lower-case letters). */
const LATIN_1 = [
  'nbsp', 'iexcl', 'cent', 'pound', 'curren', 'yen', 'brvbar', 'sect', 'uml', 'copy', 'ordf', 'laquo', 'not', 'shy', 'reg', 'macr',
  'deg', 'plusmn', 'sup2', 'sup3', 'acute', 'micro', 'para', 'middot', 'cedil', 'sup1', 'ordm', 'raquo', 'frac14', 'frac12', 'frac34', 'iquest',
  'Agrave', 'Aacute', 'Acirc', 'Atilde', 'Auml', 'Aring', 'AElig', 'Ccedil', 'Egrave', 'Eacute', 'Ecirc', 'Euml', 'Igrave', 'Iacute', 'Icirc', 'Iuml',
  'ETH', 'Ntilde', 'Ograve', 'Oacute', 'Ocirc', 'Otilde', 'Ouml', 'times', 'Oslash', 'Ugrave', 'Uacute', 'Ucirc', 'Uuml', 'Yacute', 'THORN', 'szlig',
  'agrave', 'aacute', 'acirc', 'atilde', 'auml', 'aring', 'aelig', 'ccedil', 'egrave', 'eacute', 'ecirc', 'euml', 'igrave', 'iacute', 'icirc', 'iuml',
  'eth', 'ntilde', 'ograve', 'oacute', 'ocirc', 'otilde', 'ouml', 'divide', 'oslash', 'ugrave', 'uacute', 'ucirc', 'uuml', 'yacute', 'thorn', 'yuml',
];

describe('decodeEntities', () => {
  it("decodes each of HTML 4's Latin-1 names to its code point", () => {
    assert.equal(LATIN_1.length, 96);
    LATIN_1.forEach((name, index) => assert.equal(decodeEntities(`&${name};`), String.fromCharCode(0xa0 + index), name));
  });

  it('decodes the other HTML 4 names, numeric references, and leaves unknown names as written', () => {
    const cases: [input: string, decoded: string][] = [
      ['&quot;&amp;&apos;&lt;&gt;', `"&'<>`],
      ['&Yuml;&euro;&hellip;&mdash;&check;', '\u0178€…—✓'],
      ['&#35; &#x23; &#X22;', '# # "'],
      ['&#0; &#xD800; &#x110000;', '\ufffd \ufffd \ufffd'],
      ['&Times; &divide &agrave2; &Divide;', '&Times; &divide &agrave2; &Divide;'],
      ['no references', 'no references'],
    ];
    for (const [input, decoded] of cases) assert.equal(decodeEntities(input), decoded, input);
  });
});
