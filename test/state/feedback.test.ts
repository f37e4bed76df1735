import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { FeedbackValue } from '../../src/protocol/events.js';
import { fromCached, toCached } from '../../src/state/cached-messages.js';
import { fromHistory, type ChatMessage } from '../../src/state/conversation.js';
import { rate, revertRating, withHistoryRating } from '../../src/state/feedback.js';
import { keepShown, mergeHistory } from '../../src/state/merge-history.js';

const reply = (feedback: FeedbackValue | null = null): ChatMessage => fromHistory({ id: 'msg_1', role: 'assistant', content: 'Yes.', feedback });
const ratingOf = ({ feedback, withdrawnFeedback, feedbackFailed }: ChatMessage) => ({ feedback, withdrawnFeedback, feedbackFailed });

describe('rate', () => {
  it('rates, and withdrawing keeps the rating the agent still holds', () => {
    const rated = rate(reply(), 'POSITIVE');
    assert.deepEqual(ratingOf(rated), { feedback: 'POSITIVE', withdrawnFeedback: undefined, feedbackFailed: false });
    const withdrawn = rate(rated, null);
    assert.deepEqual(ratingOf(withdrawn), { feedback: null, withdrawnFeedback: 'POSITIVE', feedbackFailed: false });
    // Withdrawn twice: still the agent's rating that is remembered.
    assert.equal(rate(withdrawn, null).withdrawnFeedback, 'POSITIVE');
    // Rated again: the agent holds that one now.
    assert.deepEqual(ratingOf(rate(withdrawn, 'NEGATIVE')), { feedback: 'NEGATIVE', withdrawnFeedback: undefined, feedbackFailed: false });
    assert.equal('withdrawnFeedback' in rate(reply(), null), false, 'nothing rated, nothing to remember');
  });

  it('a refused rating goes back to what was shown before, withdrawn or not, with the notice', () => {
    const withdrawn = rate(rate(reply(), 'POSITIVE'), null);
    assert.deepEqual(ratingOf(revertRating(rate(withdrawn, 'NEGATIVE'), withdrawn)), { feedback: null, withdrawnFeedback: 'POSITIVE', feedbackFailed: true });
    const rated = rate(reply(), 'POSITIVE');
    assert.deepEqual(ratingOf(revertRating(rate(rated, 'NEGATIVE'), rated)), { feedback: 'POSITIVE', withdrawnFeedback: undefined, feedbackFailed: true });
  });
});

describe('withHistoryRating', () => {
  const withdrawn = rate(rate(reply(), 'POSITIVE'), null);

  it('a rating withdrawn here stays withdrawn while the agent holds that same rating', () => {
    assert.equal(withHistoryRating(withdrawn, 'POSITIVE'), withdrawn);
  });

  it('a different rating from elsewhere is taken, and the withdrawal forgotten', () => {
    assert.deepEqual(ratingOf(withHistoryRating(withdrawn, 'NEGATIVE')), { feedback: 'NEGATIVE', withdrawnFeedback: undefined, feedbackFailed: false });
    assert.deepEqual(ratingOf(withHistoryRating(withdrawn, null)), { feedback: null, withdrawnFeedback: undefined, feedbackFailed: false });
  });

  it('a message without a withdrawal takes the proxy\'s rating, and keeps its object when nothing changes', () => {
    const shown = reply();
    assert.equal(withHistoryRating(shown, null), shown);
    assert.equal(withHistoryRating(shown, 'NEGATIVE').feedback, 'NEGATIVE');
  });

  it('survives a reload: the device\'s copy keeps the withdrawal, and the proxy\'s history does not undo it', () => {
    const history = [{ id: 'msg_0', role: 'user' as const, content: 'Blue?', feedback: null }, { id: 'msg_1', role: 'assistant' as const, content: 'Yes.', feedback: 'POSITIVE' as const }];
    const cached = fromCached(JSON.parse(JSON.stringify(toCached([fromHistory(history[0]!), withdrawn], 200))) as unknown[]);
    assert.deepEqual(ratingOf(cached[1]!), { feedback: null, withdrawnFeedback: 'POSITIVE', feedbackFailed: undefined });
    // The device's copy first, then the proxy's history.
    assert.equal(mergeHistory(cached, history)[1]!.feedback, null);
    // The proxy's history first, then the device's copy.
    const shown = history.map(fromHistory);
    assert.equal(keepShown(shown, mergeHistory(cached, history))[1]!.feedback, null);
  });

  it('a stored withdrawal is read only on a reply shown unrated, and only as POSITIVE or NEGATIVE', () => {
    const read = (fields: Record<string, unknown>) => fromCached([{ id: 'msg_1', role: 'assistant', content: 'Yes.', feedback: null, ...fields }])[0]!.withdrawnFeedback;
    assert.equal(read({ withdrawnFeedback: 'NEGATIVE' }), 'NEGATIVE');
    assert.equal(read({ withdrawnFeedback: 'positive' }), undefined);
    assert.equal(read({ withdrawnFeedback: 'NEGATIVE', feedback: 'POSITIVE' }), undefined);
    assert.equal(read({ withdrawnFeedback: 'NEGATIVE', role: 'user' }), undefined);
  });
});
