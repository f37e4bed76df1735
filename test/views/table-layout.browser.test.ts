/** A table in a narrow reply keeps its words whole: its own box scrolls sideways instead. */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { TotebotChat } from '../../src/totebot-chat.js';
import { clearAllSessions } from '../../src/storage/session-store.js';
import { scriptNextReply } from '../support/simulator-script.js';

const TABLE = [
  '| Material | Capacity | Weight | Colour |',
  '| --- | --- | --- | --- |',
  '| Recycled PET | 18 litres | 420 grams | Midnight blue |',
  '| Organic cotton | 22 litres | 510 grams | Natural |',
].join('\n');

/** Each word of the element's text, as the line boxes it was laid out in. */
function wordBoxes(cell: Element): { word: string; lines: number }[] {
  const text = cell.firstChild!;
  const content = text.textContent!;
  const words: { word: string; lines: number }[] = [];
  for (const match of content.matchAll(/\S+/g)) {
    const range = document.createRange();
    range.setStart(text, match.index!);
    range.setEnd(text, match.index! + match[0].length);
    const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
    words.push({ word: match[0], lines: tops.size });
  }
  return words;
}

describe('a table in a narrow reply', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  for (const width of [280, 360]) {
    it(`keeps every word of its cells whole at ${width} px, and scrolls sideways`, async () => {
      const element = await fixture<TotebotChat>(html`<totebot-chat mode="inline" agent-name="Tote" style="width: ${width}px"></totebot-chat>`);
      await scriptNextReply([{ kind: 'text', text: TABLE }]);
      await element.send('Compare the totes');
      await element.updateComplete;
      const cells = () => [...element.shadowRoot!.querySelectorAll('.markdown th, .markdown td')];
      await waitUntil(() => cells().length === 12, 'the table shows', { timeout: 5_000 });
      const broken = cells().flatMap(wordBoxes).filter(({ lines }) => lines > 1);
      expect(broken, 'words laid out over more than one line').to.deep.equal([]);
      // The table's own box scrolls, reachable by keyboard; the bubble around it does not.
      const box = element.shadowRoot!.querySelector<HTMLElement>('.markdown .table-scroll')!;
      expect(box.scrollWidth).to.be.greaterThan(box.clientWidth);
      expect(box.tabIndex).to.equal(0);
      const bubble = element.shadowRoot!.querySelector<HTMLElement>('.message.assistant .bubble')!;
      expect(bubble.scrollWidth).to.equal(bubble.clientWidth);
      await expect(element).shadowDom.to.be.accessible();
    });
  }
});
