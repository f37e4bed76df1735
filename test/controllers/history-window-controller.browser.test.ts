/** The history window with a throwaway host: a restored history renders newest first, then the older messages a step at a time. */
import { expect, waitUntil } from '@open-wc/testing';
import { HistoryWindowController } from '../../src/controllers/history-window-controller.js';
import { userMessage, type ChatMessage } from '../../src/state/conversation.js';
import { FIRST_REVEAL, REVEAL_STEP } from '../../src/state/reveal-window.js';
import { frames, ThrowawayHost } from '../support/throwaway-host.js';

const messages = (count: number, from = 0): ChatMessage[] => Array.from({ length: count }, (_, index) => userMessage(`message ${from + index}`));

function setup() {
  const host = new ThrowawayHost();
  const state = { messages: [] as readonly ChatMessage[] };
  const window = new HistoryWindowController(host, () => state.messages);
  host.connect();
  /** Each update's rendered count, as the element would render them. */
  const counts: number[] = [];
  host.addController({ hostUpdated: () => counts.push(window.rendered.length) });
  return { host, state, window, counts };
}

describe('HistoryWindowController', () => {
  it('renders the newest messages of a restored history first, then the older ones a step per task, in order', async () => {
    const { host, state, window, counts } = setup();
    const history = messages(FIRST_REVEAL + REVEAL_STEP * 2 + 5);
    state.messages = history;
    host.update();
    expect(window.rendered).to.deep.equal(history.slice(-FIRST_REVEAL));
    await waitUntil(() => window.rendered.length === history.length, 'all of it, step by step', { timeout: 4000 });
    await host.updateComplete;
    expect(counts.filter((count, index) => count !== counts[index - 1])).to.deep.equal([
      FIRST_REVEAL,
      FIRST_REVEAL + REVEAL_STEP,
      FIRST_REVEAL + REVEAL_STEP * 2,
      history.length,
    ]);
    expect(window.rendered).to.deep.equal(history);
  });

  it('renders a message added to a fully rendered list at once (a sent message, a streamed frame)', async () => {
    const { host, state, window } = setup();
    state.messages = messages(3);
    host.update();
    expect(window.rendered).to.have.length(3);
    state.messages = [...state.messages, ...messages(50, 3)];
    const requested = host.updatesRequested;
    host.update();
    expect(window.rendered).to.have.length(53);
    await frames();
    expect(host.updatesRequested, 'no step to take').to.equal(requested);
  });

  it('renders everything at the next update once the host leaves, with no step left pending', async () => {
    const { host, state, window } = setup();
    await host.updateComplete;
    state.messages = messages(100);
    host.update();
    expect(window.rendered).to.have.length(FIRST_REVEAL);
    host.disconnect();
    const requested = host.updatesRequested;
    await frames();
    await frames();
    expect(host.updatesRequested, 'no step after leaving').to.equal(requested);
    expect(window.rendered).to.have.length(100);
  });
});
