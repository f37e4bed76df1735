/** Property tests: whatever upstream sends, the adapter answers with a canonical event or nothing, and never throws. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { adaptErrorBody, adaptHistory, adaptStreamEvent, normalizeFeedback } from '../../src/protocol/adapter.js';
import type { Product } from '../../src/protocol/events.js';

const TYPES = ['chunk', 'tool_call', 'action_started', 'action_completed', 'completed', 'error', 'conversation_token'];
const eventName = fc.oneof(fc.constantFrom('', 'message', ...TYPES), fc.string({ maxLength: 10 }));
const payload = fc.oneof(
  fc.string(),
  fc.json(),
  fc
    .record({
      type: fc.oneof(fc.constantFrom(...TYPES), fc.anything()),
      content: fc.anything(),
      text: fc.anything(),
      delta: fc.anything(),
      id: fc.anything(),
      name: fc.anything(),
      action: fc.anything(),
      success: fc.anything(),
      conversationId: fc.anything(),
      error: fc.anything(),
      token: fc.anything(),
    }, { requiredKeys: [] })
    .map((value) => JSON.stringify(value) ?? ''),
);

describe('the adapter, as properties', () => {
  it('maps any frame to a canonical event with the right field types, or to nothing', () => {
    fc.assert(
      fc.property(eventName, payload, (event, data) => {
        const adapted = adaptStreamEvent({ event, data });
        if (adapted === null) return;
        assert.ok(TYPES.includes(adapted.type));
        if (adapted.conversationId !== undefined) assert.equal(typeof adapted.conversationId, 'string');
        switch (adapted.type) {
          case 'chunk':
            assert.equal(typeof adapted.content, 'string');
            break;
          case 'tool_call':
            assert.equal(typeof adapted.name, 'string');
            assert.equal(typeof adapted.id, 'string');
            break;
          case 'action_started':
          case 'action_completed':
            assert.equal(typeof adapted.action, 'string');
            if (adapted.type === 'action_completed') assert.equal(typeof adapted.success, 'boolean');
            break;
          case 'error':
            assert.equal(typeof adapted.code, 'string');
            assert.equal(typeof adapted.message, 'string');
            break;
          case 'conversation_token':
            assert.equal(typeof adapted.token, 'string');
            break;
          case 'completed':
            if (adapted.content !== undefined) assert.equal(typeof adapted.content, 'string');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reads any history body as user and assistant messages with text, or nothing', () => {
    fc.assert(
      fc.property(fc.anything(), (body) => {
        for (const message of adaptHistory(body)) {
          assert.ok(message.role === 'user' || message.role === 'assistant');
          assert.equal(typeof message.content, 'string');
          assert.ok(message.feedback === null || message.feedback === 'POSITIVE' || message.feedback === 'NEGATIVE');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('normalises feedback and error bodies from anything without throwing', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        assert.ok([null, 'POSITIVE', 'NEGATIVE'].includes(normalizeFeedback(value)));
        const error = adaptErrorBody(value);
        if (error.code !== undefined) assert.equal(typeof error.code, 'string');
      }),
      { numRuns: 500 },
    );
  });
});

describe('products and quick replies, as properties', () => {
  const scheme = fc.constantFrom('https://', 'http://', 'javascript:', 'JaVa\tScRiPt:', 'data:', 'mailto:', '//', '/', ' ', '');
  const url = fc.oneof(fc.tuple(scheme, fc.string()).map(([prefix, rest]) => prefix + rest), fc.anything());
  const product = fc.oneof(
    fc.anything(),
    fc.record(
      {
        id: fc.anything(),
        name: fc.oneof(fc.string(), fc.anything()),
        title: fc.oneof(fc.string(), fc.anything()),
        url,
        status: fc.oneof(fc.constantFrom('active', 'draft', 'archived'), fc.anything()),
        price: fc.oneof(fc.record({ amount: fc.oneof(fc.double(), fc.anything()), currency: fc.oneof(fc.string({ maxLength: 4 }), fc.anything()) }), fc.anything()),
        currency: fc.anything(),
        images: fc.oneof(fc.array(fc.oneof(url, fc.record({ url }))), fc.anything()),
        image: url,
        availability: fc.anything(),
        inStock: fc.anything(),
      },
      { requiredKeys: [] },
    ),
  );
  const container = fc.oneof(fc.record({ products: fc.array(product) }), fc.record({ items: fc.array(product) }), fc.anything());

  it('every product shown has a name, an http(s) link, an https image and a well-formed price; nothing throws', () => {
    fc.assert(
      fc.property(fc.constantFrom('tool_call', 'action_started', 'action_completed', 'completed'), container, fc.anything(), (type, box, suggestions) => {
        const frame = { type, id: 'x', name: 'n', action: 'a', data: box, result: box, ...(typeof box === 'object' && box), suggestions };
        const adapted = adaptStreamEvent({ event: type, data: JSON.stringify(frame) ?? '' }) as { products?: Product[]; suggestions?: string[] } | null;
        for (const shown of adapted?.products ?? []) {
          assert.ok(typeof shown.name === 'string' && shown.name.trim() !== '' && shown.name.length <= 200);
          assert.match(new URL(shown.url, 'https://shop.example/').protocol, /^https?:$/);
          if (shown.image !== undefined) assert.match(shown.image, /^https:\/\//);
          if (shown.price !== undefined) {
            assert.ok(Number.isFinite(shown.price.amount) && shown.price.amount >= 0);
            assert.match(shown.price.currency, /^[A-Z]{3}$/);
          }
          if (shown.availability !== undefined) assert.equal(typeof shown.availability, 'boolean');
        }
        assert.ok((adapted?.products?.length ?? 0) <= 10);
        for (const text of adapted?.suggestions ?? []) assert.ok(typeof text === 'string' && text.trim() === text && text !== '' && text.length <= 80);
        assert.ok((adapted?.suggestions?.length ?? 0) <= 5);
      }),
      { numRuns: 500 },
    );
  });
});
