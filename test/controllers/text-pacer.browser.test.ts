/** The text pacer: a streaming reply shown frame by frame, a bounded amount per frame, and its finish() promise. */
import { expect, waitUntil } from '@open-wc/testing';
import { TextPacer } from '../../src/controllers/text-pacer.js';
import { assistantDraft, type ChatMessage } from '../../src/state/conversation.js';
import { REVEAL_CHARACTERS_PER_FRAME } from '../../src/state/reveal.js';
import { frames } from '../support/throwaway-host.js';

function setup() {
  const shown: ChatMessage[] = [];
  const pacer = new TextPacer((reply) => shown.push(reply));
  const draft = assistantDraft();
  pacer.start(draft);
  return { shown, pacer, draft };
}

describe('TextPacer', () => {
  it('shows nothing in the task an update comes in, and what arrived on a coming frame', async () => {
    const { shown, pacer, draft } = setup();
    pacer.update({ ...draft, content: 'Hello' });
    pacer.update({ ...draft, content: 'Hello there' });
    expect(shown).to.deep.equal([]);
    await waitUntil(() => shown.length > 0, 'a frame shows it');
    // Two updates in one frame: one showing.
    expect(shown.map((reply) => reply.content)).to.deep.equal(['Hello there']);
    expect(pacer.reply!.content).to.equal('Hello there');
  });

  it('spreads a burst over frames, at most a bounded number of characters each', async () => {
    const { shown, pacer, draft } = setup();
    const text = 'word '.repeat((REVEAL_CHARACTERS_PER_FRAME * 3) / 5);
    pacer.update({ ...draft, content: text });
    await waitUntil(() => shown.at(-1)?.content.length === text.length, 'all of it shows', { timeout: 4000 });
    expect(shown.length).to.be.at.least(3);
    let before = 0;
    for (const reply of shown) {
      expect(reply.content.length - before).to.be.at.most(REVEAL_CHARACTERS_PER_FRAME);
      before = reply.content.length;
    }
  });

  it('finish() resolves once all of the reply shows, its final state included', async () => {
    const { shown, pacer, draft } = setup();
    const text = 'x'.repeat(REVEAL_CHARACTERS_PER_FRAME * 2);
    pacer.update({ ...draft, content: text, status: 'complete' });
    let finished = false;
    const done = pacer.finish().then(() => (finished = true));
    await frames();
    expect(finished, 'not before the rest has shown').to.equal(false);
    await done;
    expect(shown.at(-1)).to.include({ content: text, status: 'complete' });
  });

  it('finish() shows the final state at once when the text already shows', async () => {
    const { shown, pacer, draft } = setup();
    pacer.update({ ...draft, content: 'Hi' });
    await waitUntil(() => shown.length === 1, 'the text shows');
    pacer.update({ ...draft, content: 'Hi', status: 'complete' });
    await pacer.finish();
    expect(shown.at(-1)).to.include({ content: 'Hi', status: 'complete' });
    expect(await Promise.race([new TextPacer(() => {}).finish().then(() => 'resolved'), frames().then(() => 'waiting')])).to.equal('resolved');
  });

  it('cancel() stops showing more and lets a pending finish() resolve', async () => {
    const { shown, pacer, draft } = setup();
    pacer.update({ ...draft, content: 'x'.repeat(REVEAL_CHARACTERS_PER_FRAME * 4) });
    const done = pacer.finish();
    pacer.cancel();
    await done;
    expect(pacer.reply).to.equal(undefined);
    const count = shown.length;
    await frames();
    await frames();
    expect(shown.length).to.equal(count);
    expect(shown.at(-1)?.content.length ?? 0).to.be.below(REVEAL_CHARACTERS_PER_FRAME * 4);
  });
});
