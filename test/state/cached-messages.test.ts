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

describe('a reply\'s cart', () => {
  const tote = { id: 'p_1', name: 'Blue Canvas Tote', url: '/products/blue-canvas-tote', price: { amount: 29, currency: 'EUR' } };
  const mini = { id: 'p_6', name: 'Red Mini Tote', url: '/products/red-mini-tote' };

  it('keeps its confirmation lines and its cards\' settled outcomes; a pending one is not kept', () => {
    const shown: ChatMessage = {
      ...assistantDraft(AT),
      id: 'msg_1',
      content: 'Done.',
      status: 'complete',
      products: [tote, mini, { ...mini, id: 'p_7' }],
      cart: [{ product: tote, quantity: 2 }],
      cardOutcomes: { p_1: 'added', p_6: 'failed', p_7: 'adding' },
    };
    const [restored] = roundTrip([shown]);
    assert.deepEqual(restored!.cart, [{ product: tote, quantity: 2 }]);
    assert.deepEqual(restored!.cardOutcomes, { p_1: 'added', p_6: 'failed' });
  });

  it('reads lines back as untrusted: a product that could not be shown or a quantity that is not a whole number from 1 to 999 is left out', () => {
    const restored = fromCached([
      stored({
        cart: [
          { product: tote, quantity: 1 },
          { product: { ...tote, url: 'javascript:alert(1)' }, quantity: 1 },
          { product: { name: 'No link' }, quantity: 1 },
          { product: mini, quantity: 0 },
          { product: mini, quantity: 1.5 },
          { product: mini, quantity: 1000 },
          { product: mini, quantity: '2' },
          'p_1',
          null,
        ],
      }),
    ])[0]!;
    assert.deepEqual(restored.cart, [{ product: tote, quantity: 1 }]);
    assert.equal('cart' in fromCached([stored({ cart: 'yes' })])[0]!, false);
    assert.equal('cart' in fromCached([stored({ role: 'user', cart: [{ product: tote, quantity: 1 }] })])[0]!, false, 'a question has no cart');
  });

  it('reads outcomes only for the reply\'s own cards', () => {
    const [restored] = fromCached([stored({ products: [tote], cardOutcomes: { p_1: 'added', p_6: 'added' } })]);
    assert.deepEqual(restored!.cardOutcomes, { p_1: 'added' });
    assert.equal('cardOutcomes' in fromCached([stored({ cardOutcomes: { p_1: 'added' } })])[0]!, false, 'no cards, no outcomes');
  });
});
