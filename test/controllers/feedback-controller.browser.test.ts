/** The feedback controller with a throwaway host: rate, withdraw by pressing again, thanks for a while, one change at a time. */
import { expect, waitUntil } from '@open-wc/testing';
import { FeedbackController, THANKS_MS } from '../../src/controllers/feedback-controller.js';
import type { FeedbackValue } from '../../src/protocol/events.js';
import { assistantDraft, type ChatMessage } from '../../src/state/conversation.js';
import { sleep, ThrowawayHost } from '../support/throwaway-host.js';

const reply = (feedback: FeedbackValue | null): ChatMessage => ({ ...assistantDraft(), id: 'msg_1', status: 'complete', feedback });

function setup(answer: (value: FeedbackValue | null) => Promise<boolean> = async () => true) {
  const host = new ThrowawayHost();
  const calls: (FeedbackValue | null)[] = [];
  const events: unknown[] = [];
  host.addEventListener('totebot-feedback', (event) => events.push((event as CustomEvent).detail));
  const controller = new FeedbackController(host, (_key, value) => {
    calls.push(value);
    return answer(value);
  });
  host.connect();
  return { host, controller, calls, events };
}

describe('FeedbackController', () => {
  it('a thumb rates; the thumb already pressed withdraws the rating, and the page hears null', async () => {
    const { controller, calls, events } = setup();
    controller.press(reply(null), 'POSITIVE');
    await waitUntil(() => events.length === 1);
    controller.press(reply('POSITIVE'), 'POSITIVE');
    await waitUntil(() => events.length === 2);
    controller.press(reply(null), 'NEGATIVE');
    await waitUntil(() => events.length === 3);
    expect(calls).to.deep.equal(['POSITIVE', null, 'NEGATIVE']);
    expect(events).to.deep.equal([
      { messageId: 'msg_1', value: 'POSITIVE' },
      { messageId: 'msg_1', value: null },
      { messageId: 'msg_1', value: 'NEGATIVE' },
    ]);
  });

  it('thanks for a rating the proxy took, for a few seconds; not for a withdrawal or a refused rating', async () => {
    let stands = true;
    const { controller, host, events } = setup(async () => stands);
    const message = reply(null);
    controller.press(message, 'POSITIVE');
    await waitUntil(() => controller.thanked === message.key, 'thanked');
    const updates = host.updatesRequested;
    controller.press({ ...message, feedback: 'POSITIVE' }, 'POSITIVE');
    await waitUntil(() => events.length === 2);
    expect(controller.thanked).to.equal(undefined);
    expect(host.updatesRequested).to.be.greaterThan(updates);
    stands = false;
    controller.press(message, 'NEGATIVE');
    await sleep(50);
    expect([controller.thanked, events.length]).to.deep.equal([undefined, 2]);
    stands = true;
    controller.press(message, 'NEGATIVE');
    await waitUntil(() => controller.thanked === message.key, 'thanked again');
    await sleep(THANKS_MS + 100);
    expect(controller.thanked).to.equal(undefined);
  });

  it('ignores a second press on a reply while the proxy has not answered the first', async () => {
    let answer!: (stands: boolean) => void;
    const { controller, calls, events } = setup(() => new Promise((resolve) => (answer = resolve)));
    const message = reply(null);
    const rated = { ...message, feedback: 'POSITIVE' as const };
    controller.press(message, 'POSITIVE');
    controller.press(rated, 'POSITIVE');
    controller.press(rated, 'NEGATIVE');
    expect(calls).to.deep.equal(['POSITIVE']);
    answer(true);
    await waitUntil(() => events.length === 1);
    controller.press(rated, 'NEGATIVE');
    expect(calls).to.deep.equal(['POSITIVE', 'NEGATIVE']);
  });

  it('a reply without an id cannot be rated', () => {
    const { controller, calls } = setup();
    controller.press({ ...assistantDraft(), status: 'complete' }, 'POSITIVE');
    expect(calls).to.deep.equal([]);
  });
});
