import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  adaptAgent,
  adaptErrorBody,
  adaptHistory,
  adaptStreamEvent,
  normalizeFeedback,
  normalizeRole,
} from '../../src/protocol/adapter.js';

/** A raw SSE message with `data` serialised as JSON. */
const raw = (event: string, data: unknown) => ({ event, data: JSON.stringify(data) });

describe('adaptStreamEvent: canonical frames', () => {
  it('chunk', () => {
    assert.deepEqual(adaptStreamEvent(raw('chunk', { type: 'chunk', conversationId: 'cnv_8f3k2', content: 'Yes — the ' })), {
      type: 'chunk',
      conversationId: 'cnv_8f3k2',
      content: 'Yes — the ',
    });
  });

  it('tool_call', () => {
    assert.deepEqual(
      adaptStreamEvent(
        raw('tool_call', { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: { query: 'blue sneaker' } }),
      ),
      { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: { query: 'blue sneaker' } },
    );
  });

  it('action_started', () => {
    assert.deepEqual(
      adaptStreamEvent(
        raw('action_started', {
          type: 'action_started',
          id: 'ac_1',
          action: 'add_to_cart',
          label: 'Adding to cart',
          data: { productId: 'p_17', quantity: 1 },
        }),
      ),
      { type: 'action_started', id: 'ac_1', action: 'add_to_cart', label: 'Adding to cart', data: { productId: 'p_17', quantity: 1 } },
    );
  });

  it('action_started without label or data has neither key', () => {
    assert.deepEqual(adaptStreamEvent(raw('action_started', { type: 'action_started', id: 'ac_1', action: 'add_to_cart' })), {
      type: 'action_started',
      id: 'ac_1',
      action: 'add_to_cart',
    });
  });

  it('action_completed', () => {
    assert.deepEqual(
      adaptStreamEvent(
        raw('action_completed', { type: 'action_completed', id: 'ac_1', action: 'add_to_cart', success: true, result: { cartCount: 3 } }),
      ),
      { type: 'action_completed', id: 'ac_1', action: 'add_to_cart', success: true, result: { cartCount: 3 } },
    );
  });

  it('action_completed success: explicit false, missing without error, missing with error', () => {
    const base = { type: 'action_completed', id: 'ac_1', action: 'add_to_cart' };
    assert.equal((adaptStreamEvent(raw('action_completed', { ...base, success: false })) as { success: boolean }).success, false);
    assert.equal((adaptStreamEvent(raw('action_completed', base)) as { success: boolean }).success, true);
    assert.equal(
      (adaptStreamEvent(raw('action_completed', { ...base, error: 'out of stock' })) as { success: boolean }).success,
      false,
    );
  });

  it('completed', () => {
    assert.deepEqual(
      adaptStreamEvent(
        raw('completed', { type: 'completed', conversationId: 'cnv_8f3k2', messageId: 'msg_91', content: '<full reply text>' }),
      ),
      { type: 'completed', conversationId: 'cnv_8f3k2', messageId: 'msg_91', content: '<full reply text>' },
    );
  });

  it('completed without content has no content key', () => {
    assert.deepEqual(adaptStreamEvent(raw('completed', { type: 'completed', messageId: 'msg_91' })), {
      type: 'completed',
      messageId: 'msg_91',
    });
  });

  it('error', () => {
    assert.deepEqual(
      adaptStreamEvent(raw('error', { type: 'error', code: 'agent_unavailable', message: 'The assistant is unavailable.' })),
      { type: 'error', code: 'agent_unavailable', message: 'The assistant is unavailable.' },
    );
  });
});

describe('adaptStreamEvent: where the type is', () => {
  it('only in the event line', () => {
    assert.deepEqual(adaptStreamEvent(raw('chunk', { content: 'Hi' })), { type: 'chunk', content: 'Hi' });
    assert.deepEqual(adaptStreamEvent(raw('completed', { messageId: 'msg_1' })), { type: 'completed', messageId: 'msg_1' });
  });

  it('only in data.type, with the event line absent', () => {
    assert.deepEqual(adaptStreamEvent(raw('', { type: 'chunk', content: 'Hi' })), { type: 'chunk', content: 'Hi' });
    assert.deepEqual(adaptStreamEvent(raw('', { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {} })), {
      type: 'tool_call',
      id: 'tc_1',
      name: 'search_products',
      arguments: {},
    });
  });

  it('in data.type of the default `message` event', () => {
    assert.deepEqual(adaptStreamEvent(raw('message', { type: 'chunk', content: 'Hi' })), { type: 'chunk', content: 'Hi' });
    assert.deepEqual(adaptStreamEvent(raw('message', { type: 'error', code: 'x', message: 'y' })), {
      type: 'error',
      code: 'x',
      message: 'y',
    });
  });

  it('nowhere: a `message` event without data.type is ignored', () => {
    assert.equal(adaptStreamEvent(raw('message', { content: 'Hi' })), null);
    assert.equal(adaptStreamEvent(raw('', { content: 'Hi' })), null);
  });
});

describe('adaptStreamEvent: chunk variants', () => {
  for (const key of ['content', 'text', 'delta', 'chunk']) {
    it(`text in \`${key}\``, () => {
      assert.deepEqual(adaptStreamEvent(raw('chunk', { type: 'chunk', [key]: 'a **b** — €' })), {
        type: 'chunk',
        content: 'a **b** — €',
      });
    });
  }

  it('prefers content over text, delta and chunk', () => {
    assert.deepEqual(adaptStreamEvent(raw('chunk', { text: 'T', delta: 'D', chunk: 'C', content: 'X' })), {
      type: 'chunk',
      content: 'X',
    });
  });

  it('skips a non-string content and takes the next key', () => {
    assert.deepEqual(adaptStreamEvent(raw('chunk', { content: null, delta: 'D' })), { type: 'chunk', content: 'D' });
  });

  it('a non-JSON data line on a chunk event is the text itself', () => {
    assert.deepEqual(adaptStreamEvent({ event: 'chunk', data: 'Yes — the blue one' }), {
      type: 'chunk',
      content: 'Yes — the blue one',
    });
    assert.deepEqual(adaptStreamEvent({ event: 'chunk', data: '  - item\n  - {broken' }), {
      type: 'chunk',
      content: '  - item\n  - {broken',
    });
  });

  it('a chunk without any text is ignored', () => {
    assert.equal(adaptStreamEvent(raw('chunk', { type: 'chunk' })), null);
    assert.equal(adaptStreamEvent({ event: 'chunk', data: '' }), null);
  });

  it('an empty string delta is kept', () => {
    assert.deepEqual(adaptStreamEvent(raw('chunk', { content: '' })), { type: 'chunk', content: '' });
  });
});

describe('adaptStreamEvent: ids', () => {
  it('takes conversation_id and message_id', () => {
    assert.deepEqual(adaptStreamEvent(raw('completed', { conversation_id: 'cnv_1', message_id: 'msg_2' })), {
      type: 'completed',
      conversationId: 'cnv_1',
      messageId: 'msg_2',
    });
  });

  it('takes ids on any event type', () => {
    assert.deepEqual(adaptStreamEvent(raw('chunk', { content: 'x', conversation_id: 'cnv_1' })), {
      type: 'chunk',
      content: 'x',
      conversationId: 'cnv_1',
    });
    assert.deepEqual(adaptStreamEvent(raw('tool_call', { id: 'tc_1', name: 'n', arguments: {}, conversationId: 'cnv_1' })), {
      type: 'tool_call',
      id: 'tc_1',
      name: 'n',
      arguments: {},
      conversationId: 'cnv_1',
    });
    assert.deepEqual(
      adaptStreamEvent(raw('error', { error: { code: 'c', message: 'm' }, conversation_id: 'cnv_1', message_id: 'msg_1' })),
      { type: 'error', code: 'c', message: 'm', conversationId: 'cnv_1', messageId: 'msg_1' },
    );
  });

  it('prefers camelCase over snake_case and drops empty or non-string ids', () => {
    assert.deepEqual(adaptStreamEvent(raw('completed', { conversationId: 'cnv_a', conversation_id: 'cnv_b' })), {
      type: 'completed',
      conversationId: 'cnv_a',
    });
    assert.deepEqual(adaptStreamEvent(raw('completed', { conversationId: '', messageId: 42 })), { type: 'completed' });
  });
});

describe('adaptStreamEvent: tool calls and actions', () => {
  it('tool name in `tool`, arguments in `args`', () => {
    assert.deepEqual(adaptStreamEvent(raw('tool_call', { id: 'tc_1', tool: 'search_products', args: { query: 'tote' } })), {
      type: 'tool_call',
      id: 'tc_1',
      name: 'search_products',
      arguments: { query: 'tote' },
    });
  });

  it('arguments in `input`', () => {
    assert.deepEqual(adaptStreamEvent(raw('tool_call', { id: 'tc_1', name: 'lookup', input: 'p_17' })), {
      type: 'tool_call',
      id: 'tc_1',
      name: 'lookup',
      arguments: 'p_17',
    });
  });

  it('prefers name over tool and arguments over args and input', () => {
    assert.deepEqual(
      adaptStreamEvent(raw('tool_call', { id: 'x', tool: 'T', name: 'N', input: 3, args: 2, arguments: 1 })),
      { type: 'tool_call', id: 'x', name: 'N', arguments: 1 },
    );
  });

  it('tool call id in `toolCallId` or `actionId`', () => {
    assert.deepEqual(adaptStreamEvent(raw('tool_call', { toolCallId: 'tc_7', name: 'n', arguments: {} })), {
      type: 'tool_call',
      id: 'tc_7',
      name: 'n',
      arguments: {},
    });
    assert.deepEqual(adaptStreamEvent(raw('tool_call', { actionId: 'ac_7', name: 'n', arguments: {} })), {
      type: 'tool_call',
      id: 'ac_7',
      name: 'n',
      arguments: {},
    });
  });

  it('a tool call without id, name or arguments gets defaults', () => {
    assert.deepEqual(adaptStreamEvent(raw('tool_call', {})), { type: 'tool_call', id: '', name: 'tool', arguments: {} });
  });

  it('action ids in `actionId` or `toolCallId`', () => {
    assert.deepEqual(adaptStreamEvent(raw('action_started', { actionId: 'ac_3', action: 'add_to_cart' })), {
      type: 'action_started',
      id: 'ac_3',
      action: 'add_to_cart',
    });
    assert.deepEqual(adaptStreamEvent(raw('action_completed', { toolCallId: 'tc_3', action: 'add_to_cart', success: true })), {
      type: 'action_completed',
      id: 'tc_3',
      action: 'add_to_cart',
      success: true,
    });
  });

  it('an action without id or name gets defaults', () => {
    assert.deepEqual(adaptStreamEvent(raw('action_started', {})), { type: 'action_started', id: '', action: 'action' });
    assert.deepEqual(adaptStreamEvent(raw('action_completed', {})), {
      type: 'action_completed',
      id: '',
      action: 'action',
      success: true,
    });
  });
});

describe('adaptStreamEvent: errors', () => {
  it('error nested under `error`', () => {
    assert.deepEqual(adaptStreamEvent(raw('error', { type: 'error', error: { code: 'rate_limited', message: 'Slow down.' } })), {
      type: 'error',
      code: 'rate_limited',
      message: 'Slow down.',
    });
  });

  it('error as a string under `error`', () => {
    assert.deepEqual(adaptStreamEvent(raw('error', { error: 'Boom' })), { type: 'error', code: 'stream_error', message: 'Boom' });
  });

  it('error without code or message', () => {
    assert.deepEqual(adaptStreamEvent(raw('error', {})), { type: 'error', code: 'stream_error', message: '' });
  });
});

describe('adaptStreamEvent: what it ignores', () => {
  it('unknown event types return null', () => {
    assert.equal(adaptStreamEvent(raw('thinking', { type: 'thinking', content: 'hmm' })), null);
    assert.equal(adaptStreamEvent(raw('', { type: 'heartbeat' })), null);
    assert.equal(adaptStreamEvent(raw('message', { type: 'usage', tokens: 12 })), null);
  });

  it('unknown fields are dropped', () => {
    assert.deepEqual(
      adaptStreamEvent(raw('chunk', { type: 'chunk', content: 'Hi', model: 'x', usage: { tokens: 3 }, index: 0 })),
      { type: 'chunk', content: 'Hi' },
    );
    assert.deepEqual(
      adaptStreamEvent(raw('completed', { type: 'completed', messageId: 'msg_1', finishReason: 'stop', citations: [] })),
      { type: 'completed', messageId: 'msg_1' },
    );
  });

  it('garbage data returns null on every non-chunk event', () => {
    for (const event of ['', 'message', 'tool_call', 'action_started', 'action_completed', 'completed', 'error', 'nope']) {
      for (const data of ['not json', '{"type":"chunk"', '', 'null', '[]', '42', '"completed"']) {
        assert.equal(adaptStreamEvent({ event, data }), null, `event ${JSON.stringify(event)}, data ${JSON.stringify(data)}`);
      }
    }
  });

  it('does not throw on odd field types', () => {
    assert.equal(adaptStreamEvent(raw('', { type: 42, content: 'x' })), null);
    assert.deepEqual(adaptStreamEvent(raw('tool_call', { id: 5, name: ['x'], arguments: null })), {
      type: 'tool_call',
      id: '',
      name: 'tool',
      arguments: {},
    });
  });
});

describe('normalizeRole', () => {
  it('accepts user and assistant in any case', () => {
    assert.equal(normalizeRole('USER'), 'user');
    assert.equal(normalizeRole('Assistant'), 'assistant');
    assert.equal(normalizeRole('system'), undefined);
    assert.equal(normalizeRole(undefined), undefined);
    assert.equal(normalizeRole(1), undefined);
  });
});

describe('normalizeFeedback', () => {
  it('upper-cases known values in any case', () => {
    assert.equal(normalizeFeedback('POSITIVE'), 'POSITIVE');
    assert.equal(normalizeFeedback('positive'), 'POSITIVE');
    assert.equal(normalizeFeedback('Negative'), 'NEGATIVE');
    assert.equal(normalizeFeedback('nEgAtIvE'), 'NEGATIVE');
  });

  it('returns null for anything else', () => {
    for (const value of ['', 'up', 'THUMBS_UP', ' positive', null, undefined, 1, true, {}, ['POSITIVE']]) {
      assert.equal(normalizeFeedback(value), null, JSON.stringify(value));
    }
  });
});

describe('adaptHistory', () => {
  const entries = [
    { id: 'msg_90', role: 'user', content: 'Do you have this in blue?', createdAt: '2026-11-24T10:00:00Z' },
    { id: 'msg_91', role: 'assistant', content: 'Yes — …', createdAt: '2026-11-24T10:00:03Z', feedback: null },
  ];
  const expected = [
    { id: 'msg_90', role: 'user', content: 'Do you have this in blue?', createdAt: '2026-11-24T10:00:00Z', feedback: null },
    { id: 'msg_91', role: 'assistant', content: 'Yes — …', createdAt: '2026-11-24T10:00:03Z', feedback: null },
  ];

  it('reads history under `data`', () => {
    assert.deepEqual(adaptHistory({ data: entries }), expected);
  });

  it('reads history as a bare array', () => {
    assert.deepEqual(adaptHistory(entries), expected);
  });

  it('reads history under `messages`', () => {
    assert.deepEqual(adaptHistory({ messages: entries, total: 2 }), expected);
  });

  it('accepts roles in any letter case', () => {
    assert.deepEqual(
      adaptHistory([
        { id: 'a', role: 'USER', content: 'hi' },
        { id: 'b', role: 'ASSISTANT', content: 'hello' },
        { id: 'c', role: 'Assistant', content: 'again' },
      ]).map((message) => message.role),
      ['user', 'assistant', 'assistant'],
    );
  });

  it('drops entries with unknown roles, without text, and non-objects', () => {
    assert.deepEqual(
      adaptHistory([
        { id: 'a', role: 'system', content: 'You are Tote.' },
        { id: 'b', role: 'tool', content: '{"results":[]}' },
        { id: 'c', content: 'no role' },
        { id: 'd', role: 'user' },
        null,
        'msg',
        ['user', 'x'],
        { id: 'e', role: 'user', content: 'kept' },
      ]),
      [{ id: 'e', role: 'user', content: 'kept', feedback: null }],
    );
  });

  it('normalises feedback', () => {
    assert.deepEqual(
      adaptHistory([
        { id: 'a', role: 'assistant', content: 'x', feedback: 'positive' },
        { id: 'b', role: 'assistant', content: 'y', feedback: 'NEGATIVE' },
        { id: 'c', role: 'assistant', content: 'z', feedback: 'meh' },
        { id: 'd', role: 'assistant', content: 'w' },
      ]).map((message) => message.feedback),
      ['POSITIVE', 'NEGATIVE', null, null],
    );
  });

  it('takes text, messageId/message_id and created_at variants', () => {
    assert.deepEqual(
      adaptHistory([
        { messageId: 'm1', role: 'user', text: 'one', created_at: '2026-01-01T00:00:00Z' },
        { message_id: 'm2', role: 'assistant', content: 'two' },
        { role: 'assistant', content: 'three' },
      ]),
      [
        { id: 'm1', role: 'user', content: 'one', createdAt: '2026-01-01T00:00:00Z', feedback: null },
        { id: 'm2', role: 'assistant', content: 'two', feedback: null },
        { id: '', role: 'assistant', content: 'three', feedback: null },
      ],
    );
  });

  it('returns an empty list for anything that is not history', () => {
    for (const body of [null, undefined, 'x', 42, {}, { data: 'x' }, { messages: {} }]) {
      assert.deepEqual(adaptHistory(body), [], JSON.stringify(body));
    }
  });
});

describe('adaptAgent', () => {
  it('keeps only public display info', () => {
    assert.deepEqual(adaptAgent({ id: 'agt_1', name: 'Tote', model: 'gpt', trainingStatus: 'TRAINED', apiKey: 'secret' }), {
      id: 'agt_1',
      name: 'Tote',
    });
  });

  it('reads the agent under `data`', () => {
    assert.deepEqual(adaptAgent({ data: { id: 'agt_1', name: 'Tote' } }), { id: 'agt_1', name: 'Tote' });
  });

  it('returns {} for anything else and drops non-string fields', () => {
    assert.deepEqual(adaptAgent(null), {});
    assert.deepEqual(adaptAgent('Tote'), {});
    assert.deepEqual(adaptAgent([{ name: 'Tote' }]), {});
    assert.deepEqual(adaptAgent({ id: 1, name: null }), {});
  });
});

describe('adaptErrorBody', () => {
  it('reads the canonical nested shape', () => {
    assert.deepEqual(adaptErrorBody({ error: { code: 'rate_limited', message: 'Too many requests.' } }), {
      code: 'rate_limited',
      message: 'Too many requests.',
    });
  });

  it('reads a flat shape', () => {
    assert.deepEqual(adaptErrorBody({ code: 'bad', message: 'Bad.' }), { code: 'bad', message: 'Bad.' });
  });

  it('reads a string error as the message', () => {
    assert.deepEqual(adaptErrorBody({ error: 'Unauthorized' }), { message: 'Unauthorized' });
  });

  it('returns {} for anything else', () => {
    assert.deepEqual(adaptErrorBody(null), {});
    assert.deepEqual(adaptErrorBody('oops'), {});
    assert.deepEqual(adaptErrorBody({ error: { status: 500 } }), {});
  });
});

describe('products in replies: every shape the contract lists, one Product', () => {
  const canonical = {
    id: 'p_17',
    name: 'Blue Canvas Tote',
    url: 'https://shop.example/products/blue-canvas-tote',
    status: 'active',
    availability: true,
    price: { amount: 29, currency: 'EUR' },
    images: [{ url: 'https://cdn.shop.example/blue.jpg' }],
  };
  const expected = {
    id: 'p_17',
    name: 'Blue Canvas Tote',
    url: 'https://shop.example/products/blue-canvas-tote',
    price: { amount: 29, currency: 'EUR' },
    image: 'https://cdn.shop.example/blue.jpg',
    availability: true,
  };
  const tolerated = {
    id: 'p_17',
    title: 'Blue Canvas Tote',
    url: 'https://shop.example/products/blue-canvas-tote',
    price: 29,
    currency: 'eur',
    images: ['https://cdn.shop.example/blue.jpg'],
    inStock: true,
  };
  const single = { ...tolerated, images: undefined, image: 'https://cdn.shop.example/blue.jpg' };

  const shapes: [label: string, frame: Record<string, unknown>][] = [
    ['tool_call result.products (canonical)', { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {}, result: { products: [canonical] } }],
    ['tool_call result.items', { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {}, result: { items: [tolerated] } }],
    ['action_started data.products', { type: 'action_started', id: 'ac_1', action: 'recommend', data: { products: [single] } }],
    ['action_started data.items', { type: 'action_started', id: 'ac_1', action: 'recommend', data: { items: [canonical] } }],
    ['action_completed result.products', { type: 'action_completed', id: 'ac_1', action: 'recommend', success: true, result: { products: [tolerated] } }],
    ['action_completed result.items', { type: 'action_completed', id: 'ac_1', action: 'recommend', success: true, result: { items: [single] } }],
    ['completed.products', { type: 'completed', messageId: 'msg_1', products: [canonical] }],
  ];
  for (const [label, frame] of shapes) {
    it(label, () => {
      const event = adaptStreamEvent(raw(String(frame.type), frame)) as { products?: unknown };
      assert.deepEqual(event.products, [expected]);
    });
  }

  const product = (fields: Record<string, unknown>) =>
    (adaptStreamEvent(raw('completed', { type: 'completed', products: [{ ...canonical, ...fields }] })) as { products?: unknown[] }).products?.[0];

  const fields: [label: string, fields: Record<string, unknown>, expect: unknown][] = [
    ['a relative URL stays relative to the page', { url: '/products/blue' }, { ...expected, url: '/products/blue' }],
    ['no name: not shown', { name: undefined }, undefined],
    ['a blank name: not shown', { name: '   ' }, undefined],
    ['no url: not shown', { url: undefined }, undefined],
    ['a javascript: URL: not shown', { url: 'javascript:alert(1)' }, undefined],
    ['a javascript: URL with a tab in the scheme: not shown', { url: 'java\tscript:alert(1)' }, undefined],
    ['a data: URL: not shown', { url: 'data:text/html,<script>alert(1)</script>' }, undefined],
    ['a mailto: URL is no product page', { url: 'mailto:a@b.example' }, undefined],
    ['a draft is not shown', { status: 'draft' }, undefined],
    ['an archived product is not shown', { status: 'ARCHIVED' }, undefined],
    ['no currency: no price', { price: { amount: 29 } }, { ...expected, price: undefined }],
    ['a malformed currency: no price', { price: { amount: 29, currency: 'euro' } }, { ...expected, price: undefined }],
    ['a negative price: none', { price: { amount: -1, currency: 'EUR' } }, { ...expected, price: undefined }],
    ['a decimal price', { price: { amount: 29.9, currency: 'EUR' } }, { ...expected, price: { amount: 29.9, currency: 'EUR' } }],
    ['a price that is not a number: none', { price: { amount: '29 EUR', currency: 'EUR' } }, { ...expected, price: undefined }],
    ['an infinite price: none', { price: { amount: 1e999, currency: 'EUR' } }, { ...expected, price: undefined }],
    ['an http image is not loaded', { images: [{ url: 'http://cdn.shop.example/blue.jpg' }] }, { ...expected, image: undefined }],
    ['a javascript: image is dropped', { images: ['javascript:alert(1)'] }, { ...expected, image: undefined }],
    ['a relative image is dropped (image-hosts decides by host)', { images: [' !'] }, { ...expected, image: undefined }],
    ['a protocol-relative link is absolute', { url: '//other.example/p' }, { ...expected, url: 'https://other.example/p' }],
    ['availability not a boolean: unknown', { availability: 'yes' }, { ...expected, availability: undefined }],
    ['out of stock', { availability: false }, { ...expected, availability: false }],
    ['a numeric id', { id: 17 }, { ...expected, id: '17' }],
    ['no id: its URL identifies it', { id: undefined }, { ...expected, id: expected.url }],
    ['a long name is cut to 200 characters', { name: 'x'.repeat(500) }, { ...expected, name: 'x'.repeat(200) }],
  ];
  for (const [label, change, want] of fields) {
    it(label, () => {
      const strip = (value: unknown) => (value ? JSON.parse(JSON.stringify(value)) : value);
      assert.deepEqual(strip(product(change)), strip(want));
    });
  }

  it('drops malformed entries and keeps the rest; never throws on any container', () => {
    const event = adaptStreamEvent(
      raw('completed', { type: 'completed', products: [null, 42, 'p_1', [], { name: 'x' }, canonical, { ...canonical, id: 'p_18' }] }),
    ) as { products?: { id: string }[] };
    assert.deepEqual(event.products?.map((entry) => entry.id), ['p_17', 'p_18']);
    for (const container of [null, 'x', 1, [], { products: 'x' }, { items: {} }, { products: null }]) {
      for (const type of ['tool_call', 'action_started', 'action_completed']) {
        const event = adaptStreamEvent(raw(type, { type, id: 'x', action: 'a', name: 'n', data: container, result: container }));
        assert.ok(event && !('products' in event), `${type} with ${JSON.stringify(container)}`);
      }
    }
  });

  it('keeps at most 10 products', () => {
    const many = Array.from({ length: 30 }, (_, index) => ({ ...canonical, id: `p_${index}` }));
    const event = adaptStreamEvent(raw('completed', { type: 'completed', products: many })) as { products?: unknown[] };
    assert.equal(event.products?.length, 10);
  });

  it("an add-to-cart's quantity comes with its products: a positive whole number under 1000", () => {
    const quantity = (value: unknown, products: unknown[] = [canonical]) =>
      (adaptStreamEvent(raw('action_started', { type: 'action_started', id: 'ac_1', action: 'add_to_cart', data: { productId: 'p_17', quantity: value, products } })) as {
        quantity?: number;
      }).quantity;
    assert.equal(quantity(2), 2);
    for (const value of [0, -1, 1.5, 1000, '2', null]) assert.equal(quantity(value), undefined, JSON.stringify(value));
    assert.equal(quantity(2, []), undefined, 'no products, no line');
  });
});

describe('the product an action is about: action_started.productName', () => {
  const named = (data: unknown) =>
    (adaptStreamEvent(raw('action_started', { type: 'action_started', id: 'ac_1', action: 'add_to_cart', data })) as { productName?: string }).productName;

  it('its first product\'s name, in either shape', () => {
    assert.equal(named({ products: [{ id: 'p_1', title: 'Blue Canvas Tote', url: '/p/1' }, { id: 'p_2', name: 'Other', url: '/p/2' }] }), 'Blue Canvas Tote');
    assert.equal(named({ productId: 'p_1', name: 'Not this', items: [{ id: 'p_1', name: 'Blue Canvas Tote', url: '/p/1' }] }), 'Blue Canvas Tote');
  });

  it('else a name of its own: productName, name or title, trimmed and at most 200 characters', () => {
    assert.equal(named({ productId: 'p_1', productName: ' Blue Canvas Tote ' }), 'Blue Canvas Tote');
    assert.equal(named({ productId: 'p_1', name: 'Blue Canvas Tote' }), 'Blue Canvas Tote');
    assert.equal(named({ productId: 'p_1', title: 'Blue Canvas Tote' }), 'Blue Canvas Tote');
    assert.equal(named({ name: 'x'.repeat(500) }), 'x'.repeat(200));
  });

  it('none for data that names nothing (the canonical shape), a blank name or data that is not an object', () => {
    for (const data of [{ productId: 'p_17', quantity: 1 }, { name: '  ' }, { name: 42 }, 'Blue Tote', ['Blue Tote'], null, undefined]) {
      const event = adaptStreamEvent(raw('action_started', { type: 'action_started', id: 'ac_1', action: 'add_to_cart', data }));
      assert.ok(event && !('productName' in event), JSON.stringify(data));
    }
  });
});

describe('quick replies: completed.suggestions', () => {
  const suggestions = (frame: Record<string, unknown>) =>
    (adaptStreamEvent(raw('completed', { type: 'completed', ...frame })) as { suggestions?: string[] }).suggestions;

  it('canonical: an array of strings', () => {
    assert.deepEqual(suggestions({ suggestions: ['Yes, add it', 'Show other colours'] }), ['Yes, add it', 'Show other colours']);
  });

  it('as quickReplies, each a string, {label} or {text}', () => {
    assert.deepEqual(suggestions({ quickReplies: ['Yes', { label: 'No' }, { text: 'Maybe later' }] }), ['Yes', 'No', 'Maybe later']);
  });

  it('blank, long, repeated, malformed ones are dropped; at most five', () => {
    assert.deepEqual(
      suggestions({ suggestions: ['  ', 'x'.repeat(81), 'A', 'A', 7, null, { label: 3 }, 'B', 'C', 'D', 'E', 'F'] }),
      ['A', 'B', 'C', 'D', 'E'],
    );
    assert.equal(suggestions({ suggestions: 'Yes' }), undefined);
    assert.equal(suggestions({}), undefined);
  });
});

describe('adaptHistory: the cache keeps cards and quick replies', () => {
  it('reads them back through the same checks', () => {
    const [message] = adaptHistory([
      {
        id: 'msg_1',
        role: 'assistant',
        content: 'Here',
        feedback: null,
        products: [{ id: 'p_1', name: 'Tote', url: 'javascript:alert(1)' }, { id: 'p_2', name: 'Bag', url: '/products/bag' }],
        suggestions: ['Yes', 5],
      },
    ]);
    assert.deepEqual(message?.products, [{ id: 'p_2', name: 'Bag', url: '/products/bag' }]);
    assert.deepEqual(message?.suggestions, ['Yes']);
  });

  it('an entry without them has neither key (records of earlier versions read as before)', () => {
    assert.deepEqual(adaptHistory([{ id: 'm', role: 'user', content: 'hi' }]), [{ id: 'm', role: 'user', content: 'hi', feedback: null }]);
  });
});
