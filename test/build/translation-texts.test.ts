/** The CDN build's translation chunks carry their texts alone, in the English table's key order. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { translationTexts } from '../../scripts/translation-texts.js';
import { ENGLISH } from '../../src/strings.js';
import { withTexts } from '../../src/i18n/locales.js';
import { readCdnGraph } from '../../scripts/cdn-graph.js';

const i18n = new URL('../../src/i18n/', import.meta.url);
const codes = readdirSync(i18n).filter((file) => /^[a-z]{2}\.ts$/.test(file)).map((file) => file.slice(0, 2));

describe("the CDN build's translations", () => {
  it('turn each table into its texts, which withTexts gives back their keys', async () => {
    assert.equal(codes.length, 7);
    for (const code of codes) {
      const source = readFileSync(new URL(`${code}.ts`, i18n), 'utf8');
      const texts = translationTexts(source);
      if (texts instanceof Error) throw texts;
      const table = (await import(`../../src/i18n/${code}.js`))[code];
      const array = JSON.parse(/ = (\[.*\]);?\s*$/m.exec(texts)![1]!) as string[];
      assert.equal(array.length, Object.keys(ENGLISH).length, code);
      assert.deepEqual(withTexts(ENGLISH, array), table, code);
      assert.doesNotMatch(texts, /openChat|errorRateLimited/, code);
    }
  });

  it('refuse a table of another shape', () => {
    const shape = (body: string) => `import type { TotebotStrings } from '../strings.js';\nexport const xx: TotebotStrings = { ${body} };\n`;
    assert.equal(typeof translationTexts(shape("openChat: 'a', 'closeChat': `b`")), 'string');
    assert.ok(translationTexts(shape("...other, openChat: 'a'")) instanceof Error, 'a spread');
    assert.ok(translationTexts(shape("[key]: 'a'")) instanceof Error, 'a computed key');
    assert.ok(translationTexts(shape('openChat: `a ${b}`')) instanceof Error, 'a template with a value');
    assert.ok(translationTexts(shape("openChat: 'a'") + 'export const yy = {};') instanceof Error, 'two tables');
  });

  it('are what the CDN build ships', () => {
    const graph = readCdnGraph(new URL('../../dist/', import.meta.url));
    assert.equal(graph.translations.length, 7);
    for (const file of graph.translations) {
      const chunk = readFileSync(new URL(`../../dist/${file.file}`, import.meta.url), 'utf8');
      assert.doesNotMatch(chunk, /openChat|errorRateLimited/, file.file);
    }
  });
});
