import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { cardOutcome, readCardOutcomes, withCardOutcome, type CardOutcomes } from '../../src/state/card-outcomes.js';

describe('card outcomes', () => {
  it('one per product, the latest wins, and the message is a new object', () => {
    const message: { key: string; cardOutcomes?: CardOutcomes } = { key: 'm1' };
    const adding = withCardOutcome(message, 'p_1', 'adding');
    const added = withCardOutcome(withCardOutcome(adding, 'p_2', 'failed'), 'p_1', 'added');
    assert.notEqual(adding, message);
    assert.deepEqual(added, { key: 'm1', cardOutcomes: { p_1: 'added', p_2: 'failed' } });
    assert.equal(cardOutcome(added, 'p_1'), 'added');
    assert.equal(cardOutcome(message, 'p_1'), undefined);
  });

  it('a product id that names an Object property reads as no outcome', () => {
    const message = withCardOutcome({}, 'p_1', 'added');
    for (const id of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) assert.equal(cardOutcome(message, id), undefined, id);
    assert.equal(cardOutcome(withCardOutcome({}, '__proto__', 'added'), '__proto__'), 'added');
  });

  it('stored outcomes are read back only as added or failed, only for the reply\'s own cards', () => {
    assert.deepEqual(readCardOutcomes({ p_1: 'added', p_2: 'failed', p_3: 'added', p_4: 'adding', p_5: 'yes' }, ['p_1', 'p_2', 'p_4', 'p_5']), {
      p_1: 'added',
      p_2: 'failed',
    });
    for (const value of [null, 'added', 42, ['added'], {}]) assert.equal(readCardOutcomes(value, ['p_1', 'constructor']), undefined, JSON.stringify(value) ?? String(value));
    assert.equal(readCardOutcomes({ p_1: 'added' }, []), undefined);
  });
});
