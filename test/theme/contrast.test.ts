import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contrastRatio, parseRgb, readableTextOn, relativeLuminance } from '../../src/theme/contrast.js';

describe('contrast', () => {
  it('parses computed colours', () => {
    assert.deepEqual(parseRgb('rgb(29, 78, 216)'), [29, 78, 216]);
    assert.deepEqual(parseRgb('rgba(255, 255, 0, 0.5)'), [255, 255, 0]);
    assert.deepEqual(parseRgb('rgb(10 20 30)'), [10, 20, 30]);
    assert.equal(parseRgb('teal'), undefined);
  });

  it('computes WCAG luminance and ratios', () => {
    assert.equal(relativeLuminance([0, 0, 0]), 0);
    assert.equal(relativeLuminance([255, 255, 255]), 1);
    assert.equal(contrastRatio(1, 0), 21);
    // #1d4ed8 on white is 6.70:1.
    assert.equal(contrastRatio(relativeLuminance([29, 78, 216]), 1).toFixed(2), '6.70');
  });

  it('picks white on dark brands and black on light ones', () => {
    assert.equal(readableTextOn([29, 78, 216]), '#ffffff');
    assert.equal(readableTextOn([15, 118, 110]), '#ffffff');
    assert.equal(readableTextOn([250, 204, 21]), '#000000');
    assert.equal(readableTextOn([134, 239, 172]), '#000000');
    assert.equal(readableTextOn([255, 255, 255]), '#000000');
  });
});
