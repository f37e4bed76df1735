import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoLast } from '../../src/state/memo-last.js';

describe('memoLast', () => {
  it('computes again only when the input changes', () => {
    let calls = 0;
    const parsed = memoLast((value: string) => {
      calls += 1;
      return { value };
    });
    const first = parsed('a');
    assert.equal(parsed('a'), first);
    assert.equal(calls, 1);
    const second = parsed('b');
    assert.notEqual(second, first);
    assert.equal(calls, 2);
    assert.notEqual(parsed('a'), first);
  });
});
