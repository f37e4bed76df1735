/**
 * open({ message, send }): a page's "Questions about this product?" button puts a message in the
 * box, or sends it, once, when the panel is ready.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import { applyOpenOptions, type Composer } from '../../src/panel/open-options.js';
import { clearAllSessions } from '../../src/storage/session-store.js';
import type { TotebotChat } from '../../src/totebot-chat.js';

const $ = <T extends Element = HTMLElement>(element: TotebotChat, selector: string) => element.shadowRoot!.querySelector<T>(selector);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function simulatorRecord(conversationId: string) {
  const response = await fetch(`/__simulator/conversations/${conversationId}`);
  return (await response.json()) as { messages: { role: string; content: string }[] };
}

/** A composer that records what it was asked. */
function recordingComposer() {
  const calls: string[] = [];
  const composer: Composer = {
    setDraft: (draft) => void calls.push(`draft:${draft}`),
    focusInput: async () => void calls.push('focus'),
    send: async (message) => void calls.push(`send:${message}`),
  };
  return { composer, calls };
}

describe('applyOpenOptions', () => {
  const cases: [string, Parameters<typeof applyOpenOptions>[1], string[]][] = [
    ['nothing', {}, []],
    ['a blank message', { message: '  \n ' }, []],
    ['a blank message to send', { message: ' ', send: true }, []],
    ['a message, as written', { message: 'About the Blue Tote: ' }, ['draft:About the Blue Tote: ', 'focus']],
    ['a message to send, trimmed', { message: '  Is it washable? ', send: true }, ['send:Is it washable?']],
    ['send: false', { message: 'Hi', send: false }, ['draft:Hi', 'focus']],
  ];
  for (const [name, options, expected] of cases) {
    it(`with ${name}: ${expected.join(', ') || 'does nothing'}`, async () => {
      const { composer, calls } = recordingComposer();
      await applyOpenOptions(composer, options);
      expect(calls).to.deep.equal(expected);
    });
  }
});

describe('open({ message, send })', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('open({ message }) opens with the message in the box and focus on it, and sends nothing', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat agent-name="Tote"></totebot-chat>`);
    const sent: string[] = [];
    element.addEventListener('totebot-send', (event) => sent.push(event.detail.text));
    element.open({ message: 'I have a question about the Blue Canvas Tote: ' });
    // The first panel of this page: its modules load now.
    await waitUntil(() => $<HTMLTextAreaElement>(element, 'textarea')?.value === 'I have a question about the Blue Canvas Tote: ', 'the box is filled', { timeout: 5000 });
    expect(element.opened).to.equal(true);
    await waitUntil(() => element.shadowRoot!.activeElement?.tagName === 'TEXTAREA', 'focus in the box');
    expect($<HTMLButtonElement>(element, 'button.send')!.disabled).to.equal(false);
    await sleep(300);
    expect(sent).to.deep.equal([]);
    expect(element.messages.length).to.equal(0);
    await expect(element).shadowDom.to.be.accessible();
    element.close();
  });

  it('open({ message }) on an open panel replaces the unsent draft', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat agent-name="Tote" open></totebot-chat>`);
    await waitUntil(() => $(element, 'textarea'), 'the box', { timeout: 5000 });
    const box = $<HTMLTextAreaElement>(element, 'textarea')!;
    box.value = 'something I was typing';
    box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await element.updateComplete;
    element.open({ message: 'Do you ship to Canada?' });
    await waitUntil(() => $<HTMLTextAreaElement>(element, 'textarea')!.value === 'Do you ship to Canada?', 'the new message');
    expect(element.opened).to.equal(true);
    element.close();
  });

  it('open({ message, send: true }) sends it once the panel is ready, exactly once', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat agent-name="Tote"></totebot-chat>`);
    const sent: string[] = [];
    element.addEventListener('totebot-send', (event) => sent.push(event.detail.text));
    element.open({ message: '  Do you have a blue tote? ', send: true });
    await waitUntil(() => element.messages.at(-1)?.role === 'assistant' && element.messages.at(-1)?.status === 'complete', 'the reply', { timeout: 8000 });
    await sleep(300);
    expect(sent).to.deep.equal(['Do you have a blue tote?']);
    expect(element.messages.filter((message) => message.role === 'user').map((message) => message.content)).to.deep.equal(['Do you have a blue tote?']);
    const record = await simulatorRecord(element.conversationId!);
    expect(record.messages.filter((message) => message.role === 'user').map((message) => message.content)).to.deep.equal(['Do you have a blue tote?']);
    expect($<HTMLTextAreaElement>(element, 'textarea')!.value).to.equal('');
    element.close();
  });

  it('open({ message: \'\' }) only opens, leaving the draft as it was', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat agent-name="Tote" open></totebot-chat>`);
    await waitUntil(() => $(element, 'textarea'), 'the box', { timeout: 5000 });
    const box = $<HTMLTextAreaElement>(element, 'textarea')!;
    box.value = 'kept';
    box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    element.close();
    element.open({ message: '   ' });
    await element.updateComplete;
    await sleep(100);
    expect(element.opened).to.equal(true);
    expect($<HTMLTextAreaElement>(element, 'textarea')!.value).to.equal('kept');
    element.close();
  });
});
