import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryMessage, TotebotStreamEvent } from '../../src/protocol/events.js';
import { fromCached, toCached } from '../../src/state/cached-messages.js';
import { keepShown, mergeHistory } from '../../src/state/merge-history.js';
import {
  applyStreamEvent,
  assistantDraft,
  fromHistory,
  isTerminal,
  markFailed,
  markInterrupted,
  type ChatMessage,
  type StatusChip,
  userMessage,
  withLastReply,
  withMessage,
} from '../../src/state/conversation.js';

const AT = '2026-11-24T10:00:00.000Z';

const applyAll = (message: ChatMessage, events: TotebotStreamEvent[]): ChatMessage => events.reduce(applyStreamEvent, message);

/** Deep-freezes a message so any mutation by the code under test throws. */
function frozen(message: ChatMessage): ChatMessage {
  message.chips.forEach((chip) => Object.freeze(chip));
  Object.freeze(message.chips);
  return Object.freeze(message);
}

const chipStates = (message: ChatMessage) => message.chips.map((chip) => `${chip.kind}:${chip.id}:${chip.state}`);

describe('message factories', () => {
  it('userMessage is a complete user message', () => {
    const message = userMessage('Hi there', AT);
    assert.deepEqual({ ...message, key: 'k' }, {
      key: 'k',
      role: 'user',
      content: 'Hi there',
      status: 'complete',
      chips: [],
      feedback: null,
      createdAt: AT,
    });
  });

  it('assistantDraft is an empty streaming assistant message', () => {
    const message = assistantDraft(AT);
    assert.deepEqual({ ...message, key: 'k' }, {
      key: 'k',
      role: 'assistant',
      content: '',
      status: 'streaming',
      chips: [],
      feedback: null,
      createdAt: AT,
    });
  });

  it('keys are unique', () => {
    const keys = new Set([userMessage('a'), userMessage('b'), assistantDraft(), assistantDraft()].map((message) => message.key));
    assert.equal(keys.size, 4);
  });

  it('fromHistory keeps id, role, content, feedback and createdAt', () => {
    const message = fromHistory({ id: 'msg_91', role: 'assistant', content: 'Yes', createdAt: AT, feedback: 'POSITIVE' });
    assert.deepEqual({ ...message, key: 'k' }, {
      key: 'k',
      id: 'msg_91',
      role: 'assistant',
      content: 'Yes',
      status: 'complete',
      chips: [],
      feedback: 'POSITIVE',
      createdAt: AT,
    });
  });

  it('fromHistory without id or createdAt', () => {
    const message = fromHistory({ id: '', role: 'user', content: 'x', feedback: null });
    assert.equal('id' in message, false);
    assert.equal(message.createdAt, '');
  });
});

describe('applyStreamEvent: chunks', () => {
  it('appends deltas in order', () => {
    const message = applyAll(assistantDraft(AT), [
      { type: 'chunk', content: 'Yes — ' },
      { type: 'chunk', content: 'the **blue** ' },
      { type: 'chunk', content: 'one.' },
    ]);
    assert.equal(message.content, 'Yes — the **blue** one.');
    assert.equal(message.status, 'streaming');
  });
});

describe('applyStreamEvent: tool calls', () => {
  it('adds a running tool chip', () => {
    const message = applyStreamEvent(assistantDraft(AT), { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {} });
    assert.deepEqual(message.chips, [{ id: 'tc_1', kind: 'tool', name: 'search_products', state: 'running' }]);
    assert.equal(message.content, '');
  });

  it('the tool chip is done once a chunk arrives', () => {
    const message = applyAll(assistantDraft(AT), [
      { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {} },
      { type: 'chunk', content: 'Found it.' },
    ]);
    assert.deepEqual(message.chips, [{ id: 'tc_1', kind: 'tool', name: 'search_products', state: 'done' }]);
    assert.equal(message.content, 'Found it.');
  });

  it('the tool chip is done once another tool call arrives', () => {
    const message = applyAll(assistantDraft(AT), [
      { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {} },
      { type: 'tool_call', id: 'tc_2', name: 'check_stock', arguments: {} },
    ]);
    assert.deepEqual(chipStates(message), ['tool:tc_1:done', 'tool:tc_2:running']);
  });

  it('the tool chip is done once an action starts', () => {
    const message = applyAll(assistantDraft(AT), [
      { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {} },
      { type: 'action_started', id: 'ac_1', action: 'add_to_cart', label: 'Adding to cart' },
    ]);
    assert.deepEqual(message.chips, [
      { id: 'tc_1', kind: 'tool', name: 'search_products', state: 'done' },
      { id: 'ac_1', kind: 'action', name: 'add_to_cart', label: 'Adding to cart', state: 'running' },
    ]);
  });

  it('the tool chip is done once an action completes, even without action_started', () => {
    const message = applyAll(assistantDraft(AT), [
      { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {} },
      { type: 'action_completed', id: 'ac_1', action: 'add_to_cart', success: true },
    ]);
    assert.deepEqual(chipStates(message), ['tool:tc_1:done', 'action:ac_1:done']);
  });

  it('a chunk does not finish a running action', () => {
    const message = applyAll(assistantDraft(AT), [
      { type: 'action_started', id: 'ac_1', action: 'add_to_cart' },
      { type: 'chunk', content: 'Adding…' },
    ]);
    assert.deepEqual(chipStates(message), ['action:ac_1:running']);
  });
});

describe('applyStreamEvent: actions', () => {
  it('action_started without label has no label key', () => {
    const message = applyStreamEvent(assistantDraft(AT), { type: 'action_started', id: 'ac_1', action: 'add_to_cart' });
    assert.deepEqual(message.chips, [{ id: 'ac_1', kind: 'action', name: 'add_to_cart', state: 'running' }]);
  });

  it('an action keeps the name of the product it is about, from its start or its result', () => {
    const started = applyAll(assistantDraft(AT), [
      { type: 'action_started', id: 'ac_1', action: 'add_to_cart', productName: 'Blue Canvas Tote' },
      { type: 'action_completed', id: 'ac_1', action: 'add_to_cart', success: true, products: [{ id: 'p_9', name: 'Other', url: '/p/9' }] },
    ]);
    assert.deepEqual(started.chips, [{ id: 'ac_1', kind: 'action', name: 'add_to_cart', product: 'Blue Canvas Tote', state: 'done' }]);
    const fromResult = applyAll(assistantDraft(AT), [
      { type: 'action_started', id: 'ac_1', action: 'add_to_cart' },
      { type: 'action_completed', id: 'ac_1', action: 'add_to_cart', success: false, products: [{ id: 'p_1', name: 'Blue Canvas Tote', url: '/p/1' }] },
    ]);
    assert.deepEqual(fromResult.chips, [{ id: 'ac_1', kind: 'action', name: 'add_to_cart', product: 'Blue Canvas Tote', state: 'failed' }]);
    const unmatched = applyStreamEvent(assistantDraft(AT), {
      type: 'action_completed', id: 'ac_2', action: 'add_to_cart', success: true, products: [{ id: 'p_1', name: 'Blue Canvas Tote', url: '/p/1' }],
    });
    assert.equal(unmatched.chips[0]!.product, 'Blue Canvas Tote');
  });

  it('action_completed finishes the action with the same id', () => {
    const message = applyAll(assistantDraft(AT), [
      { type: 'action_started', id: 'ac_1', action: 'add_to_cart', label: 'Adding A' },
      { type: 'action_started', id: 'ac_2', action: 'add_to_cart', label: 'Adding B' },
      { type: 'action_completed', id: 'ac_2', action: 'add_to_cart', success: true },
    ]);
    assert.deepEqual(message.chips, [
      { id: 'ac_1', kind: 'action', name: 'add_to_cart', label: 'Adding A', state: 'running' },
      { id: 'ac_2', kind: 'action', name: 'add_to_cart', label: 'Adding B', state: 'done' },
    ]);
  });

  it('success false marks the action failed', () => {
    const message = applyAll(assistantDraft(AT), [
      { type: 'action_started', id: 'ac_1', action: 'add_to_cart' },
      { type: 'action_completed', id: 'ac_1', action: 'add_to_cart', success: false },
    ]);
    assert.deepEqual(chipStates(message), ['action:ac_1:failed']);
  });

  it('with an empty id, matches the first running action of the same name', () => {
    const message = applyAll(assistantDraft(AT), [
      { type: 'action_started', id: '', action: 'apply_coupon' },
      { type: 'action_started', id: '', action: 'add_to_cart' },
      { type: 'action_started', id: '', action: 'add_to_cart' },
      { type: 'action_completed', id: '', action: 'add_to_cart', success: true },
    ]);
    assert.deepEqual(
      message.chips.map((chip) => `${chip.name}:${chip.state}`),
      ['apply_coupon:running', 'add_to_cart:done', 'add_to_cart:running'],
    );
  });

  it('with an id, does not fall back to the action name', () => {
    const message = applyAll(assistantDraft(AT), [
      { type: 'action_started', id: 'ac_1', action: 'add_to_cart' },
      { type: 'action_completed', id: 'ac_9', action: 'add_to_cart', success: true },
    ]);
    assert.deepEqual(chipStates(message), ['action:ac_1:running', 'action:ac_9:done']);
  });

  it('an unmatched action_completed adds a finished chip', () => {
    const message = applyStreamEvent(assistantDraft(AT), { type: 'action_completed', id: 'ac_1', action: 'add_to_cart', success: false });
    assert.deepEqual(message.chips, [{ id: 'ac_1', kind: 'action', name: 'add_to_cart', state: 'failed' }]);
  });

  it('does not match an action that already finished', () => {
    const message = applyAll(assistantDraft(AT), [
      { type: 'action_started', id: 'ac_1', action: 'add_to_cart' },
      { type: 'action_completed', id: 'ac_1', action: 'add_to_cart', success: true },
      { type: 'action_completed', id: 'ac_1', action: 'add_to_cart', success: false },
    ]);
    assert.deepEqual(chipStates(message), ['action:ac_1:done', 'action:ac_1:failed']);
  });
});

describe('applyStreamEvent: completed', () => {
  it('sets the message id and status and keeps the streamed content', () => {
    const message = applyAll(assistantDraft(AT), [
      { type: 'chunk', content: 'Streamed ' },
      { type: 'chunk', content: 'text.' },
      { type: 'completed', conversationId: 'cnv_1', messageId: 'msg_91', content: 'Different final text' },
    ]);
    assert.equal(message.id, 'msg_91');
    assert.equal(message.status, 'complete');
    assert.equal(message.content, 'Streamed text.');
  });

  it('uses completed.content only when no chunk arrived', () => {
    const message = applyStreamEvent(assistantDraft(AT), { type: 'completed', messageId: 'msg_1', content: 'Whole reply' });
    assert.equal(message.content, 'Whole reply');
    assert.equal(message.status, 'complete');
  });

  it('takes the reply\'s id from whichever event brings it first, as the contract allows', () => {
    const message = applyAll(assistantDraft(AT), [
      { type: 'chunk', conversationId: 'cnv_1', messageId: 'msg_early', content: 'Yes' },
      { type: 'chunk', content: ', in blue.' },
      { type: 'completed' },
    ]);
    assert.equal(message.id, 'msg_early');
    assert.equal(message.status, 'complete');
    const later = applyAll(assistantDraft(AT), [
      { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {}, messageId: 'msg_first' },
      { type: 'completed', messageId: 'msg_other' },
    ]);
    assert.equal(later.id, 'msg_first');
  });

  it('without messageId or content', () => {
    const message = applyStreamEvent(assistantDraft(AT), { type: 'completed' });
    assert.equal('id' in message, false);
    assert.equal(message.content, '');
    assert.equal(message.status, 'complete');
  });

  it('finishes every running chip as done', () => {
    const message = applyAll(assistantDraft(AT), [
      { type: 'action_started', id: 'ac_1', action: 'add_to_cart' },
      { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {} },
      { type: 'completed', messageId: 'msg_1' },
    ]);
    assert.deepEqual(chipStates(message), ['action:ac_1:done', 'tool:tc_1:done']);
  });
});

describe('applyStreamEvent: error', () => {
  it('marks the message error, keeps the text and fails running chips only', () => {
    const message = applyAll(assistantDraft(AT), [
      { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {} },
      { type: 'chunk', content: 'Let me check… ' },
      { type: 'action_started', id: 'ac_1', action: 'add_to_cart' },
      { type: 'tool_call', id: 'tc_2', name: 'check_stock', arguments: {} },
      { type: 'error', code: 'agent_unavailable', message: 'The assistant is unavailable.' },
    ]);
    assert.equal(message.status, 'error');
    assert.equal(message.content, 'Let me check… ');
    assert.deepEqual(message.error, { code: 'agent_unavailable', message: 'The assistant is unavailable.' });
    assert.deepEqual(chipStates(message), ['tool:tc_1:done', 'action:ac_1:failed', 'tool:tc_2:failed']);
  });
});

describe('isTerminal', () => {
  it('is true for completed and error only', () => {
    assert.equal(isTerminal({ type: 'completed' }), true);
    assert.equal(isTerminal({ type: 'error', code: 'x', message: 'y' }), true);
    assert.equal(isTerminal({ type: 'chunk', content: 'x' }), false);
    assert.equal(isTerminal({ type: 'tool_call', id: 'a', name: 'b', arguments: {} }), false);
    assert.equal(isTerminal({ type: 'action_started', id: 'a', action: 'b' }), false);
    assert.equal(isTerminal({ type: 'action_completed', id: 'a', action: 'b', success: true }), false);
  });
});

describe('markInterrupted', () => {
  it('marks a streaming message interrupted, keeps its text, and leaves running chips stopped (outcome unknown), never failed', () => {
    const message = markInterrupted(
      applyAll(assistantDraft(AT), [
        { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {} },
        { type: 'chunk', content: 'Half a rep' },
        { type: 'action_started', id: 'ac_1', action: 'add_to_cart' },
      ]),
    );
    assert.equal(message.status, 'interrupted');
    assert.equal(message.content, 'Half a rep');
    assert.deepEqual(chipStates(message), ['tool:tc_1:done', 'action:ac_1:stopped']);
  });

  it('on Stop, leaves a running add-to-cart stopped: the cart may well have changed upstream', () => {
    const message = markInterrupted(
      applyAll(assistantDraft(AT), [
        { type: 'action_started', id: 'ac_1', action: 'add_to_cart' },
        { type: 'tool_call', id: 'tc_1', name: 'check_stock', arguments: {} },
      ]),
      'stopped',
    );
    assert.equal(message.status, 'stopped');
    assert.deepEqual(chipStates(message), ['action:ac_1:stopped', 'tool:tc_1:stopped']);
  });

  it('returns a finished message unchanged, same object', () => {
    const complete = applyStreamEvent(assistantDraft(AT), { type: 'completed', messageId: 'm' });
    assert.equal(markInterrupted(complete), complete);
    const failed = applyStreamEvent(assistantDraft(AT), { type: 'error', code: 'x', message: 'y' });
    assert.equal(markInterrupted(failed), failed);
    const user = userMessage('hi', AT);
    assert.equal(markInterrupted(user), user);
  });
});

describe('markFailed', () => {
  it('sets status error with the given error and fails running chips', () => {
    const message = markFailed(
      applyStreamEvent(assistantDraft(AT), { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {} }),
      { code: 'rate_limited', message: 'Too many requests.', status: 429, retryAt: 1_700_000_030_000 },
    );
    assert.equal(message.status, 'error');
    assert.deepEqual(message.error, { code: 'rate_limited', message: 'Too many requests.', status: 429, retryAt: 1_700_000_030_000 });
    assert.deepEqual(chipStates(message), ['tool:tc_1:failed']);
  });
});

describe('immutability', () => {
  const EVENTS: TotebotStreamEvent[] = [
    { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {} },
    { type: 'chunk', content: 'a' },
    { type: 'action_started', id: 'ac_1', action: 'add_to_cart' },
    { type: 'action_completed', id: 'ac_1', action: 'add_to_cart', success: true },
    { type: 'action_completed', id: 'ac_2', action: 'add_to_cart', success: true },
    { type: 'completed', messageId: 'msg_1' },
    { type: 'error', code: 'x', message: 'y' },
  ];

  it('never mutates the input message or its chips, and always returns a new object', () => {
    let message = assistantDraft(AT);
    for (const event of EVENTS) {
      const before = structuredClone(message);
      const input = frozen(message);
      const next = applyStreamEvent(input, event);
      assert.notEqual(next, input, event.type);
      assert.deepEqual(input, before, event.type);
      message = { ...next, chips: next.chips.map((chip) => ({ ...chip })) };
    }
  });

  it('markInterrupted and markFailed do not mutate their input', () => {
    const input = frozen(
      applyAll(assistantDraft(AT), [
        { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {} },
        { type: 'chunk', content: 'x' },
      ]),
    );
    const before = structuredClone(input);
    markInterrupted(input);
    markFailed(input, { code: 'network', message: 'Offline', status: 0 });
    assert.deepEqual(input, before);
  });

  it('keeps the chips array when no chip changes, and the finished chips when others change', () => {
    const withDoneTool = applyAll(assistantDraft(AT), [
      { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {} },
      { type: 'chunk', content: 'a' },
    ]);
    const afterChunk = applyStreamEvent(withDoneTool, { type: 'chunk', content: 'b' });
    assert.equal(afterChunk.chips, withDoneTool.chips);

    const withAction = applyStreamEvent(withDoneTool, { type: 'action_started', id: 'ac_1', action: 'add_to_cart' });
    assert.equal(withAction.chips[0], withDoneTool.chips[0] as StatusChip);
  });

  it('a finished message in a list keeps its identity while the live one changes', () => {
    const earlier = applyStreamEvent(assistantDraft(AT), { type: 'completed', messageId: 'msg_1', content: 'Done' });
    const list = [userMessage('q1', AT), earlier, userMessage('q2', AT), assistantDraft(AT)];
    const live = list.length - 1;
    const next = list.map((message, index) => (index === live ? applyStreamEvent(message, { type: 'chunk', content: 'x' }) : message));
    assert.equal(next[1], earlier);
    assert.equal(next[0], list[0]);
    assert.notEqual(next[live], list[live]);
    assert.equal(next[live]!.content, 'x');
    assert.equal(list[live]!.content, '');
  });
});

describe('products, cart and quick replies on the reply they came with', () => {
  const tote = { id: 'p_1', name: 'Blue Canvas Tote', url: '/products/blue-canvas-tote', price: { amount: 29, currency: 'EUR' } };
  const bag = { id: 'p_2', name: 'Tan Crossbody Bag', url: '/products/tan-crossbody-bag' };

  it("a search's products become the reply's cards, each once, in order of arrival", () => {
    const reply = applyAll(frozen(assistantDraft(AT)), [
      { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {}, products: [tote, tote] },
      { type: 'action_completed', id: 'ac_1', action: 'recommend', success: true, products: [tote, bag] },
      { type: 'chunk', content: 'Here.' },
      { type: 'completed', messageId: 'msg_1', products: [bag], suggestions: ['Yes, add it', 'No'] },
    ]);
    assert.deepEqual(reply.products, [tote, bag]);
    assert.deepEqual(reply.suggestions, ['Yes, add it', 'No']);
    assert.equal(reply.status, 'complete');
  });

  it('a reply without any has none of the keys', () => {
    const reply = applyAll(assistantDraft(AT), [{ type: 'chunk', content: 'Hi' }, { type: 'completed' }]);
    assert.ok(!('products' in reply) && !('suggestions' in reply) && !('cart' in reply));
  });

  it("a completed add-to-cart is a cart line, with the started action's product and quantity", () => {
    const reply = applyAll(frozen(assistantDraft(AT)), [
      { type: 'action_started', id: 'ac_1', action: 'add_to_cart', data: {}, products: [tote], quantity: 2 },
      { type: 'action_completed', id: 'ac_1', action: 'add_to_cart', success: true },
    ]);
    assert.deepEqual(reply.cart, [{ product: tote, quantity: 2 }]);
    assert.equal(reply.products, undefined, "the added product is not offered again as a card");
    assert.deepEqual(chipStates(reply), ['action:ac_1:done']);
  });

  it("the completed action's own product and quantity win; the quantity is 1 when none is said", () => {
    const reply = applyAll(assistantDraft(AT), [
      { type: 'action_started', id: 'ac_1', action: 'add_to_cart', data: {}, products: [tote], quantity: 2 },
      { type: 'action_completed', id: 'ac_1', action: 'add_to_cart', success: true, products: [bag] },
    ]);
    assert.deepEqual(reply.cart, [{ product: bag, quantity: 2 }]);
    const bare = applyAll(assistantDraft(AT), [{ type: 'action_completed', id: 'ac_2', action: 'add_to_cart', success: true, products: [bag] }]);
    assert.deepEqual(bare.cart, [{ product: bag, quantity: 1 }]);
  });

  it('a failed add-to-cart, or one without a known product, adds no line', () => {
    const failed = applyAll(assistantDraft(AT), [
      { type: 'action_started', id: 'ac_1', action: 'add_to_cart', data: {}, products: [tote] },
      { type: 'action_completed', id: 'ac_1', action: 'add_to_cart', success: false },
    ]);
    assert.equal(failed.cart, undefined);
    const unknown = applyAll(assistantDraft(AT), [
      { type: 'action_started', id: 'ac_1', action: 'add_to_cart', data: { productId: 'p_1' } },
      { type: 'action_completed', id: 'ac_1', action: 'add_to_cart', success: true, result: { cartCount: 1 } },
    ]);
    assert.equal(unknown.cart, undefined);
  });

  it('the device cache keeps cards and quick replies, and reads them back', () => {
    const reply = applyAll(assistantDraft(AT), [
      { type: 'tool_call', id: 'tc_1', name: 'search_products', arguments: {}, products: [tote] },
      { type: 'chunk', content: 'Here.' },
      { type: 'completed', messageId: 'msg_1', suggestions: ['Yes'] },
    ]);
    const cached = toCached([reply], 200);
    assert.deepEqual(cached[0], {
      id: 'msg_1', role: 'assistant', content: 'Here.', feedback: null, createdAt: AT, products: [tote], suggestions: ['Yes'],
      chips: [{ id: 'tc_1', kind: 'tool', name: 'search_products', state: 'done' }],
    });
    const [restored] = fromCached(JSON.parse(JSON.stringify(cached)) as unknown[]);
    assert.deepEqual(restored!.products, [tote]);
    assert.deepEqual(restored!.suggestions, ['Yes']);
    // The proxy's history has no cards: the message on screen, with its cards, is kept.
    const [kept] = mergeHistory([restored!], [{ id: 'msg_1', role: 'assistant', content: 'Here.', feedback: null }]);
    assert.equal(kept, restored);
  });

  it("the cache's cards come back on the proxy's history that came first, and nothing else is rebuilt", () => {
    const history: HistoryMessage[] = [
      { id: 'msg_0', role: 'user', content: 'Totes?', feedback: null },
      { id: 'msg_1', role: 'assistant', content: 'Here.', feedback: null },
      { id: 'msg_2', role: 'user', content: 'Hi', feedback: null },
    ];
    const shown = history.map(fromHistory);
    const cached = [fromHistory(history[0]!), { ...fromHistory(history[1]!), products: [tote], suggestions: ['Yes'] }, fromHistory(history[2]!)];
    const merged = keepShown(shown, mergeHistory(cached, history));
    assert.deepEqual(merged[1]?.products, [tote]);
    assert.deepEqual(merged[1]?.suggestions, ['Yes']);
    assert.equal(merged[0], shown[0]);
    assert.equal(merged[2], shown[2]);
  });
});

describe('changing the log', () => {
  const question = frozen(userMessage('Totes?'));
  const reply = frozen({ ...assistantDraft(), content: 'Here' });
  const mark = (message: ChatMessage): ChatMessage => ({ ...message, content: `${message.content}!` });

  it('withLastReply changes the last message only when it is the agent\'s, and copies only the spine', () => {
    const log = Object.freeze([question, reply]);
    const next = withLastReply(log, mark);
    assert.notEqual(next, log);
    assert.equal(next[0], question);
    assert.equal(next[1]?.content, 'Here!');
    assert.equal(log[1]?.content, 'Here');
    const asked = Object.freeze([reply, question]);
    assert.equal(withLastReply(asked, mark), asked);
    const empty = Object.freeze([]);
    assert.equal(withLastReply(empty, mark), empty);
  });

  it('withMessage changes the message with that key and keeps the others', () => {
    const log = Object.freeze([question, reply]);
    const next = withMessage(log, question.key, mark);
    assert.equal(next[0]?.content, 'Totes?!');
    assert.equal(next[1], reply);
    assert.deepEqual(withMessage(log, 'no-such-key', mark), log);
  });
});
