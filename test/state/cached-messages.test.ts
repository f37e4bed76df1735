/** The device's copy of the conversation: what the shopper saw comes back after a reload, and nothing malformed does. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { fromCached, toCached } from '../../src/state/cached-messages.js';
import { applyStreamEvent, assistantDraft, type ChatMessage } from '../../src/state/conversation.js';

const AT = '2026-12-05T10:00:00Z';
/** Written and read back, through JSON as IndexedDB would hold it. */
const roundTrip = (messages: readonly ChatMessage[]): ChatMessage[] => fromCached(JSON.parse(JSON.stringify(toCached(messages, 200))) as unknown[]);
/** A stored reply as another script on the page might have written it. */
const stored = (fields: Record<string, unknown>) => ({ id: 'msg_1', role: 'assistant', content: 'Done.', feedback: null, ...fields });

describe('cached chips', () => {
  it('keep the name of the product an action was about', () => {
    const added = applyStreamEvent(applyStreamEvent(assistantDraft(AT), { type: 'action_started', id: 'ac_1', action: 'add_to_cart', productName: 'Blue Canvas Tote' }), {
      type: 'completed',
      messageId: 'msg_1',
    });
    assert.deepEqual(roundTrip([added])[0]!.chips, [{ id: 'ac_1', kind: 'action', name: 'add_to_cart', product: 'Blue Canvas Tote', state: 'done' }]);
  });

  it('read a product name only as a non-empty string, at most 200 characters', () => {
    const chip = (product: unknown) => fromCached([stored({ chips: [{ id: 'a', kind: 'action', name: 'add_to_cart', state: 'done', product }] })])[0]!.chips[0]!;
    assert.equal(chip('x'.repeat(300)).product, 'x'.repeat(200));
    for (const product of [42, '', null, { name: 'x' }]) assert.equal('product' in chip(product), false, JSON.stringify(product));
  });
});
