/**
 * Direction and scrolling as a shopper on a store page meets them: a message reads in its own
 * direction whatever the widget's language, and the screen-reader labels never give the panel a
 * scroll area of its own.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { TotebotChat } from '../src/totebot-chat.js';
import { clearAllSessions } from '../src/storage/session-store.js';

const $$ = (element: TotebotChat, selector: string) => [...element.shadowRoot!.querySelectorAll<HTMLElement>(selector)];

async function inlineChat(lang: string): Promise<TotebotChat> {
  const element = await fixture<TotebotChat>(html`<totebot-chat mode="inline" lang=${lang} agent-name="Tote"></totebot-chat>`);
  await waitUntil(() => element.shadowRoot!.querySelector('textarea'), 'the panel has rendered');
  return element;
}

describe('messages in their own direction', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('shows an English question left to right in an Arabic widget', async () => {
    const element = await inlineChat('ar');
    // The Arabic table has arrived: the hidden speaker label, the first text in the bubble, is Arabic.
    await waitUntil(() => element.shadowRoot!.querySelector('textarea')!.placeholder !== 'Ask a question…', 'the Arabic texts');
    await element.send('Do you have a blue tote?');
    await element.updateComplete;
    const question = $$(element, '.message.user .bubble')[0]!;
    expect(getComputedStyle(question).direction).to.equal('ltr');
    expect(question.textContent).to.equal('أنت: Do you have a blue tote?');
  });

  it('shows an Arabic question right to left in an English widget', async () => {
    const element = await inlineChat('en');
    await element.send('هل لديكم حقيبة زرقاء؟');
    await element.updateComplete;
    expect(getComputedStyle($$(element, '.message.user .bubble')[0]!).direction).to.equal('rtl');
  });

  it('lays out the message box in the direction of what is typed', async () => {
    const element = await inlineChat('en');
    const box = element.shadowRoot!.querySelector('textarea')!;
    box.value = 'مرحبا';
    box.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await element.updateComplete;
    expect(getComputedStyle(box).direction).to.equal('rtl');
  });

  it('lays out an empty message box in the widget\'s direction, and English typed into it left to right', async () => {
    const element = await inlineChat('ar');
    const box = element.shadowRoot!.querySelector('textarea')!;
    expect(getComputedStyle(box).direction).to.equal('rtl', 'empty: placeholder and caret start at the right');
    box.value = 'Hello';
    box.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await element.updateComplete;
    expect(getComputedStyle(box).direction).to.equal('ltr');
  });
});

describe('the panel\'s scroll area', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('stays the log\'s alone once the log is taller than the panel: the panel itself cannot scroll', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat open agent-name="Tote"></totebot-chat>`);
    await waitUntil(() => element.shadowRoot!.querySelector('textarea'), 'the panel has rendered');
    for (let turn = 0; turn < 8; turn += 1) await element.send(`Hello ${turn}`);
    await element.updateComplete;
    const log = element.shadowRoot!.querySelector<HTMLElement>('.messages')!;
    const panel = element.shadowRoot!.querySelector<HTMLElement>('section.panel')!;
    expect(log.scrollHeight).to.be.greaterThan(log.clientHeight);
    panel.scrollTop = 10_000;
    expect(panel.scrollTop).to.equal(0);
    expect(panel.scrollHeight).to.equal(panel.clientHeight);
    element.close();
  });
});

describe('right to left, the panel is the mirror image of left to right', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('the header keeps the avatar and its last button as far from their edges', async () => {
    /** The avatar's distance from the header's start edge, and the last button's from its end edge. */
    const insets = async (lang: string) => {
      const element = await inlineChat(lang);
      const [header, avatar, last] = ['.header', '.avatar', '.header .icon-button:last-child'].map((selector) => $$(element, selector)[0]!.getBoundingClientRect());
      element.remove();
      return lang === 'ar' ? [header!.right - avatar!.right, last!.left - header!.left] : [avatar!.left - header!.left, header!.right - last!.right];
    };
    const [rightToLeft, leftToRight] = [await insets('ar'), await insets('en')];
    // Within half a pixel: Firefox and WebKit lay out in fractions of a pixel.
    rightToLeft.forEach((inset, index) => expect(inset).to.be.closeTo(leftToRight[index]!, 0.5));
  });
});
