/**
 * A message as the shopper sees it, end to end (simulator → proxy → widget): how it enters the log, a
 * reply's bubble while it streams, its rating, which can be withdrawn, and the "Thanks" that follows one.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/index.js';
import type { TotebotEventDetails } from '../../src/events.js';
import { clearAllSessions } from '../../src/storage/session-store.js';
import type { TotebotChat } from '../../src/totebot-chat.js';
import { reloadChat } from '../support/chat-reload.js';
import { scriptNextReply } from '../support/simulator-script.js';

const $$ = (element: TotebotChat, selector: string) => [...element.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const lastReply = (element: TotebotChat) => $$(element, '.message.assistant').at(-1)!;

async function inlineChat(): Promise<TotebotChat> {
  const element = await fixture<TotebotChat>(html`<totebot-chat mode="inline" agent-name="Tote" style="--totebot-inline-height: 560px"></totebot-chat>`);
  await element.updateComplete;
  return element;
}

/** The same page loaded again (see support/chat-reload.ts). */
const reload = (element: TotebotChat, stored?: (messages: readonly unknown[]) => boolean) => reloadChat(element, inlineChat, stored);

async function simulatorFeedback(element: TotebotChat, messageId: string): Promise<string | null> {
  const response = await fetch(`/__simulator/conversations/${element.conversationId}`);
  const { messages } = (await response.json()) as { messages: { id: string; feedback: string | null }[] };
  return messages.find((message) => message.id === messageId)!.feedback;
}

describe('feedback', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('says thanks once a rating is taken; pressing the pressed thumb withdraws it, on this device, across a reload', async () => {
    const element = await inlineChat();
    const events: TotebotEventDetails['totebot-feedback'][] = [];
    element.addEventListener('totebot-feedback', (event) => events.push(event.detail));
    await element.send('hello');
    await element.updateComplete;
    const messageId = element.messages[1]!.id!;
    const helpful = () => lastReply(element).querySelector<HTMLButtonElement>('button[aria-label="Helpful"]')!;
    const thanks = () => lastReply(element).querySelector('[part="feedback"] [role="status"]')!;
    // The status line is in place, empty, before the rating: a live region announces what is added to it.
    expect(thanks().textContent).to.equal('');

    helpful().click();
    await waitUntil(() => thanks().textContent === 'Thanks for your feedback', 'thanked');
    expect(helpful().getAttribute('aria-pressed')).to.equal('true');
    expect(await simulatorFeedback(element, messageId)).to.equal('POSITIVE');
    await expect(element).shadowDom.to.be.accessible();

    helpful().click();
    await waitUntil(() => events.length === 2, 'withdrawn');
    await element.updateComplete;
    expect(events).to.deep.equal([
      { messageId, value: 'POSITIVE' },
      { messageId, value: null },
    ]);
    expect(helpful().getAttribute('aria-pressed')).to.equal('false');
    expect(thanks().textContent).to.equal('');
    // The API has no way to clear a rating, and the opposite one is never sent in its place.
    expect(await simulatorFeedback(element, messageId)).to.equal('POSITIVE');

    const next = await reload(element, (messages) => JSON.stringify(messages).includes('"withdrawnFeedback":"POSITIVE"'));
    const buttons = lastReply(next).querySelectorAll('[part="feedback-button"]');
    expect([...buttons].map((button) => button.getAttribute('aria-pressed'))).to.deep.equal(['false', 'false']);
  });
});

describe('a reply while it streams', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('keeps its bubble\'s width as text arrives: the whole width from its first word', async () => {
    const element = await inlineChat();
    await scriptNextReply([
      { kind: 'text', text: 'Hi' },
      { kind: 'pause', ms: 600 },
      { kind: 'text', text: ' there. Here is a sentence long enough to wrap onto a second line in the bubble, and a little more.' },
      { kind: 'pause', ms: 600 },
      { kind: 'text', text: '\n\n| a |\n| - |\n| b |' },
      { kind: 'pause', ms: 600 },
      { kind: 'text', text: '\n\nDone.' },
    ]);
    const sending = element.send('hello');
    const widthWhen = async (shown: (content: string) => boolean, label: string) => {
      await waitUntil(() => element.messages.length === 2 && shown(element.messages[1]!.content) && lastReply(element)?.querySelector('.bubble'), label);
      await element.updateComplete;
      const reply = lastReply(element);
      expect(reply.getAttribute('aria-busy'), label).to.equal('true');
      return reply.querySelector('.bubble')!.getBoundingClientRect().width;
    };
    const widths = [
      await widthWhen((content) => content === 'Hi', 'the first word'),
      await widthWhen((content) => content.endsWith('more.'), 'a paragraph that wraps'),
      await widthWhen((content) => content.endsWith('| b |'), 'a narrow table after it'),
    ];
    // The whole width the message gives it.
    const message = lastReply(element);
    const style = getComputedStyle(message);
    const available = message.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    expect(widths.map((width) => Math.round(width))).to.deep.equal(widths.map(() => Math.round(available)));
    await sending;
  });
});

describe('messages entering the log', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  /** Each message's animation as the styles give it: its name and its duration in ms. */
  const motion = (element: TotebotChat) =>
    $$(element, 'article.message:not(.welcome)').map((article) => {
      const style = getComputedStyle(article);
      return { role: article.classList.contains('user') ? 'user' : 'assistant', name: style.animationName, ms: parseFloat(style.animationDuration) * 1000 };
    });

  it('a new question and its reply fade in briefly; a history restored on load does not', async () => {
    const element = await inlineChat();
    await element.send('hello');
    await element.updateComplete;
    const entered = motion(element);
    expect(entered.map(({ role, name }) => `${role}:${name}`)).to.deep.equal(['user:enter', 'assistant:enter']);
    expect(entered.every(({ ms }) => ms > 0 && ms <= 200), JSON.stringify(entered)).to.equal(true);

    const next = await reload(element);
    expect(motion(next).map(({ role, name }) => `${role}:${name}`)).to.deep.equal(['user:none', 'assistant:none']);
    // The next turn on that page enters with motion again, and only it.
    await next.send('hello again');
    await next.updateComplete;
    expect(motion(next).map(({ name }) => name)).to.deep.equal(['none', 'none', 'enter', 'enter']);
  });

  it('none where the reader asks for reduced motion', async () => {
    // The motion is only in the no-preference query, in every engine:
    const root = (await inlineChat()).shadowRoot!;
    const rules = root.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules]);
    const holders = rules.filter((rule) => rule.cssText.includes('.message.enter'));
    expect(holders.map((rule) => (rule as CSSMediaRule).conditionText?.replace(/\s/g, ''))).to.deep.equal(['(prefers-reduced-motion:no-preference)']);
    // and, where the test runner can emulate the preference, what the reader then gets (a WebDriver session,
    // WebKit's here, cannot: the runner logs that it refused, and the check above stands alone):
    try {
      await emulateMedia({ reducedMotion: 'reduce' });
    } catch {
      return;
    }
    try {
      const element = await inlineChat();
      await element.send('hello');
      await element.updateComplete;
      expect(motion(element).map(({ name }) => name)).to.deep.equal(['none', 'none']);
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });
});
