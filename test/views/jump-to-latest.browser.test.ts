/**
 * Where the log stands while a reply arrives, end to end (simulator → proxy → widget): a long reply starts
 * at its top, a short one is followed to its end, and "Jump to latest" is offered while newer text is out
 * of view below.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import { clearAllSessions } from '../../src/storage/session-store.js';
import type { TotebotChat } from '../../src/totebot-chat.js';
import { pressKeys } from '../support/keyboard.js';
import { scriptNextReply } from '../support/simulator-script.js';

const $ = (element: TotebotChat, selector: string) => element.shadowRoot!.querySelector<HTMLElement>(selector);
const log = (element: TotebotChat) => $(element, '.messages')!;
const jump = (element: TotebotChat) => $(element, '[part="jump-button"]');
const lastReply = (element: TotebotChat) => [...element.shadowRoot!.querySelectorAll<HTMLElement>('.message.assistant')].at(-1)!;
const atEnd = (element: TotebotChat) => log(element).scrollHeight - log(element).scrollTop - log(element).clientHeight <= 2;
/** Where the reply's top is, from the top of the log's visible area (px). */
const replyTop = (element: TotebotChat) => lastReply(element).getBoundingClientRect().top - log(element).getBoundingClientRect().top;
const activePart = (element: TotebotChat) => element.shadowRoot!.activeElement?.getAttribute('part') ?? element.shadowRoot!.activeElement?.className ?? '';

const paragraphs = (count: number, from = 1) =>
  Array.from({ length: count }, (_, index) => `Paragraph ${from + index}: the canvas is waxed, the handles are leather, and it folds flat.`).join('\n\n');

async function inlineChat(attributes = ''): Promise<TotebotChat> {
  const element = await fixture<TotebotChat>(html`<totebot-chat mode="inline" agent-name="Tote" style="--totebot-inline-height: 420px"></totebot-chat>`);
  if (attributes) element.setAttribute('lang', attributes);
  await element.updateComplete;
  return element;
}

describe('the log while a reply arrives', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('a reply taller than the log starts at its top; Jump to latest is offered, by keyboard too, without taking focus', async () => {
    const element = await inlineChat();
    await scriptNextReply([
      { kind: 'text', text: paragraphs(14) },
      { kind: 'pause', ms: 1_500 },
      { kind: 'text', text: `\n\n${paragraphs(4, 15)}` },
      { kind: 'pause', ms: 1_500 },
      { kind: 'text', text: '\n\nThe end.' },
    ]);
    const textarea = $(element, 'textarea')!;
    textarea.focus();
    const sending = element.send('Tell me everything about the tote');
    await waitUntil(() => element.messages.at(-1)?.content.includes('Paragraph 14') && jump(element), 'held, with the offer', { timeout: 5_000 });
    await element.updateComplete;
    // The reply's first line is at the top of the log (less a small gap), and its end is out of view.
    expect(Math.round(replyTop(element))).to.be.within(0, 16);
    expect(atEnd(element)).to.equal(false);
    expect(jump(element)!.textContent!.trim()).to.equal('Jump to latest');
    expect(element.shadowRoot!.activeElement === textarea, 'focus stays in the message box').to.equal(true);
    await expect(element).shadowDom.to.be.accessible();

    // More text arrives: the reply stays where it is.
    await waitUntil(() => element.messages.at(-1)?.content.includes('Paragraph 18'), 'more text', { timeout: 5_000 });
    await element.updateComplete;
    expect(Math.round(replyTop(element))).to.be.within(0, 16);

    // Keyboard: Shift+Tab from the message box reaches the button (it comes after the log); Enter uses it.
    await pressKeys('Shift', 'Tab');
    expect(activePart(element)).to.equal('jump-button');
    await pressKeys('Enter');
    await element.updateComplete;
    expect([atEnd(element), jump(element) === null, activePart(element)]).to.deep.equal([true, true, 'messages']);
    // From then on the end is followed.
    await sending;
    await element.updateComplete;
    await waitUntil(() => atEnd(element), 'followed to the end');
    expect(lastReply(element).textContent).to.contain('The end.');
  });

  it('a reply that fits is followed to its end, with nothing offered', async () => {
    const element = await inlineChat();
    await element.send('hello');
    await element.send('hello again');
    await element.updateComplete;
    await waitUntil(() => atEnd(element), 'at the end');
    expect(jump(element)).to.equal(null);
  });

  it('a reader who scrolls up while text arrives is offered the way back, which it takes them', async () => {
    const element = await inlineChat();
    await element.send('hello');
    await element.send('hello again');
    await scriptNextReply([{ kind: 'text', text: 'A short start.' }, { kind: 'pause', ms: 1_000 }, { kind: 'text', text: ' And then some more.' }]);
    const sending = element.send('and?');
    await waitUntil(() => element.messages.at(-1)?.content === 'A short start.', 'the reply starts');
    await element.updateComplete;
    await waitUntil(() => atEnd(element), 'at the end');
    expect(jump(element)).to.equal(null);
    log(element).scrollTop = 0;
    await waitUntil(() => jump(element), 'offered as more text arrives', { timeout: 5_000 });
    expect(log(element).scrollTop).to.equal(0);
    jump(element)!.click();
    await element.updateComplete;
    expect([atEnd(element), jump(element) === null]).to.deep.equal([true, true]);
    await sending;
  });

  it('says it in the widget\'s language', async () => {
    const element = await inlineChat('de');
    await element.send('hello');
    await scriptNextReply([{ kind: 'text', text: paragraphs(14) }, { kind: 'pause', ms: 800 }, { kind: 'text', text: ' Ende.' }]);
    const sending = element.send('alles');
    await waitUntil(() => jump(element), 'offered', { timeout: 5_000 });
    expect(jump(element)!.textContent!.trim()).to.equal('Zum Neuesten springen');
    await sending;
  });

  it('right to left, its arrow is as far from the button\'s right edge as it is from the left edge left to right', async () => {
    /** The arrow's distance from the button's start edge. */
    const inset = async (lang: string) => {
      const element = await inlineChat(lang);
      await element.send('hello');
      await scriptNextReply([{ kind: 'text', text: paragraphs(14) }, { kind: 'pause', ms: 800 }, { kind: 'text', text: ' The end.' }]);
      const sending = element.send('everything');
      await waitUntil(() => jump(element), 'offered', { timeout: 5_000 });
      const button = jump(element)!.getBoundingClientRect();
      const arrow = jump(element)!.querySelector('svg')!.getBoundingClientRect();
      await sending;
      element.remove();
      return lang === 'ar' ? button.right - arrow.right : arrow.left - button.left;
    };
    expect(await inset('ar')).to.be.closeTo(await inset('en'), 0.5);
  });
});
