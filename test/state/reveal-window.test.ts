import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { FIRST_REVEAL, FIRST_REVEAL_CHARS, REVEAL_STEP, firstRevealCount, hiddenAfterChange, revealStep } from '../../src/state/reveal-window.js';

describe('reveal window', () => {
  it('shows only the newest messages of a list that appears where none was rendered', () => {
    assert.equal(hiddenAfterChange(0, 0, 200), 200 - FIRST_REVEAL);
    assert.equal(hiddenAfterChange(0, 0, 200, 8), 192);
  });

  it('shows a short list whole', () => {
    assert.equal(hiddenAfterChange(0, 0, FIRST_REVEAL), 0);
    assert.equal(hiddenAfterChange(0, 0, 2), 0);
    assert.equal(hiddenAfterChange(0, 0, 0), 0);
  });

  it('keeps its progress when a message is added or the history is reconciled', () => {
    assert.equal(hiddenAfterChange(150, 200, 201), 150);
    assert.equal(hiddenAfterChange(150, 200, 200), 150);
    assert.equal(hiddenAfterChange(0, 200, 202), 0);
  });

  it('never hides the newest messages of a list that shrank', () => {
    assert.equal(hiddenAfterChange(150, 200, 60), 60 - FIRST_REVEAL);
    assert.equal(hiddenAfterChange(150, 200, 0), 0);
  });

  it('renders a list that appears after the welcome (nothing rendered) from its newest', () => {
    // Everything hidden counts as nothing rendered, too.
    assert.equal(hiddenAfterChange(5, 5, 100), 100 - FIRST_REVEAL);
  });

  it('reveals older messages a step at a time, down to none', () => {
    let hidden = hiddenAfterChange(0, 0, 200);
    const steps: number[] = [];
    while (hidden > 0) steps.push((hidden = revealStep(hidden)));
    assert.equal(steps.length, Math.ceil((200 - FIRST_REVEAL) / REVEAL_STEP));
    assert.equal(steps.at(-1), 0);
    assert.equal(revealStep(0), 0);
  });

  it('renders first only as many of the newest messages as fill a log', () => {
    const message = (length: number) => ({ content: 'x'.repeat(length) });
    // Long answers: the newest two hold a log's height.
    assert.equal(firstRevealCount(Array.from({ length: 200 }, () => message(FIRST_REVEAL_CHARS))), 2);
    // 900 + 20 + 600 characters reach it: the oldest stays for later.
    assert.equal(firstRevealCount([message(10), message(600), message(20), message(900)]), 3);
    // Short messages: never more than FIRST_REVEAL.
    assert.equal(firstRevealCount(Array.from({ length: 200 }, () => message(10))), FIRST_REVEAL);
    assert.equal(firstRevealCount([message(5)]), 1);
    assert.equal(firstRevealCount([]), 0);
    assert.equal(hiddenAfterChange(0, 0, 200, firstRevealCount(Array.from({ length: 200 }, () => message(800)))), 198);
  });
});
