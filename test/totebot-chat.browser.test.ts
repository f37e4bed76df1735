import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { TotebotChat } from '../src/totebot-chat.js';
import { clearAllSessions, loadSession, saveSession } from '../src/storage/session-store.js';
import { HINT_PREFIX } from '../src/storage/session-hint.js';
import type { TotebotEventDetails } from '../src/events.js';
import { scriptNextReply } from './support/simulator-script.js';
import { pressKeys } from './support/keyboard.js';
import { holdSessionStore, type SessionStoreHold } from './support/held-session-store.js';

const shadow = (element: TotebotChat) => element.shadowRoot!;
const $ = <T extends Element = HTMLElement>(element: TotebotChat, selector: string) =>
  shadow(element).querySelector<T>(selector);
const $$ = (element: TotebotChat, selector: string) => [...shadow(element).querySelectorAll<HTMLElement>(selector)];

const lastReply = (element: TotebotChat) => $$(element, '.message.assistant').at(-1)!;
/** Where the agent's name is kept between pages. */
const agentNameKey = `totebot-chat:agent:${location.origin}`;
/** History requests for `conversationId` since the resource timings were last cleared. */
const historyRequests = (conversationId: string) =>
  performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname === `/v1/conversations/${conversationId}/messages`).length;

/** Collects every `totebot-*` event the element fires. */
function recordEvents(element: TotebotChat) {
  const names = Object.keys({
    'totebot-open': 0, 'totebot-close': 0, 'totebot-send': 0, 'totebot-reply': 0,
    'totebot-tool-call': 0, 'totebot-action': 0, 'totebot-feedback': 0, 'totebot-error': 0, 'totebot-add-to-cart': 0,
  } satisfies Record<keyof TotebotEventDetails, 0>) as (keyof TotebotEventDetails)[];
  const seen: { name: string; detail: unknown; bubbles: boolean; composed: boolean }[] = [];
  for (const name of names) {
    document.addEventListener(name, (event) => {
      if (event.target === element) seen.push({ name, detail: event.detail, bubbles: event.bubbles, composed: event.composed });
    });
  }
  return seen;
}

async function inlineChat(): Promise<TotebotChat> {
  const element = await fixture<TotebotChat>(html`<totebot-chat mode="inline"></totebot-chat>`);
  await waitUntil(() => $(element, '.title')?.textContent === 'Tote', 'agent name from /v1/agent');
  return element;
}

async function sendAndWait(element: TotebotChat, text: string): Promise<void> {
  await element.send(text);
  await element.updateComplete;
}

/**
 * The browser's next idle moment; where there is no requestIdleCallback (Safari, WebKitGTK), the next
 * task: the widget's own timers that stand in for idle time there are 200 ms and 1 s.
 */
function whenIdle(callback: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback);
  else setTimeout(callback);
}

/** Runs `body` while /v1 answers 502: what a page shows then comes from the device alone. */
async function withProxyDown<T>(body: () => Promise<T>): Promise<T> {
  await fetch('/__proxy/down?value=true', { method: 'POST' });
  try {
    return await body();
  } finally {
    await fetch('/__proxy/down?value=false', { method: 'POST' });
  }
}

/** The next page's widget, once its panel has rendered and had time to ask for a stored conversation. */
async function nextPage(template = html`<totebot-chat mode="inline" agent-name="Tote"></totebot-chat>`): Promise<TotebotChat> {
  const element = await fixture<TotebotChat>(template);
  await waitUntil(() => $(element, 'textarea'), 'the panel renders');
  await new Promise((resolve) => setTimeout(resolve, 300));
  return element;
}

async function simulatorRecord(conversationId: string) {
  const response = await fetch(`/__simulator/conversations/${conversationId}`);
  return (await response.json()) as { messages: { id: string; role: string; content: string; feedback: string | null }[] };
}

describe('<totebot-chat>', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  describe('launcher', () => {
    it('starts closed with a labelled launcher, and is accessible', async () => {
      const element = await fixture<TotebotChat>(html`<totebot-chat></totebot-chat>`);
      const launcher = $<HTMLButtonElement>(element, 'button.launcher')!;
      expect(launcher.getAttribute('aria-label')).to.equal('Open chat');
      expect(launcher.getAttribute('aria-expanded')).to.equal('false');
      expect($(element, '.panel')!.hidden).to.equal(true);
      await expect(element).shadowDom.to.be.accessible();
    });

    it('opens on click with focus in the message box; Escape closes it and focus returns', async () => {
      const element = await fixture<TotebotChat>(html`<totebot-chat></totebot-chat>`);
      const events = recordEvents(element);
      const launcher = $<HTMLButtonElement>(element, 'button.launcher')!;
      launcher.click();
      await element.updateComplete;
      await waitUntil(() => shadow(element).activeElement?.tagName === 'TEXTAREA', 'focus moves to the message box');
      expect(element.hasAttribute('open')).to.equal(true);
      expect(launcher.getAttribute('aria-label')).to.equal('Close chat');
      expect(launcher.getAttribute('aria-expanded')).to.equal('true');
      const panel = $(element, '.panel')!;
      expect(panel.hidden).to.equal(false);
      expect(panel.getAttribute('role')).to.equal('dialog');
      await waitUntil(() => panel.getAttribute('aria-label') === 'Chat with Tote');
      await expect(element).shadowDom.to.be.accessible();

      shadow(element).activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
      await element.updateComplete;
      await waitUntil(() => shadow(element).activeElement === launcher, 'focus returns to the launcher');
      expect(panel.hidden).to.equal(true);
      expect(events.map((event) => event.name)).to.deep.equal(['totebot-open', 'totebot-close']);
      expect(events.every((event) => event.bubbles && event.composed)).to.equal(true);
    });

    it('has open(), close() and toggle() methods and an open attribute', async () => {
      const element = await fixture<TotebotChat>(html`<totebot-chat></totebot-chat>`);
      element.open();
      await element.updateComplete;
      expect(element.opened).to.equal(true);
      element.toggle();
      await element.updateComplete;
      expect(element.opened).to.equal(false);
      expect(element.hasAttribute('open')).to.equal(false);
      element.setAttribute('open', '');
      await element.updateComplete;
      expect($(element, '.panel')!.hidden).to.equal(false);
      element.close();
      await element.updateComplete;
      expect($(element, '.panel')!.hidden).to.equal(true);
    });

    it('lays out its font sample only once the panel shows, never while it waits behind the launcher', async () => {
      const element = await fixture<TotebotChat>(html`<totebot-chat></totebot-chat>`);
      const samples: Element[] = [];
      // The sample goes straight into the shadow root, beside the launcher and the panel.
      const observer = new MutationObserver(() =>
        samples.push(...[...shadow(element).children].filter((child) => child.matches('.sr-only[aria-hidden="true"]'))),
      );
      observer.observe(shadow(element), { childList: true });
      // reset() loads the panel without opening it: idle time passes, and no sample is laid out.
      element.reset();
      await waitUntil(() => $(element, '.header'), 'the panel chunk renders');
      await new Promise((resolve) => whenIdle(() => setTimeout(resolve, 300)));
      expect(samples).to.have.length(0);
      element.open();
      await waitUntil(() => samples.length > 0, 'the sample is laid out once the panel shows', { timeout: 4000 });
      expect(samples[0]!.querySelector('strong, code, table')).to.exist;
      await waitUntil(() => !samples[0]!.isConnected, 'and removed after a frame');
      observer.disconnect();
    });

    it('uses agent-name and welcome-message when the page sets them', async () => {
      const element = await fixture<TotebotChat>(
        html`<totebot-chat mode="inline" agent-name="Tess" welcome-message="Welcome to the shop!"></totebot-chat>`,
      );
      expect($(element, '.title')!.textContent).to.equal('Tess');
      expect($(element, '.welcome .bubble')!.textContent).to.equal('Welcome to the shop!');
    });
  });

  describe('a conversation', () => {
    it('streams a reply as Markdown with a tool chip, and fires send, tool-call and reply', async () => {
      const element = await inlineChat();
      const events = recordEvents(element);
      const busyStates: string[] = [];
      const observer = new MutationObserver(() => {
        const reply = $$(element, '.message.assistant').at(-1);
        if (reply) busyStates.push(`${reply.getAttribute('aria-busy')}:${reply.querySelector('.markdown')?.textContent?.length ?? 0}`);
      });
      observer.observe(shadow(element), { subtree: true, childList: true, attributes: true, characterData: true });

      await sendAndWait(element, 'Do you have a blue tote?');
      observer.disconnect();

      const reply = lastReply(element);
      expect(reply.getAttribute('aria-busy')).to.equal('false');
      // It streamed: the reply was seen busy with partial text before it finished.
      expect(busyStates.some((state) => /^true:[1-9]/.test(state))).to.equal(true);
      const link = reply.querySelector<HTMLAnchorElement>('.markdown li a')!;
      expect(link.textContent).to.equal('Blue Canvas Tote');
      expect(link.href).to.equal(`${location.origin}/products/blue-canvas-tote`);
      expect(link.rel).to.equal('noopener noreferrer nofollow');
      expect(link.target).to.equal('_blank');
      expect($$(element, '.chip').map((chip) => [chip.textContent?.trim(), chip.getAttribute('part')])).to.deep.equal([
        ['Searched products', 'chip chip-done'],
      ]);
      expect(element.conversationId).to.match(/^cnv_/);
      expect(element.messages.map((message) => message.role)).to.deep.equal(['user', 'assistant']);
      expect($(element, '.message.user .bubble')!.textContent).to.equal('You: Do you have a blue tote?');

      expect(events.map((event) => event.name)).to.deep.equal(['totebot-send', 'totebot-tool-call', 'totebot-reply']);
      expect(events[0]!.detail).to.deep.equal({ text: 'Do you have a blue tote?', conversationId: undefined });
      expect((events[1]!.detail as { name: string }).name).to.equal('search_products');
      const replyDetail = events[2]!.detail as TotebotEventDetails['totebot-reply'];
      expect(replyDetail.conversationId).to.equal(element.conversationId);
      expect(replyDetail.message.id).to.match(/^msg_/);

      await waitUntil(() => ($(element, 'div.sr-only[role="status"]')!.textContent ?? '').startsWith('Tote: Yes — here is what I found'));
      expect($(element, '[role="log"]')!.getAttribute('aria-live')).to.equal('off');
      await expect(element).shadowDom.to.be.accessible();
    });

    it('shows the "Searching products…" chip while the tool runs', async () => {
      // A tool that runs long enough for a frame to show it running, however busy the machine.
      await scriptNextReply([
        { kind: 'tool_call', name: 'search_products', arguments: { query: 'blue tote' } },
        { kind: 'pause', ms: 400 },
        { kind: 'text', text: 'Here you are.' },
      ]);
      const element = await inlineChat();
      const labels = new Set<string>();
      const observer = new MutationObserver(() => $$(element, '.chip').forEach((chip) => labels.add(chip.textContent!.trim())));
      observer.observe(shadow(element), { subtree: true, childList: true, characterData: true });
      await sendAndWait(element, 'Do you have a blue tote?');
      observer.disconnect();
      expect([...labels]).to.include.members(['Searching products…', 'Searched products']);
    });

    it('announces add-to-cart actions to the page', async () => {
      const element = await inlineChat();
      const actions: TotebotEventDetails['totebot-action'][] = [];
      element.addEventListener('totebot-action', (event) => actions.push(event.detail));
      await sendAndWait(element, 'Add the blue tote to my cart');
      expect(actions.map((action) => action.phase)).to.deep.equal(['started', 'completed']);
      const [started, completed] = actions;
      expect(started!.action).to.equal('add_to_cart');
      expect((started as { data: { productId: string } }).data.productId).to.equal('p_1');
      expect(completed!.id).to.equal(started!.id);
      expect(completed).to.include({ phase: 'completed', success: true });
      expect((completed as { result: { cartCount: number } }).result.cartCount).to.equal(1);
      expect($$(element, '.chip').map((chip) => chip.textContent?.trim())).to.deep.equal(['Searched products', 'Added Blue Canvas Tote to your cart']);
    });

    it('sends thumbs up and down, pressed state kept and recorded upstream', async () => {
      const element = await inlineChat();
      const feedbackEvents: TotebotEventDetails['totebot-feedback'][] = [];
      element.addEventListener('totebot-feedback', (event) => feedbackEvents.push(event.detail));
      await sendAndWait(element, 'hello');
      const reply = lastReply(element);
      const helpful = reply.querySelector<HTMLButtonElement>('button[aria-label="Helpful"]')!;
      const notHelpful = reply.querySelector<HTMLButtonElement>('button[aria-label="Not helpful"]')!;
      expect(helpful.getAttribute('aria-pressed')).to.equal('false');

      helpful.click();
      await element.updateComplete;
      expect(helpful.getAttribute('aria-pressed')).to.equal('true');
      const messageId = element.messages[1]!.id!;
      await waitUntil(() => feedbackEvents.length === 1);
      expect(feedbackEvents[0]).to.deep.equal({ messageId, value: 'POSITIVE' });
      let record = await simulatorRecord(element.conversationId!);
      expect(record.messages.find((message) => message.id === messageId)!.feedback).to.equal('POSITIVE');

      notHelpful.click();
      await waitUntil(() => feedbackEvents.length === 2);
      await element.updateComplete;
      expect(helpful.getAttribute('aria-pressed')).to.equal('false');
      expect(notHelpful.getAttribute('aria-pressed')).to.equal('true');
      record = await simulatorRecord(element.conversationId!);
      expect(record.messages.find((message) => message.id === messageId)!.feedback).to.equal('NEGATIVE');
      await expect(element).shadowDom.to.be.accessible();
    });

    it('reverts feedback with a visible notice when it cannot be sent', async () => {
      const element = await inlineChat();
      await sendAndWait(element, 'hello');
      // The proxy goes down between the reply and the rating.
      await fetch('/__proxy/down?value=true', { method: 'POST' });
      try {
        const helpful = lastReply(element).querySelector<HTMLButtonElement>('button[aria-label="Helpful"]')!;
        helpful.click();
        await waitUntil(() => lastReply(element).querySelector('[role="alert"]'), 'failure notice');
        expect(helpful.getAttribute('aria-pressed')).to.equal('false');
        expect(lastReply(element).querySelector('[role="alert"]')!.textContent).to.equal(
          'Your feedback could not be sent. Please try again.',
        );
      } finally {
        await fetch('/__proxy/down?value=false', { method: 'POST' });
      }
    });

    it('shows an upstream error event as a clear state and fires totebot-error', async () => {
      const element = await inlineChat();
      const errors: TotebotEventDetails['totebot-error'][] = [];
      element.addEventListener('totebot-error', (event) => errors.push(event.detail));
      await sendAndWait(element, 'please fail');
      const reply = lastReply(element);
      expect(reply.classList.contains('error')).to.equal(true);
      expect(reply.querySelector('.notice.error')!.textContent).to.equal('The assistant is unavailable right now.');
      expect(errors).to.deep.equal([{ code: 'agent_unavailable', message: 'The assistant is unavailable.' }]);
      expect(reply.querySelector('[aria-label="Helpful"]')).to.equal(null);
      await expect(element).shadowDom.to.be.accessible();
    });

    it('says so when the proxy cannot be reached', async () => {
      const element = await fixture<TotebotChat>(html`<totebot-chat mode="inline" endpoint="http://127.0.0.1:9"></totebot-chat>`);
      const errors: TotebotEventDetails['totebot-error'][] = [];
      element.addEventListener('totebot-error', (event) => errors.push(event.detail));
      await sendAndWait(element, 'hello');
      expect(lastReply(element).querySelector('.notice.error')!.textContent).to.equal(
        'The chat service can’t be reached right now.',
      );
      expect(errors[0]).to.include({ code: 'unreachable', status: 0 });
    });

    it('says a message is too long, not that something went wrong, and counts down near the limit', async () => {
      const element = await inlineChat();
      const textarea = $(element, 'textarea') as HTMLTextAreaElement;
      textarea.value = 'a'.repeat(3_599);
      textarea.dispatchEvent(new InputEvent('input'));
      await element.updateComplete;
      expect($(element, '[part="counter"]')).to.equal(null);
      textarea.value = 'a'.repeat(3_990);
      textarea.dispatchEvent(new InputEvent('input'));
      await element.updateComplete;
      const counter = $(element, '[part="counter"]')!;
      expect(counter.textContent).to.equal('10 characters left');
      expect(textarea.getAttribute('aria-describedby')).to.equal(counter.id);
      // A page's own send() is not held to the box's maxlength: the proxy refuses it.
      await sendAndWait(element, 'b'.repeat(4_001));
      expect(lastReply(element).querySelector('.notice.error')!.textContent).to.equal('This message is too long: the limit is 4,000 characters.');
      await expect(element).shadowDom.to.be.accessible();
    });

    it('tells the shopper under the agent\'s name that it is an AI assistant', async () => {
      const element = await inlineChat();
      expect($(element, '.header [part="disclosure"]')!.textContent).to.equal('AI assistant');
    });

    it('shows the shopper\'s text as text, never as markup', async () => {
      const element = await inlineChat();
      const hostile = '<img src=x onerror="window.__pwned=1"> **not bold**';
      await sendAndWait(element, hostile);
      const bubble = $(element, '.message.user .bubble')!;
      expect(bubble.querySelector('img, strong')).to.equal(null);
      expect(bubble.textContent).to.equal(`You: ${hostile}`);
      expect((window as { __pwned?: unknown }).__pwned).to.equal(undefined);
    });

    it('keeps the paragraph break a plain-text delta opens with (leading empty data lines)', async () => {
      const element = await inlineChat();
      await scriptNextReply([
        { kind: 'raw', frame: 'event: chunk\ndata: Two picks:\n\n' },
        { kind: 'raw', frame: 'event: chunk\ndata:\ndata:\ndata: - Canvas tote\n\n' },
        { kind: 'raw', frame: 'event: completed\ndata: {"type":"completed","messageId":"msg_plain"}\n\n' },
      ]);
      await sendAndWait(element, 'picks?');
      await waitUntil(() => lastReply(element).getAttribute('aria-busy') === 'false', 'reply completes');
      const markdown = lastReply(element).querySelector('.markdown')!;
      expect(markdown.querySelector('p')?.textContent).to.equal('Two picks:');
      expect(markdown.querySelector('ul > li')?.textContent).to.equal('Canvas tote');
    });

    it('renders a long reply with a table and a code block, accessibly, and announces its opening only', async () => {
      const element = await inlineChat();
      await sendAndWait(element, 'Tell me everything about caring for bags');
      await waitUntil(() => $(element, 'div.sr-only[role="status"]')!.textContent!.startsWith('Tote: Caring for your bags'), 'announced');
      const announced = $(element, 'div.sr-only[role="status"]')!.textContent!;
      expect(announced.length).to.be.below(420);
      expect(announced.endsWith('…')).to.equal(true);
      const markdown = lastReply(element).querySelector('.markdown')!;
      expect(markdown.querySelectorAll('table tbody tr').length).to.equal(4);
      expect(markdown.querySelector('pre code')!.textContent).to.contain('Buff with a clean cloth.');
      await expect(element).shadowDom.to.be.accessible();
    });

    it('never scrolls the log sideways: the shopper\'s bubbles, long replies, tables and code stay inside it', async () => {
      const element = await inlineChat();
      const log = $(element, '.messages')!;
      await sendAndWait(element, 'Do you have a blue tote?');
      await sendAndWait(element, 'Tell me everything about caring for bags, and a word without breaks: ' + 'x'.repeat(120));
      // A scroller with no sideways overflow cannot scroll sideways, whatever the engine rounds.
      expect(log.scrollWidth, 'scrollWidth').to.equal(log.clientWidth);
      log.scrollLeft = 50;
      expect(log.scrollLeft).to.equal(0);
    });
  });

  describe('memory', () => {
    // Two elements with one endpoint share the origin's BroadcastChannel and Web Locks exactly as two tabs do.
    it('keeps two tabs on one conversation: a reply in one appears in the other', async () => {
      const [first, second] = [await inlineChat(), await inlineChat()];
      await sendAndWait(first, 'Do you have a blue tote?');
      const conversationId = first.conversationId!;
      await waitUntil(() => second.messages.length === 2 && second.conversationId === conversationId, 'the other tab follows');
      await second.updateComplete;
      expect(lastReply(second).querySelector('.markdown')!.textContent).to.equal(lastReply(first).querySelector('.markdown')!.textContent);

      await sendAndWait(second, 'thanks');
      await waitUntil(() => first.messages.length === 4, 'and back');
      expect((await simulatorRecord(conversationId)).messages.map((message) => message.role)).to.deep.equal(['user', 'assistant', 'user', 'assistant']);

      first.reset();
      await waitUntil(() => second.conversationId === undefined && second.messages.length === 0, 'a new conversation in every tab');
    });

    it('lets one tab at a time send: two sends at once never interleave, and a cart action happens once', async () => {
      const [first, second] = [await inlineChat(), await inlineChat()];
      const actions: string[] = [];
      for (const element of [first, second]) {
        element.addEventListener('totebot-action', (event) => actions.push(`${event.detail.phase}:${event.detail.action}`));
      }
      await sendAndWait(first, 'hello');
      const conversationId = first.conversationId!;
      await waitUntil(() => second.conversationId === conversationId, 'the other tab follows');
      await Promise.all([first.send('Add the blue tote to my cart'), second.send('Do you have a blue tote?')]);
      const record = await simulatorRecord(conversationId);
      expect(record.messages.map((message) => message.role)).to.deep.equal(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
      expect(record.messages.filter((message) => message.role === 'user').map((message) => message.content).sort()).to.deep.equal(
        ['Add the blue tote to my cart', 'Do you have a blue tote?', 'hello'],
      );
      expect(actions).to.deep.equal(['started:add_to_cart', 'completed:add_to_cart']);
      await waitUntil(() => first.messages.length === 6 && second.messages.length === 6, 'both tabs show all six messages');
    });

    it('restores the conversation from IndexedDB and the proxy, and the next question continues it', async () => {
      const first = await inlineChat();
      await sendAndWait(first, 'Do you have a blue tote?');
      const conversationId = first.conversationId!;
      const replyText = lastReply(first).querySelector('.markdown')!.textContent;
      first.remove();

      performance.clearResourceTimings();
      const second = await fixture<TotebotChat>(html`<totebot-chat mode="inline"></totebot-chat>`);
      await waitUntil(() => second.messages.length === 2, 'history restored');
      await second.updateComplete;
      // Asked for once: the launcher's request, sent beside the panel chunk, is the one the panel shows
      // (after time enough for a second one to have been answered).
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(historyRequests(conversationId)).to.equal(1);
      expect(second.conversationId).to.equal(conversationId);
      expect(lastReply(second).querySelector('.markdown')!.textContent).to.equal(replyText);
      expect($(second, '.message.user .bubble')!.textContent).to.equal('You: Do you have a blue tote?');
      await expect(second).shadowDom.to.be.accessible();

      await sendAndWait(second, 'Add the blue tote to my cart');
      expect(second.conversationId).to.equal(conversationId);
      const record = await simulatorRecord(conversationId);
      expect(record.messages.map((message) => message.role)).to.deep.equal(['user', 'assistant', 'user', 'assistant']);
    });

    it('reopens the panel after a reload when it was open', async () => {
      const first = await fixture<TotebotChat>(html`<totebot-chat></totebot-chat>`);
      first.open();
      await first.updateComplete;
      expect(sessionStorage.getItem(`totebot-chat:open:${location.origin}`)).to.equal('1');
      first.remove();
      const second = await fixture<TotebotChat>(html`<totebot-chat></totebot-chat>`);
      await waitUntil(() => second.opened, 'panel reopened');
    });

    it('reset() starts a new conversation that a reload does not bring back', async () => {
      const first = await inlineChat();
      await sendAndWait(first, 'hello');
      const conversationId = first.conversationId!;
      first.reset();
      await first.updateComplete;
      expect(first.conversationId).to.equal(undefined);
      expect(first.messages).to.deep.equal([]);
      expect($(first, '.welcome')).to.exist;
      // A new conversation with the same agent: its name stays for the next page.
      expect(localStorage.getItem(agentNameKey)).to.equal('Tote');
      first.remove();

      performance.clearResourceTimings();
      const second = await nextPage();
      expect(second.conversationId).to.equal(undefined);
      expect(second.messages.length).to.equal(0);
      // Not even asked for: nothing on the device names it any more.
      expect(historyRequests(conversationId)).to.equal(0);
    });

    it('a logout leaves nobody\'s identity on the device, even when it comes before the panel has loaded', async () => {
      const first = await inlineChat();
      first.identify({ id: 'u_1', name: 'Ana' });
      await sendAndWait(first, 'hello');
      await waitUntil(async () => (await loadSession(location.origin))?.identity?.id === 'u_1', 'identity stored');
      first.remove();
      // The store's logout page calls reset() as the element connects, before the stored session is read.
      const second = document.createElement('totebot-chat') as TotebotChat;
      second.mode = 'inline';
      document.body.append(second);
      second.reset();
      await second.updateComplete;
      await waitUntil(async () => (await loadSession(location.origin))?.conversationId === undefined, 'conversation forgotten');
      expect(second.identity).to.equal(undefined);
      expect((await loadSession(location.origin))?.identity).to.equal(undefined);
      expect(second.messages.length).to.equal(0);
      second.remove();
    });

    /**
     * A logged-in shopper's next page, on a slow device: the launcher's early request has shown the history,
     * IndexedDB has not answered yet (its store held), and the stored draft is not in the box yet.
     */
    async function nextPageBeforeTheDeviceAnswers(): Promise<{ next: TotebotChat; hold: SessionStoreHold }> {
      const owner = await inlineChat();
      owner.identify({ id: 'u_1' });
      await sendAndWait(owner, 'Do you have a blue tote?');
      owner.remove();
      await waitUntil(async () => (await loadSession(location.origin))?.messages?.length === 2, 'the conversation stored');
      await saveSession(location.origin, { ...(await loadSession(location.origin)), draft: 'Is it waterproof?' });
      const hold = await holdSessionStore();
      const next = await fixture<TotebotChat>(html`<totebot-chat mode="inline" agent-name="Tote" .identity=${{ id: 'u_1' }}></totebot-chat>`);
      await waitUntil(() => next.messages.length === 2, 'the history shown from the proxy');
      expect($<HTMLTextAreaElement>(next, 'textarea')!.value, 'the stored session still unread').to.equal('');
      return { next, hold };
    }

    it('stores nothing it learns after it has left the page: a device cleared since stays cleared', async () => {
      const { next, hold } = await nextPageBeforeTheDeviceAnswers();
      // The shopper logs out: the page removes the widget and clears the device before the stored session is read.
      next.remove();
      const cleared = clearAllSessions();
      await hold.release();
      await cleared;
      // Time for a late answer to be acted on: its frame, the task after it, and IndexedDB's write.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(localStorage.getItem(HINT_PREFIX + location.origin)).to.equal(null);
      expect(await loadSession(location.origin)).to.equal(undefined);
    });

    it('a logout on a widget that has left forgets the conversation once the stored session is read, and keeps nothing of it', async () => {
      const { next, hold } = await nextPageBeforeTheDeviceAnswers();
      next.remove();
      next.reset();
      await hold.release();
      await waitUntil(() => localStorage.getItem(HINT_PREFIX + location.origin) === null, 'the hint gone');
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The page still names its shopper, so the identity stays; nothing of the conversation, nor the old draft.
      expect(await loadSession(location.origin)).to.deep.equal({ identity: { id: 'u_1' } });
    });

    it('a logout on a widget removed before its panel loaded still forgets the stored conversation', async () => {
      const owner = await inlineChat();
      await sendAndWait(owner, 'hello');
      owner.remove();
      await waitUntil(async () => (await loadSession(location.origin))?.conversationId !== undefined, 'the conversation stored');
      // A launcher nobody touched, so no panel yet: the store's page removes it, then logs the shopper out.
      const next = document.createElement('totebot-chat') as TotebotChat;
      document.body.append(next);
      next.remove();
      next.reset();
      await waitUntil(async () => (await loadSession(location.origin)) === undefined, 'the conversation forgotten');
      expect(localStorage.getItem(HINT_PREFIX + location.origin)).to.equal(null);
    });

    it('identify() with another user starts a new conversation; the same user keeps it', async () => {
      const element = await inlineChat();
      element.identify({ id: 'u_1', name: 'Ana' });
      await sendAndWait(element, 'hello');
      const conversationId = element.conversationId;
      element.identify({ id: 'u_1', name: 'Ana', email: 'ana@example.com' });
      expect(element.conversationId).to.equal(conversationId);
      element.identify({ id: 'u_2', name: 'Ben' });
      await element.updateComplete;
      expect(element.conversationId).to.equal(undefined);
      expect(element.messages.length).to.equal(0);
    });

    // The proxy refuses a conversation's history without its token (see the next test): a restore is proof it was kept.
    it('keeps the proxy\'s conversation token with the conversation', async () => {
      const element = await inlineChat();
      await sendAndWait(element, 'hello');
      const conversationId = element.conversationId!;
      element.remove();
      const errors: TotebotEventDetails['totebot-error'][] = [];
      document.addEventListener('totebot-error', (event) => errors.push(event.detail), { once: true });
      const next = await fixture<TotebotChat>(html`<totebot-chat mode="inline" agent-name="Tote"></totebot-chat>`);
      await waitUntil(() => next.messages.length === 2 && next.messages[1]!.id !== undefined, 'the proxy\'s history restored');
      expect(next.conversationId).to.equal(conversationId);
      expect(errors).to.deep.equal([]);
    });

    it('cannot restore a conversation it holds no valid token for, and starts afresh', async () => {
      const owner = await inlineChat();
      await sendAndWait(owner, 'Do you have a blue tote?');
      const conversationId = owner.conversationId!;
      owner.remove();
      // Another visitor who learned the id (say, from a shared screenshot) but not the token.
      await clearAllSessions();
      await saveSession(location.origin, { conversationId, conversationToken: 'A'.repeat(43) });
      const intruder = await inlineChat();
      await waitUntil(() => historyRequests(conversationId) > 0, 'the restore is tried');
      await waitUntil(() => intruder.conversationId === undefined, 'and refused by the proxy');
      expect(intruder.messages.length).to.equal(0);
      expect((await simulatorRecord(conversationId)).messages.length).to.equal(2);
      intruder.remove();
      // Forgotten on the device once refused: the next page does not ask again.
      performance.clearResourceTimings();
      const next = await nextPage();
      expect(next.conversationId).to.equal(undefined);
      expect(historyRequests(conversationId)).to.equal(0);
    });

    it('does not restore another visitor\'s conversation when the page identifies someone else', async () => {
      const first = await inlineChat();
      first.identify({ id: 'u_1' });
      await sendAndWait(first, 'hello');
      const conversationId = first.conversationId!;
      first.remove();
      performance.clearResourceTimings();
      const second = await nextPage(html`<totebot-chat mode="inline" .identity=${{ id: 'u_2' }}></totebot-chat>`);
      expect(second.messages.length).to.equal(0);
      expect(second.conversationId).to.equal(undefined);
      // Not even fetched: the hint names whose conversation it is.
      expect(historyRequests(conversationId)).to.equal(0);
      second.remove();
      // Forgotten on the device as soon as the session loads for a different person: a page that says nobody gets nothing either.
      const anonymous = await withProxyDown(() => nextPage());
      expect(anonymous.messages.length).to.equal(0);
      expect(anonymous.conversationId).to.equal(undefined);
      expect(historyRequests(conversationId)).to.equal(0);
    });
  });

  it('fires totebot-send before the reply and keeps one event per reply', async () => {
    const element = await inlineChat();
    setTimeout(() => void element.send('hello'));
    const send = await oneEvent(element, 'totebot-send');
    expect(send.detail.text).to.equal('hello');
    const reply = await oneEvent(element, 'totebot-reply');
    expect(reply.detail.message.role).to.equal('assistant');
  });
});

describe('<totebot-chat> when things go wrong', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('keeps a cut-off reply, marks it interrupted, and Retry asks again without a second copy of the question', async () => {
    await scriptNextReply([{ kind: 'text', text: 'Half of an ans' }, { kind: 'close' }]);
    const element = await inlineChat();
    await sendAndWait(element, 'Do you have a blue tote?');
    const cut = lastReply(element);
    expect(cut.classList.contains('interrupted')).to.equal(true);
    expect(cut.querySelector('.markdown')!.textContent).to.equal('Half of an ans');
    expect(cut.querySelector('.notice')!.textContent).to.equal('The reply was interrupted.');
    expect($(element, 'div.sr-only[role="status"]')!.textContent).to.equal('The reply was interrupted.');
    await expect(element).shadowDom.to.be.accessible();

    const retry = cut.querySelector<HTMLButtonElement>('button.retry')!;
    expect(retry.textContent).to.equal('Retry');
    retry.click();
    await waitUntil(() => element.messages.at(-1)?.status === 'complete', 'the retried reply completes');
    await element.updateComplete;
    expect(element.messages.map((message) => message.role)).to.deep.equal(['user', 'assistant']);
    expect(lastReply(element).querySelector('.markdown a')?.textContent).to.equal('Blue Canvas Tote');
    expect(shadow(element).querySelector('button.retry')).to.equal(null);
  });

  it('offers Retry after an upstream error event', async () => {
    await scriptNextReply([{ kind: 'error', code: 'agent_unavailable', message: 'down' }]);
    const element = await inlineChat();
    await sendAndWait(element, 'hello');
    expect($(element, 'div.sr-only[role="status"]')!.textContent).to.equal('The assistant is unavailable right now.');
    await element.retry();
    await element.updateComplete;
    expect(element.messages.map((message) => `${message.role}:${message.status}`)).to.deep.equal(['user:complete', 'assistant:complete']);
  });

  it('counts down when the proxy is busy (429) and asks again by itself', async () => {
    await scriptNextReply([{ kind: 'http_error', status: 429, retryAfter: 2 }]);
    const element = await inlineChat();
    const errors: TotebotEventDetails['totebot-error'][] = [];
    element.addEventListener('totebot-error', (event) => errors.push(event.detail));
    await sendAndWait(element, 'hello');
    const notice = () => lastReply(element).querySelector('.notice.error')?.textContent ?? '';
    expect(notice()).to.match(/^The assistant is busy\. Trying again in [12] s…$/);
    expect(errors[0]).to.include({ status: 429, code: 'rate_limited' });
    const seen = new Set<string>([notice()]);
    await waitUntil(
      () => {
        seen.add(notice());
        return element.messages.at(-1)?.status === 'complete';
      },
      'retried automatically',
      { timeout: 5000, interval: 50 },
    );
    expect([...seen].filter((text) => text.includes('Trying again')).length).to.be.at.least(2, `countdown moved: ${[...seen]}`);
    expect(element.messages.map((message) => message.role)).to.deep.equal(['user', 'assistant']);
  });

  it('stops a pending automatic retry when the shopper starts a new conversation', async () => {
    await scriptNextReply([{ kind: 'http_error', status: 429, retryAfter: 1 }]);
    const element = await inlineChat();
    await sendAndWait(element, 'hello');
    const chatRequests = () => performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname === '/v1/chat').length;
    element.reset();
    expect(element.messages.length).to.equal(0);
    // The new conversation's first message fails too: a retry timer left running would ask again for it, unasked.
    await scriptNextReply([{ kind: 'http_error', status: 500 }]);
    const before = chatRequests();
    await sendAndWait(element, 'again');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(chatRequests() - before).to.equal(1);
    expect(element.messages.map((message) => `${message.role}:${message.status}`)).to.deep.equal(['user:complete', 'assistant:error']);
  });
});

describe('<totebot-chat> conversation flow', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('offers suggested questions that send themselves, and hides them once the chat starts', async () => {
    const element = await fixture<TotebotChat>(
      html`<totebot-chat mode="inline" agent-name="Tote" suggestions="Do you have a blue tote? | Where is my order?"></totebot-chat>`,
    );
    const list = $(element, '.suggestions')!;
    expect(list.getAttribute('aria-label')).to.equal('Suggested questions');
    const buttons = $$(element, '.suggestion');
    expect(buttons.map((button) => button.textContent?.trim())).to.deep.equal(['Do you have a blue tote?', 'Where is my order?']);
    await expect(element).shadowDom.to.be.accessible();
    buttons[0]!.click();
    await waitUntil(() => element.messages.at(-1)?.status === 'complete', 'the suggestion was sent and answered');
    await element.updateComplete;
    expect(element.messages[0]!.content).to.equal('Do you have a blue tote?');
    // The welcome's questions go (the reply's own quick replies are another list, under the reply).
    expect($(element, 'slot[name="suggestions"] .suggestions') === null, 'the welcome\'s suggestions are hidden').to.equal(true);
  });

  it('lets the page replace the welcome and the suggestions through slots', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat mode="inline" agent-name="Tote" suggestions="a|b">
      <span slot="welcome">Welcome, Ana!</span>
      <div slot="suggestions"><button>Track my order</button></div>
    </totebot-chat>`);
    const welcomeSlot = $<HTMLSlotElement>(element, 'slot[name="welcome"]')!;
    expect(welcomeSlot.assignedElements()[0]!.textContent).to.equal('Welcome, Ana!');
    const suggestionsSlot = $<HTMLSlotElement>(element, 'slot[name="suggestions"]')!;
    expect(suggestionsSlot.assignedElements()[0]!.textContent).to.equal('Track my order');
  });

  it('shows an avatar: the agent\'s initial, or the picture the page gives', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat mode="inline" agent-name="tess"></totebot-chat>`);
    expect($(element, '.avatar')!.textContent).to.equal('T');
    element.avatar = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    await element.updateComplete;
    const image = $<HTMLImageElement>(element, 'img.avatar')!;
    expect(image.getAttribute('alt')).to.equal('');
  });

  it('has a Stop button while a reply streams: it keeps what arrived, marked stopped, and aborts upstream', async () => {
    await scriptNextReply([{ kind: 'text', text: 'The first words ' }, { kind: 'pause', ms: 5000 }, { kind: 'text', text: 'never shown' }]);
    const element = await inlineChat();
    const sent = element.send('tell me slowly');
    await waitUntil(() => lastReply(element)?.querySelector('.markdown')?.textContent?.includes('first words'), 'first words');
    const stop = $<HTMLButtonElement>(element, 'button.stop')!;
    expect(stop.getAttribute('aria-label')).to.equal('Stop');
    expect($(element, 'button[aria-label="Send"]')).to.equal(null);
    await expect(element).shadowDom.to.be.accessible();
    stop.click();
    await sent;
    await element.updateComplete;
    const reply = lastReply(element);
    expect(reply.classList.contains('stopped')).to.equal(true);
    expect(reply.querySelector('.markdown')!.textContent?.trim()).to.equal('The first words');
    expect(reply.querySelector('.notice')!.textContent).to.equal('You stopped this reply.');
    expect(reply.querySelector('button.retry')).to.exist;
    expect($(element, 'button[aria-label="Send"]')).to.exist;
    // The simulator saw its stream cancelled: it never stored the rest of the reply.
    const record = await simulatorRecord(element.conversationId!);
    expect(record.messages.map((message) => message.role)).to.deep.equal(['user']);
  });

  it('ends a reply that goes silent for longer than idle-timeout, as interrupted', async () => {
    await scriptNextReply([{ kind: 'text', text: 'Thinking ' }, { kind: 'pause', ms: 3000 }, { kind: 'text', text: 'late' }]);
    const element = await fixture<TotebotChat>(html`<totebot-chat mode="inline" agent-name="Tote" idle-timeout="300"></totebot-chat>`);
    const started = performance.now();
    await element.send('hello');
    await element.updateComplete;
    expect(performance.now() - started).to.be.below(2500);
    expect(lastReply(element).classList.contains('interrupted')).to.equal(true);
    expect(lastReply(element).querySelector('.markdown')!.textContent?.trim()).to.equal('Thinking');
  });

  it('counts unread replies on the launcher while the panel is closed', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat agent-name="Tote"></totebot-chat>`);
    await element.send('hello');
    await element.updateComplete;
    const launcher = $<HTMLButtonElement>(element, 'button.launcher')!;
    expect($(element, '.badge')!.textContent).to.equal('1');
    expect(launcher.getAttribute('aria-label')).to.equal('Open chat (1 new)');
    await expect(element).shadowDom.to.be.accessible();
    launcher.click();
    await element.updateComplete;
    expect($(element, '.badge')).to.equal(null);
  });

  it('keeps an unsent draft across a navigation', async () => {
    const first = await inlineChat();
    const box = $<HTMLTextAreaElement>(first, 'textarea')!;
    box.value = 'Do you ship to Norw';
    box.dispatchEvent(new InputEvent('input'));
    await waitUntil(async () => (await loadSession(location.origin))?.draft === 'Do you ship to Norw', 'draft saved');
    first.remove();
    const second = await inlineChat();
    await waitUntil(() => $<HTMLTextAreaElement>(second, 'textarea')!.value === 'Do you ship to Norw', 'draft restored');
  });

  it('grows the message box with its text up to its maximum height, and shrinks it once the message is sent', async () => {
    const element = await inlineChat();
    const box = $<HTMLTextAreaElement>(element, 'textarea')!;
    const type = async (text: string) => {
      box.value = text;
      box.dispatchEvent(new InputEvent('input'));
      await element.updateComplete;
    };
    const oneRow = box.getBoundingClientRect().height;
    expect(oneRow).to.be.within(38, 48);
    await type('Do you have\na blue tote\nin canvas?');
    const threeRows = box.getBoundingClientRect().height;
    expect(threeRows, 'three lines').to.be.above(oneRow + 30);
    // Every line shows: nothing is scrolled out of the box.
    expect(box.scrollHeight).to.be.at.most(box.clientHeight + 1);
    await type(Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n'));
    expect(box.getBoundingClientRect().height, 'at most its max-height').to.be.within(threeRows, 141);
    expect(box.scrollHeight, 'the rest scrolls inside the box').to.be.above(box.clientHeight);
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    await waitUntil(() => element.messages.at(-1)?.status === 'complete', 'reply finished');
    await element.updateComplete;
    expect(box.value).to.equal('');
    expect(box.getBoundingClientRect().height, 'one row again').to.be.closeTo(oneRow, 1);
  });

  it('says when the device is offline and holds sending until it is back', async () => {
    const element = await inlineChat();
    const descriptor = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
    try {
      Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => false });
      window.dispatchEvent(new Event('offline'));
      await element.updateComplete;
      expect($(element, '.offline')!.textContent).to.equal('You are offline. Messages can be sent again once you are back online.');
      const box = $<HTMLTextAreaElement>(element, 'textarea')!;
      box.value = 'hello';
      box.dispatchEvent(new InputEvent('input'));
      await element.updateComplete;
      expect($<HTMLButtonElement>(element, 'button[aria-label="Send"]')!.disabled).to.equal(true);
      await expect(element).shadowDom.to.be.accessible();
    } finally {
      Object.defineProperty(Navigator.prototype, 'onLine', descriptor);
    }
    window.dispatchEvent(new Event('online'));
    await element.updateComplete;
    expect($(element, '.offline')).to.equal(null);
    expect($<HTMLButtonElement>(element, 'button[aria-label="Send"]')!.disabled).to.equal(false);
  });
});

describe('<totebot-chat> languages', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('speaks the language of its lang attribute', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat lang="de-AT" agent-name="Tote"></totebot-chat>`);
    expect($(element, 'button.launcher')!.getAttribute('aria-label')).to.equal('Chat öffnen');
    element.open();
    await element.updateComplete;
    expect($(element, 'textarea')!.getAttribute('aria-label')).to.equal('Nachricht');
    expect($(element, '.panel')!.getAttribute('lang')).to.equal('de-AT');
    expect($(element, '.panel')!.getAttribute('dir')).to.equal('ltr');
  });

  it('follows the page\'s language, and lays Arabic out right to left', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="ar"><totebot-chat mode="inline" agent-name="Tote"></totebot-chat></div>`);
    const element = wrapper.querySelector('totebot-chat')!;
    await element.updateComplete;
    const panel = $(element, '.panel')!;
    expect(panel.getAttribute('dir')).to.equal('rtl');
    expect($(element, 'textarea')!.getAttribute('aria-label')).to.not.equal('Message');
    await expect(element).shadowDom.to.be.accessible();
  });

  it('keeps a right-to-left panel anchored in its corner, inside the window', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat lang="ar" agent-name="Tote"></totebot-chat>`);
    element.open();
    await element.updateComplete;
    const box = $(element, '.panel')!.getBoundingClientRect();
    expect(box.left).to.be.at.least(0);
    expect(box.right).to.be.at.most(window.innerWidth);
    expect(box.width).to.be.above(0);
  });

  it('lets the page override single strings over any language', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat lang="fr" .strings=${{ openChat: 'Parler à Tote' }}></totebot-chat>`);
    expect($(element, 'button.launcher')!.getAttribute('aria-label')).to.equal('Parler à Tote');
    element.open();
    await element.updateComplete;
    expect($(element, 'textarea')!.getAttribute('aria-label')).to.equal('Message');
    expect($(element, 'button.send')!.getAttribute('aria-label')).to.equal('Envoyer');
  });
});

describe('<totebot-chat> memory that respects the shopper', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('paints the cached conversation before the proxy answers, then keeps it in step with the proxy', async () => {
    const first = await inlineChat();
    await sendAndWait(first, 'Do you have a blue tote?');
    // Long enough for the write after the frame that showed the reply; the element leaving writes it too.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
    first.remove();

    // The proxy is down on this load: the cached messages still show, and the failure is reported.
    await fetch('/__proxy/down?value=true', { method: 'POST' });
    try {
      const errors: TotebotEventDetails['totebot-error'][] = [];
      const offline = await fixture<TotebotChat>(html`<totebot-chat mode="inline" agent-name="Tote"></totebot-chat>`);
      offline.addEventListener('totebot-error', (event) => errors.push(event.detail));
      await waitUntil(() => errors.length === 1, 'history request failed');
      await offline.updateComplete;
      expect(offline.messages.length).to.equal(2);
      expect(lastReply(offline).querySelector('.markdown a')?.textContent).to.equal('Blue Canvas Tote');
      offline.remove();
    } finally {
      await fetch('/__proxy/down?value=false', { method: 'POST' });
    }

    // With the proxy back, the proxy's history is what shows (with the feedback it recorded).
    const online = await inlineChat();
    await waitUntil(() => online.messages.length === 2 && online.messages[1]!.id !== undefined, 'history reconciled');
  });

  it('forgets stored sessions after retention-days', async () => {
    const first = await inlineChat();
    await sendAndWait(first, 'hello');
    const conversationId = first.conversationId!;
    first.remove();
    // A second is a few millionths of a day: the conversation above is already too old for this page.
    await new Promise((resolve) => setTimeout(resolve, 200));
    performance.clearResourceTimings();
    const expired = await nextPage(html`<totebot-chat mode="inline" agent-name="Tote" retention-days="0.000001"></totebot-chat>`);
    expect(expired.messages.length).to.equal(0);
    expect(expired.conversationId).to.equal(undefined);
    expect(historyRequests(conversationId)).to.equal(0);
    expired.remove();
    // And deleted, not only ignored: a page that keeps sessions for a month finds nothing either.
    const later = await withProxyDown(() => nextPage());
    expect(later.messages.length).to.equal(0);
    expect(historyRequests(conversationId)).to.equal(0);
  });

  it('shows the agent\'s name from the last visit at once: no default name first, even with the proxy down', async () => {
    const first = await inlineChat();
    first.remove();
    await fetch('/__proxy/down?value=true', { method: 'POST' });
    try {
      const titles: string[] = [];
      const second = document.createElement('totebot-chat') as TotebotChat;
      second.mode = 'inline';
      document.body.append(second);
      const observer = new MutationObserver(() => {
        const title = $(second, '.title')?.textContent;
        if (title && titles.at(-1) !== title) titles.push(title);
      });
      observer.observe(shadow(second), { subtree: true, childList: true, characterData: true });
      await second.updateComplete;
      await waitUntil(() => titles.length > 0, 'the header renders');
      // /v1/agent fails: the name can only come from this device.
      await new Promise((resolve) => setTimeout(resolve, 100));
      observer.disconnect();
      expect(titles).to.deep.equal(['Tote']);
      second.remove();
    } finally {
      await fetch('/__proxy/down?value=false', { method: 'POST' });
    }
  });

  it('stores nothing without consent (persist="false"), and saves once consent is given', async () => {
    const anonymous = await fixture<TotebotChat>(html`<totebot-chat mode="inline" persist="false"></totebot-chat>`);
    await waitUntil(() => $(anonymous, '.title')?.textContent === 'Tote', 'agent name from /v1/agent');
    expect(localStorage.getItem(agentNameKey)).to.equal(null);
    anonymous.remove();
    const element = await fixture<TotebotChat>(html`<totebot-chat mode="inline" agent-name="Tote" persist="false"></totebot-chat>`);
    await sendAndWait(element, 'hello');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await loadSession(location.origin)).to.equal(undefined);
    element.persist = true;
    await element.updateComplete;
    await waitUntil(async () => (await loadSession(location.origin))?.conversationId === element.conversationId, 'saved after consent');
    element.persist = false;
    await element.updateComplete;
    await waitUntil(async () => (await loadSession(location.origin)) === undefined, 'deleted when consent is withdrawn');
  });

  it('deletes what an earlier page stored with consent once a page says persist="false"', async () => {
    const first = await inlineChat();
    await sendAndWait(first, 'hello');
    await waitUntil(async () => (await loadSession(location.origin))?.messages?.length === 2, 'cached');
    expect(localStorage.getItem(agentNameKey)).to.equal('Tote');
    first.remove();
    // The shopper withdrew consent in the store's banner; the next page renders the widget without it.
    const second = await fixture<TotebotChat>(html`<totebot-chat mode="inline" persist="false"></totebot-chat>`);
    await waitUntil(async () => (await loadSession(location.origin)) === undefined, 'the stored session is deleted');
    expect(Object.keys(localStorage).filter((key) => key.startsWith('totebot-chat:'))).to.deep.equal([]);
    expect(second.messages.length).to.equal(0);
  });

  it('forget() deletes everything stored and starts afresh', async () => {
    const element = await inlineChat();
    await sendAndWait(element, 'hello');
    await waitUntil(async () => (await loadSession(location.origin))?.messages?.length === 2, 'cached');
    expect(localStorage.getItem(agentNameKey)).to.equal('Tote');
    await element.forget();
    expect(await loadSession(location.origin)).to.equal(undefined);
    expect(Object.keys(localStorage).filter((key) => key.startsWith('totebot-chat:'))).to.deep.equal([]);
    expect(element.messages.length).to.equal(0);
    expect(element.conversationId).to.equal(undefined);
  });

  it('restores a long conversation newest first: the end of the log shows, then every older message in order', async () => {
    const history = Array.from({ length: 200 }, (_, i) => ({
      id: `msg_${i + 1}`,
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: i % 2 === 0 ? `Question number ${i + 1}` : `Answer **number ${i + 1}**, with [a link](https://shop.example/${i + 1}).`,
      feedback: null,
    }));
    await saveSession(location.origin, { conversationId: 'cnv_long_history', conversationToken: 'A'.repeat(43), messages: history });
    // The proxy is down: the device's copy is what shows (and stays).
    await fetch('/__proxy/down?value=true', { method: 'POST' });
    try {
      const textOf = (article: Element) =>
        article.querySelector('.markdown')?.textContent ?? article.querySelector('.bubble')!.textContent!.replace(/^You: /, '');
      const expected = history.map((message) => message.content.replace(/\*\*/g, '').replace(/\[(.*?)\]\(.*?\)/g, '$1'));
      let firstRender: string[] | undefined;
      let welcomeShown = false;
      const element = document.createElement('totebot-chat') as TotebotChat;
      element.mode = 'inline';
      element.agentName = 'Tote';
      const observer = new MutationObserver(() => {
        if ($(element, '.welcome')) welcomeShown = true;
        const articles = $$(element, 'article.message:not(.welcome)');
        if (!firstRender && articles.length > 0) firstRender = articles.map(textOf);
      });
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      host.append(element);
      observer.observe(element.shadowRoot!, { childList: true, subtree: true });

      await waitUntil(() => firstRender, 'first messages rendered');
      // The first render is the newest messages only, in order, ending with the last one.
      expect(firstRender!.length).to.be.within(1, 20);
      expect(firstRender).to.deep.equal(expected.slice(-firstRender!.length));
      // It is what the shopper sees: the log is at its end, and the newest message is in view.
      await waitUntil(() => {
        const log = $(element, '.messages')!;
        const newest = $$(element, 'article.message').at(-1)!.getBoundingClientRect();
        const box = log.getBoundingClientRect();
        return log.scrollHeight - log.scrollTop - log.clientHeight <= 2 && newest.bottom <= box.bottom + 1 && newest.bottom > box.top;
      }, 'newest message in view');

      await waitUntil(() => $$(element, 'article.message').length === 200, 'every message rendered', { timeout: 10_000 });
      observer.disconnect();
      expect($$(element, 'article.message').map(textOf)).to.deep.equal(expected);
      const log = $(element, '.messages')!;
      expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.at.most(2);
      // The stored conversation was known from the start: no welcome flashed before it.
      expect(welcomeShown).to.equal(false);
      await expect(element).shadowDom.to.be.accessible();
    } finally {
      await fetch('/__proxy/down?value=false', { method: 'POST' });
    }
  });

  // Storage is the only witness here: a later write (the element still updates after it leaves) would hide a missing one.
  it('caches a reply that settles just before the element leaves the page, and writes nothing after', async () => {
    const element = await inlineChat();
    await sendAndWait(element, 'hello');
    // Gone before the frame after which the cache would have been written.
    element.remove();
    expect((await loadSession(location.origin))?.messages).to.have.length(2);
    await clearAllSessions();
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
    expect(await loadSession(location.origin)).to.equal(undefined);
  });

  it('reset() also drops the cached messages from the device', async () => {
    const element = await inlineChat();
    await sendAndWait(element, 'hello');
    element.remove();
    await withProxyDown(async () => {
      const cached = await nextPage();
      expect(cached.messages.length, 'the device has the conversation').to.equal(2);
      cached.reset();
      await cached.updateComplete;
      cached.remove();
      const next = await nextPage();
      expect(next.messages.length).to.equal(0);
      expect($(next, '.welcome')).to.exist;
    });
  });
});

/** A CSS colour as the screen shows it, `rgb(r, g, b)`, whatever syntax computed styles serialise it in. */
function shownAs(color: string): string {
  const context = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
  context.fillStyle = color;
  context.fillRect(0, 0, 1, 1);
  const [red, green, blue] = context.getImageData(0, 0, 1, 1).data;
  return `rgb(${red}, ${green}, ${blue})`;
}

describe('<totebot-chat> themes', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  const black = 'rgb(0, 0, 0)';
  const white = 'rgb(255, 255, 255)';
  it('puts black or white on the brand colour, whichever contrasts more, right up to where both are equal', async () => {
    // WCAG 2 relative luminance; black and white contrast equally at 0.1791.
    const cases: [accent: string, luminance: string, text: string][] = [
      ['#1d4ed8', '0.1067', white],
      ['#0f766e', '0.1418', white],
      ['#7c3aed', '0.1343', white],
      ['#0000ff', '0.0722', white],
      ['#757575', '0.1779', white],
      ['#767676', '0.1812', black],
      ['#ff0000', '0.2126', black],
      ['#facc15', '0.6356', black],
      ['#86efac', '0.6978', black],
      ['#ffffff', '1', black],
    ];
    for (const [accent, luminance, text] of cases) {
      const element = await fixture<TotebotChat>(html`<totebot-chat style="--totebot-accent: ${accent}"></totebot-chat>`);
      expect(shownAs(getComputedStyle($(element, '.launcher')!).color), `${accent} (luminance ${luminance})`).to.equal(text);
      element.remove();
    }
  });

  for (const accent of ['#facc15', '#86efac', '#0f766e', '#7c3aed']) {
    it(`keeps text on a custom brand colour ${accent} readable (axe colour contrast)`, async () => {
      const element = await fixture<TotebotChat>(
        html`<totebot-chat mode="inline" agent-name="Tote" style="--totebot-accent: ${accent}"></totebot-chat>`,
      );
      await sendAndWait(element, 'hello');
      await expect(element).shadowDom.to.be.accessible();
      const title = getComputedStyle($(element, '.title')!).color;
      const light = ['#facc15', '#86efac'].includes(accent);
      expect(shownAs(title)).to.equal(light ? black : white);
    });
  }

  it('keeps the page\'s own --totebot-on-accent', async () => {
    const element = await fixture<TotebotChat>(
      html`<totebot-chat mode="inline" agent-name="Tote" style="--totebot-accent: #facc15; --totebot-on-accent: #1f2328"></totebot-chat>`,
    );
    expect(getComputedStyle($(element, '.title')!).color).to.equal('rgb(31, 35, 40)');
  });

  /** WCAG 2 contrast of two computed `rgb(…)` colours. */
  const contrast = (a: string, b: string): number => {
    const luminance = (colour: string) => {
      const [r, g, b] = colour.match(/[\d.]+/g)!.slice(0, 3).map((channel) => {
        const c = Number(channel) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (high! + 0.05) / (low! + 0.05);
  };

  for (const theme of ['dark', 'light'] as const) {
    it(`outlines controls and the focus ring at 3:1 or more against the panel and the bubbles in the ${theme} theme`, async () => {
      const element = await fixture<TotebotChat>(
        html`<totebot-chat mode="inline" agent-name="Tote" theme=${theme} suggestions="Blue totes?"></totebot-chat>`,
      );
      await element.updateComplete;
      const panel = getComputedStyle($(element, '.messages')!).backgroundColor;
      const background = panel === 'rgba(0, 0, 0, 0)' ? getComputedStyle($(element, '.panel')!).backgroundColor : panel;
      const surface = getComputedStyle($(element, '.welcome .bubble')!).backgroundColor;
      const textarea = $(element, 'textarea')!;
      textarea.focus();
      const outlines: Record<string, string> = {
        'message box border': getComputedStyle(textarea).borderTopColor,
        'focus ring': getComputedStyle(textarea).outlineColor,
        'suggestion border': getComputedStyle($(element, '.suggestion')!).borderTopColor,
      };
      // A scrollbar's thumb is a control too, where the engine takes its colours (WebKit does not).
      if (CSS.supports('scrollbar-color', 'red blue')) {
        const scrollbar = getComputedStyle($(element, '.messages')!).scrollbarColor;
        expect(scrollbar, 'the log\'s scrollbar colours').to.not.equal('auto');
        outlines['scrollbar thumb'] = scrollbar.match(/^rgba?\([^)]*\)/)![0];
      }
      await scriptNextReply([{ kind: 'error', code: 'agent_unavailable', message: 'Unavailable.' }]);
      await sendAndWait(element, 'hello');
      const retry = getComputedStyle($(element, '[part="retry-button"]')!).borderTopColor;
      for (const [name, colour] of Object.entries({ ...outlines, 'Retry border': retry })) {
        for (const [under, against] of [['panel', background], ['bubble', surface]] as const) {
          expect(contrast(colour, against), `${name} ${colour} on the ${under} ${against}`).to.be.at.least(3);
        }
      }
      // A filled control is its fill: the Send button, enabled, against the composer it sits on.
      const composer = getComputedStyle($(element, '.composer')!).backgroundColor;
      const under = composer === 'rgba(0, 0, 0, 0)' ? background : composer;
      const send = getComputedStyle($(element, '[part="send-button"]')!).backgroundColor;
      expect(contrast(send, under), `Send ${send} on ${under}`).to.be.at.least(3);
    });
  }

  for (const theme of ['dark', 'light'] as const) {
    it(`passes axe in the ${theme} theme with a conversation, an error and chips`, async () => {
      const element = await fixture<TotebotChat>(html`<totebot-chat mode="inline" agent-name="Tote" theme=${theme}></totebot-chat>`);
      await sendAndWait(element, 'Add the blue tote to my cart');
      await sendAndWait(element, 'please fail');
      await expect(element).shadowDom.to.be.accessible();
    });
  }
});

describe('<totebot-chat> with the keyboard only', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('opens, sends, rates, starts afresh and closes without a mouse', async () => {
    const { sendKeys } = await import('@web/test-runner-commands');
    const wrapper = await fixture<HTMLDivElement>(html`<div><button id="before">Store link</button><totebot-chat agent-name="Tote"></totebot-chat></div>`);
    const element = wrapper.querySelector('totebot-chat')!;
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    const active = () => shadow(element).activeElement as HTMLElement | null;
    const shiftTab = () => pressKeys('Shift', 'Tab');

    // Tab reaches the launcher; Enter opens the panel and puts focus in the message box.
    await sendKeys({ press: 'Tab' });
    expect(active()?.classList.contains('launcher')).to.equal(true);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => active()?.tagName === 'TEXTAREA', 'focus in the message box');

    // Typing and Enter sends.
    await sendKeys({ type: 'hello' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => element.messages.at(-1)?.status === 'complete', 'reply finished');
    await element.updateComplete;

    // Shift+Tab walks back through the log to the reply's rating buttons; Space presses one.
    const helpful = lastReply(element).querySelector<HTMLButtonElement>('button[aria-label="Helpful"]')!;
    for (let step = 0; step < 8 && active() !== helpful; step += 1) await shiftTab();
    expect(active()).to.equal(helpful);
    await pressKeys(' ');
    await waitUntil(() => helpful.getAttribute('aria-pressed') === 'true', 'rated');

    // The new-conversation button is reachable and works with Enter.
    const fresh = $<HTMLButtonElement>(element, 'button[aria-label="New conversation"]')!;
    for (let step = 0; step < 10 && active() !== fresh; step += 1) await shiftTab();
    expect(active()).to.equal(fresh);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => element.messages.length === 0, 'new conversation');

    // Escape closes and gives focus back to the launcher.
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => active()?.classList.contains('launcher') === true, 'focus back on the launcher');
    expect(element.opened).to.equal(false);
  });
});
