/**
 * What a shopping agent writes all day, streamed a few characters at a time
 * through simulator → proxy → widget: codes, ids, e-mail addresses and sums must
 * read exactly as written, and CommonMark's emphasis rules decide the rest.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { TotebotChat } from '../../src/totebot-chat.js';
import { clearAllSessions } from '../../src/storage/session-store.js';
import { streamReply } from '../support/stream-reply.js';

interface Case {
  text: string;
  /** The reply's text as the shopper reads (and copies) it. */
  reads: string;
  /** Elements the reply has, as `tag:text`, in document order. */
  elements?: string[];
}

const CASES: Case[] = [
  { text: 'Use code SUMMER_SALE at checkout.', reads: 'Use code SUMMER_SALE at checkout.' },
  { text: 'Use code SAVE_20_NOW for 20% off.', reads: 'Use code SAVE_20_NOW for 20% off.' },
  { text: 'Write to ana_b@example.com about returns.', reads: 'Write to ana_b@example.com about returns.', elements: ['a:ana_b@example.com'] },
  { text: 'Your order ORD_2024_0042 ships today.', reads: 'Your order ORD_2024_0042 ships today.' },
  { text: 'SKU TB_BLUE_01 is back in stock.', reads: 'SKU TB_BLUE_01 is back in stock.' },
  { text: 'Only Size_M and Size_L are left.', reads: 'Only Size_M and Size_L are left.' },
  { text: 'Set gift_wrap_option and snake_case_name.', reads: 'Set gift_wrap_option and snake_case_name.' },
  { text: 'Ask for _SUMMER_SALE_ at the till.', reads: 'Ask for SUMMER_SALE at the till.', elements: ['em:SUMMER_SALE'] },
  { text: 'It is a * b, not a*b.', reads: 'It is a * b, not a*b.' },
  { text: 'Only $5*2 = $10 today.', reads: 'Only $5*2 = $10 today.' },
  // CommonMark: * may emphasise within a word (5*6*78 is 5<em>6</em>78); _ never does.
  { text: '2*3*4', reads: '234', elements: ['em:3'] },
  { text: '2_3_4', reads: '2_3_4' },
  { text: '**bold**_x_', reads: 'boldx', elements: ['strong:bold', 'em:x'] },
  // Strikethrough takes two tildes: one is "about" or a range, and reads as written.
  { text: 'Sizes 36~38 and 40~42 are in stock.', reads: 'Sizes 36~38 and 40~42 are in stock.' },
  { text: 'Delivery in 2~3 days, returns within 5~7 days.', reads: 'Delivery in 2~3 days, returns within 5~7 days.' },
  { text: 'Use code SAVE~20~OFF today.', reads: 'Use code SAVE~20~OFF today.' },
  { text: 'It is ~$20 or ~$25 with *gift wrap*.', reads: 'It is ~$20 or ~$25 with gift wrap.', elements: ['em:gift wrap'] },
  { text: 'Now $40 (was ~~$50~~).', reads: 'Now $40 (was $50).', elements: ['s:$50'] },
  { text: 'Sizes 36~38 are sold out, but **40~42** are in stock.', reads: 'Sizes 36~38 are sold out, but 40~42 are in stock.', elements: ['strong:40~42'] },
  { text: 'Use 2~3 _drops of oil~ a week_.', reads: 'Use 2~3 drops of oil~ a week.', elements: ['em:drops of oil~ a week'] },
  { text: 'Use `SUMMER_SALE` or __SAVE_20_NOW__.', reads: 'Use SUMMER_SALE or SAVE_20_NOW.', elements: ['code:SUMMER_SALE', 'strong:SAVE_20_NOW'] },
];

function elementsOf(reply: HTMLElement): string[] {
  return [...reply.querySelectorAll('em, strong, code, a, s')].map((node) => `${node.tagName.toLowerCase()}:${node.textContent}`);
}

describe('chat-shaped replies, streamed through the widget', function () {
  this.timeout(30_000);
  let element: TotebotChat;

  before(async () => {
    await clearAllSessions();
    element = await fixture<TotebotChat>(html`<totebot-chat mode="inline"></totebot-chat>`);
  });

  for (const { text, reads, elements = [] } of CASES) {
    it(`${JSON.stringify(text)} reads ${JSON.stringify(reads)}`, async () => {
      const reply = await streamReply(element, text);
      expect(reply.textContent).to.equal(reads);
      expect(elementsOf(reply)).to.deep.equal(elements);
      // What the shopper copies: the selected text of the reply.
      const range = document.createRange();
      range.selectNodeContents(reply);
      expect(range.toString()).to.equal(reads);
    });
  }

  it('breaks the line where the agent wrote <br>: in a paragraph, a table cell, on a line of its own; any other tag stays text', async () => {
    const reply = await streamReply(
      element,
      'Fits a 15-inch laptop<br>or a 14-inch one.\n\n| Size | Fits |\n| --- | --- |\n| M | 13-inch<br/>14-inch<BR /> |\n\n<br>\n\n  <br/>  \n\n' +
        'Ask <b>me</b>, not <br onclick="alert(1)"> or <br class="x">.',
    );
    const [first, last] = [reply.querySelector('p')!, reply.querySelector('p:last-of-type')!];
    expect(first.innerHTML).to.equal('Fits a 15-inch laptop<br>or a 14-inch one.');
    expect(reply.querySelector('tbody td:last-child')!.innerHTML).to.equal('13-inch<br>14-inch<br>');
    expect([...reply.querySelectorAll('p')].filter((p) => p.innerHTML === '<br>')).to.have.length(2);
    expect(last.textContent).to.equal('Ask <b>me</b>, not <br onclick="alert(1)"> or <br class="x">.');
    expect(last.children.length).to.equal(0);
    expect([...reply.querySelectorAll('br')].every((br) => br.attributes.length === 0)).to.equal(true);
  });

  for (const code of ['SUMMER_SALE', 'SAVE~20~OFF']) {
    it(`renders the discount code ${code} as one run of text, nothing inside it`, async () => {
      const reply = await streamReply(element, `Use code ${code} at checkout.`);
      const texts = [...reply.querySelectorAll('p')].flatMap((p) => [...p.childNodes]);
      expect(texts.map((node) => node.nodeType)).to.deep.equal([Node.TEXT_NODE]);
      await waitUntil(() => element.messages.at(-1)?.status === 'complete');
    });
  }
});
