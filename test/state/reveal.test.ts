import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyStreamEvent, assistantDraft, type ChatMessage } from '../../src/state/conversation.js';
import { nextRevealLength, REVEAL_CHARACTERS_PER_FRAME, revealed } from '../../src/state/reveal.js';

const AT = '2026-11-24T10:00:00.000Z';

/** Every length the frames show, from nothing to all of `text`. */
function frames(text: string, budget?: number): number[] {
  const lengths: number[] = [];
  for (let shown = 0; shown < text.length; ) {
    const next = nextRevealLength(text, shown, budget);
    assert.ok(next > shown, `progress from ${shown}`);
    lengths.push((shown = next));
  }
  return lengths;
}

describe('nextRevealLength', () => {
  it('shows all of a short backlog in one frame', () => {
    assert.equal(nextRevealLength('Hello there', 0), 11);
    assert.equal(nextRevealLength('x'.repeat(REVEAL_CHARACTERS_PER_FRAME), 0), REVEAL_CHARACTERS_PER_FRAME);
    assert.equal(nextRevealLength('x'.repeat(1000 + REVEAL_CHARACTERS_PER_FRAME), 1000), 1000 + REVEAL_CHARACTERS_PER_FRAME);
  });

  it('spreads a burst over frames of at most the budget each, whatever arrived at once', () => {
    const text = 'word '.repeat(20_000);
    const lengths = frames(text);
    assert.equal(lengths.at(-1), text.length);
    assert.equal(lengths.length, Math.ceil(text.length / REVEAL_CHARACTERS_PER_FRAME));
    lengths.reduce((previous, length) => {
      assert.ok(length - previous <= REVEAL_CHARACTERS_PER_FRAME, `frame ending at ${length} shows ${length - previous}`);
      return length;
    }, 0);
  });

  it('costs a frame the same however long the reply already is', () => {
    const budget = 100;
    assert.equal(nextRevealLength('a'.repeat(1_000_000), 0, budget), 100);
    assert.equal(nextRevealLength('a'.repeat(1_000_000), 900_000, budget), 900_100);
  });

  it('never ends a frame between the halves of a surrogate pair', () => {
    const text = '😀'.repeat(50);
    for (const budget of [1, 2, 3, 7, 10]) {
      for (const length of frames(text, budget)) {
        const code = text.charCodeAt(length - 1);
        assert.ok(code < 0xd800 || code > 0xdbff, `budget ${budget}: frame ending at ${length} splits an emoji`);
      }
    }
  });

  it('has nothing more to show once all of the text shows', () => {
    assert.equal(nextRevealLength('done', 4), 4);
    assert.equal(nextRevealLength('', 0), 0);
  });
});

describe('revealed', () => {
  const complete: ChatMessage = applyStreamEvent(applyStreamEvent(assistantDraft(AT), { type: 'chunk', content: 'Hello **world**' }), {
    type: 'completed',
    messageId: 'msg_1',
    content: '',
  });

  it('is the reply itself once all of its text shows', () => {
    assert.equal(revealed(complete, complete.content.length), complete);
    assert.equal(revealed(complete, complete.content.length + 10), complete);
  });

  it('shows a prefix of the text, still streaming, until the last words show', () => {
    const partial = revealed(complete, 5);
    assert.equal(partial.content, 'Hello');
    assert.equal(partial.status, 'streaming');
    assert.equal(partial.key, complete.key);
    assert.equal(complete.status, 'complete', 'the reply as received is not changed');
  });

  it('keeps a failed reply\'s error for when its text has all shown', () => {
    const failed: ChatMessage = { ...complete, status: 'error', error: { code: 'upstream_error', message: 'x' } };
    const partial = revealed(failed, 3);
    assert.equal(partial.status, 'streaming');
    assert.equal(partial.error, undefined);
    assert.deepEqual(revealed(failed, failed.content.length).error, { code: 'upstream_error', message: 'x' });
  });
});
