import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { appendedKeys } from '../../src/state/entering.js';

const list = (...keys: string[]) => keys.map((key) => ({ key }));

describe('appendedKeys', () => {
  it('the messages a turn adds after everything shown', () => {
    assert.deepEqual(appendedKeys(list('a', 'b'), list('a', 'b', 'c', 'd')), ['c', 'd']);
    // The first question of a conversation: nothing was shown before it.
    assert.deepEqual(appendedKeys([], list('q', 'r')), ['q', 'r']);
  });

  it('Retry: the failed reply goes, its replacement comes after the question', () => {
    assert.deepEqual(appendedKeys(list('q', 'failed'), list('q', 'r')), ['r']);
  });

  it('nothing for older messages put above, or for a list that only changes what it holds', () => {
    assert.deepEqual(appendedKeys(list('c', 'd'), list('a', 'b', 'c', 'd')), []);
    assert.deepEqual(appendedKeys(list('a', 'b'), list('a', 'b')), []);
    assert.deepEqual(appendedKeys(list('a', 'b'), list('a')), []);
  });

  it('a list that replaces the log is all new (a conversation begun afresh)', () => {
    assert.deepEqual(appendedKeys(list('a', 'b'), list('x', 'y')), ['x', 'y']);
  });
});
