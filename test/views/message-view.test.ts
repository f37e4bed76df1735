/** What a reply's chips say: pure text, in the widget's language. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { de } from '../../src/i18n/de.js';
import type { StatusChip } from '../../src/state/conversation.js';
import { ENGLISH } from '../../src/strings.js';
import { chipLabel } from '../../src/views/message-view.js';

const action = (fields: Partial<StatusChip>): StatusChip => ({ id: 'ac_1', kind: 'action', name: 'add_to_cart', state: 'running', ...fields });
const labels = (fields: Partial<StatusChip>, strings = ENGLISH) =>
  (['running', 'done', 'failed', 'stopped'] as const).map((state) => chipLabel(action({ ...fields, state }), strings));

describe('chipLabel', () => {
  it('an add-to-cart whose action names its product says it, over the agent\'s own label', () => {
    assert.deepEqual(labels({ product: 'Blue Canvas Tote', label: 'Adding Blue Canvas Tote to cart' }), [
      'Adding Blue Canvas Tote to your cart…',
      'Added Blue Canvas Tote to your cart',
      'Could not add Blue Canvas Tote to your cart',
      // Stopped: the outcome is unknown, so the shopper is asked to look.
      'Stopped: check your cart',
    ]);
  });

  it('in the widget\'s language', () => {
    assert.deepEqual(labels({ product: 'Blue Canvas Tote' }, de).slice(0, 2), [
      'Blue Canvas Tote wird in Ihren Warenkorb gelegt…',
      'Blue Canvas Tote in Ihren Warenkorb gelegt',
    ]);
  });

  it('without a product, the agent\'s label or the plain wording', () => {
    assert.deepEqual(labels({ label: 'Adding to cart' }).slice(0, 3), ['Adding to cart…', 'Added to cart', 'Could not add to cart']);
    assert.deepEqual(labels({}).slice(0, 3), ['Adding to cart…', 'Added to cart', 'Could not add to cart']);
  });

  it('another action names its product after its label, unless the label already does', () => {
    assert.deepEqual(labels({ name: 'add_to_wishlist', product: 'Red Mini Tote' }), [
      'add to wishlist: Red Mini Tote…',
      'Done: add to wishlist: Red Mini Tote',
      'Failed: add to wishlist: Red Mini Tote',
      'Stopped: add to wishlist: Red Mini Tote',
    ]);
    assert.equal(chipLabel(action({ name: 'add_to_wishlist', label: 'Saving Red Mini Tote', product: 'Red Mini Tote' }), ENGLISH), 'Saving Red Mini Tote…');
  });

  it('tools keep their wording', () => {
    const tool = (name: string, state: StatusChip['state']) => chipLabel({ id: 't', kind: 'tool', name, state }, ENGLISH);
    assert.deepEqual([tool('search_products', 'running'), tool('search_products', 'done'), tool('check_stock', 'done')], [
      'Searching products…',
      'Searched products',
      'Used check stock',
    ]);
  });
});
