/**
 * What the shopper sees when the upstream surprises the widget: a conversation the agent no longer
 * has, a reply whose ids come early, and a reply stopped while an action runs. Against the real
 * proxy and simulator behind the test server's /v1.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { TotebotChat } from '../src/totebot-chat.js';
import { clearAllSessions, loadSession } from '../src/storage/session-store.js';
import { TabSync } from '../src/controllers/tab-sync.js';
import { scriptNextReply } from './support/simulator-script.js';

const $$ = (element: TotebotChat, selector: string) => [...element.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const lastReply = (element: TotebotChat) => $$(element, '.message.assistant').at(-1)!;

async function inlineChat(): Promise<TotebotChat> {
  const element = await fixture<TotebotChat>(html`<totebot-chat mode="inline"></totebot-chat>`);
  await waitUntil(() => element.shadowRoot!.querySelector('.title')?.textContent === 'Tote', 'agent name from /v1/agent');
  return element;
}

async function simulatorRecord(conversationId: string) {
  const response = await fetch(`/__simulator/conversations/${conversationId}`);
  return (await response.json()) as { messages: { role: string; content: string }[] };
}

/** The same page loaded again: the element leaves, and a new one restores from the device and the proxy. */
async function reload(element: TotebotChat): Promise<TotebotChat> {
  const conversationId = element.conversationId;
  element.remove();
  // The settled conversation is written after the frame that shows it, or at once as the element leaves.
  await waitUntil(async () => (await loadSession(location.origin))?.messages?.length === element.messages.length, 'the device keeps it');
  const next = await fixture<TotebotChat>(html`<totebot-chat mode="inline"></totebot-chat>`);
  await waitUntil(() => next.messages.length > 0 && next.conversationId === conversationId, 'restored');
  return next;
}

const shown = (element: TotebotChat) => element.messages.map((message) => `${message.role}:${message.status}:${message.content}`);

/** POST /v1/chat requests the page made since `since` (resource timings). */
const chatRequestsSince = (since: number) =>
  performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname === '/v1/chat' && entry.startTime >= since).length;

describe('a conversation the upstream surprises', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('starts a new conversation, sending the message once, when the agent no longer has the one on screen', async () => {
    const element = await inlineChat();
    await element.send('Hello');
    const forgotten = element.conversationId;
    expect(forgotten).to.be.a('string');

    await scriptNextReply([{ kind: 'http_error', status: 404 }]);
    const since = performance.now();
    await element.send('Do you have a blue tote?');
    await element.updateComplete;

    expect(element.conversationId).to.be.a('string').and.not.equal(forgotten);
    expect(element.messages.map((message) => `${message.role}:${message.status}`)).to.deep.equal(['user:complete', 'assistant:complete']);
    expect(element.messages[0]!.content).to.equal('Do you have a blue tote?');
    expect($$(element, '[part="notice"]').map((notice) => notice.textContent)).to.deep.equal([
      'The earlier chat had expired: this is a new one.',
    ]);
    expect($$(element, '[part="error"], [part="retry-button"]')).to.have.length(0);
    // One refused request for the old conversation, one for the new: never a dead end, never sent twice into the new one.
    // A streamed response's timing entry is recorded once its body has ended, a task after the reply finished.
    await waitUntil(() => chatRequestsSince(since) >= 2, 'both requests recorded', { timeout: 2000 });
    expect(chatRequestsSince(since)).to.equal(2);
    const record = await simulatorRecord(element.conversationId!);
    expect(record.messages.filter((message) => message.role === 'user').map((message) => message.content)).to.deep.equal(['Do you have a blue tote?']);
    await expect(element).shadowDom.to.be.accessible();
  });

  it('shows the error, and asks nothing more, when a first message is refused with 404', async () => {
    const element = await inlineChat();
    await scriptNextReply([{ kind: 'http_error', status: 404 }]);
    const since = performance.now();
    await element.send('Hello');
    await element.updateComplete;
    expect(lastReply(element).classList.contains('error')).to.equal(true);
    expect(chatRequestsSince(since)).to.equal(1);
    expect($$(element, '[part="notice"]')).to.have.length(0);
  });

  it('can rate a reply whose ids came only on an early chunk', async () => {
    const element = await inlineChat();
    await scriptNextReply([
      { kind: 'raw', frame: 'event: chunk\ndata: {"type":"chunk","conversationId":"cnv_early","messageId":"msg_early","content":"Yes, "}\n\n' },
      { kind: 'raw', frame: 'event: chunk\ndata: {"type":"chunk","content":"in blue."}\n\n' },
      { kind: 'raw', frame: 'event: completed\ndata: {"type":"completed"}\n\n' },
    ]);
    await element.send('Blue?');
    await element.updateComplete;
    expect(element.messages.at(-1)!.id).to.equal('msg_early');
    expect(lastReply(element).querySelectorAll('[part="feedback-button"]')).to.have.length(2);
  });

  it('leaves an add-to-cart that was running when the shopper pressed Stop as stopped, not failed', async () => {
    const element = await inlineChat();
    await scriptNextReply([
      {
        kind: 'raw',
        frame: 'event: action_started\ndata: {"type":"action_started","id":"ac_1","action":"add_to_cart","data":{"productId":"p_1"}}\n\n',
      },
      { kind: 'pause', ms: 5_000 },
      { kind: 'text', text: 'Added.' },
    ]);
    const sending = element.send('Add the blue tote');
    await waitUntil(() => lastReply(element)?.querySelector('[part~="chip-running"]'), 'the action runs');
    element.stop();
    await sending;
    await element.updateComplete;
    const chip = lastReply(element).querySelector<HTMLElement>('[part~="chip"]')!;
    expect(chip.getAttribute('part')).to.equal('chip chip-stopped');
    expect(chip.textContent!.trim()).to.equal('Stopped: check your cart');
    expect(lastReply(element).querySelector('[part~="chip-failed"]')).to.equal(null);
    await expect(element).shadowDom.to.be.accessible();
  });

  // Two elements with one endpoint share the origin's BroadcastChannel and Web Locks exactly as two tabs do.
  it('asks again after a busy proxy (429) the way Retry does: the other tabs hear of the reply', async () => {
    const [first, second] = [await inlineChat(), await inlineChat()];
    await scriptNextReply([{ kind: 'http_error', status: 429, retryAfter: 1 }]);
    await first.send('hello');
    expect(first.messages.at(-1)!.status).to.equal('error');
    await waitUntil(() => first.messages.at(-1)?.status === 'complete', 'retried by itself', { timeout: 5000 });
    await waitUntil(() => second.conversationId === first.conversationId && second.messages.length === 2, 'the other tab follows', { timeout: 5000 });
  });

  describe('one policy for a message sent while a reply streams, with and without Web Locks', () => {
    const locks = Object.getOwnPropertyDescriptor(Navigator.prototype, 'locks');
    for (const withLocks of [true, false]) {
      describe(withLocks ? 'with Web Locks' : 'without Web Locks', () => {
        beforeEach(() => {
          if (!withLocks) Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
        });
        afterEach(() => {
          delete (navigator as { locks?: unknown }).locks;
          expect(Object.getOwnPropertyDescriptor(Navigator.prototype, 'locks')).to.deep.equal(locks);
        });

        it('waits for the reply to finish, then sends: no reply is cut off', async () => {
          const element = await inlineChat();
          await scriptNextReply([{ kind: 'text', text: 'First ' }, { kind: 'pause', ms: 600 }, { kind: 'text', text: 'answer.' }]);
          const first = element.send('first');
          await waitUntil(() => element.messages.at(-1)?.content.startsWith('First'), 'the first reply streams');
          const second = element.send('second');
          await Promise.all([first, second]);
          await element.updateComplete;
          expect(element.messages.map((message) => `${message.role}:${message.status}`)).to.deep.equal([
            'user:complete',
            'assistant:complete',
            'user:complete',
            'assistant:complete',
          ]);
          expect(element.messages[1]!.content).to.equal('First answer.');
          expect(element.messages[2]!.content).to.equal('second');
        });

        // Two elements with one endpoint share the origin's BroadcastChannel (and Web Locks) exactly as two tabs do.
        it('lets a reply streaming in one tab finish when another tab\'s news arrives, then shows both', async () => {
          const [first, second] = [await inlineChat(), await inlineChat()];
          await first.send('hello');
          await waitUntil(() => second.conversationId === first.conversationId, 'the other tab follows');
          await scriptNextReply([{ kind: 'text', text: 'Slow ' }, { kind: 'pause', ms: 800 }, { kind: 'text', text: 'reply.' }]);
          const slow = first.send('slow one');
          await waitUntil(() => first.messages.at(-1)?.content.startsWith('Slow'), 'the slow reply streams');
          await second.send('quick one');
          await slow;
          await first.updateComplete;
          await waitUntil(() => first.messages.length === 6 && second.messages.length === 6, 'both tabs show all six messages', { timeout: 5000 });
          expect(first.messages.every((message) => message.status === 'complete')).to.equal(true);
          expect(first.shadowRoot!.querySelector('[part="stop-button"]')).to.equal(null);
        });
      });
    }
  });

  describe('after a reload, the shopper sees what they saw', () => {
    it('a failed reply, with its notice and Retry, and Retry then works', async () => {
      const element = await inlineChat();
      await element.send('Hello');
      await scriptNextReply([{ kind: 'http_error', status: 503 }]);
      await element.send('Blue tote?');
      const before = shown(element);
      const next = await reload(element);
      expect(shown(next)).to.deep.equal(before);
      await next.updateComplete;
      expect(lastReply(next).querySelector('[part="error"]')!.textContent).to.equal(next.text.errorUnavailable);
      lastReply(next).querySelector<HTMLButtonElement>('[part="retry-button"]')!.click();
      await waitUntil(() => next.messages.at(-1)?.status === 'complete', 'answered');
      expect(next.messages.filter((message) => message.content === 'Blue tote?')).to.have.length(1);
      await expect(next).shadowDom.to.be.accessible();
    });

    it('a failed first question that began no conversation', async () => {
      const element = await inlineChat();
      await scriptNextReply([{ kind: 'http_error', status: 503 }]);
      await element.send('Blue tote?');
      element.remove();
      await waitUntil(async () => (await loadSession(location.origin))?.messages?.length === 2, 'the device keeps it');
      const next = await fixture<TotebotChat>(html`<totebot-chat mode="inline"></totebot-chat>`);
      await waitUntil(() => next.messages.length === 2, 'restored');
      expect(shown(next)).to.deep.equal(['user:complete:Blue tote?', 'assistant:error:']);
      expect(lastReply(next).querySelector('[part="retry-button"]')).to.not.equal(null);
    });

    it('a question asked again shows once', async () => {
      const element = await inlineChat();
      await element.send('Hello');
      // The agent records the question, then the reply fails: asked again, it has the question twice.
      await scriptNextReply([{ kind: 'error', code: 'agent_unavailable', message: 'Unavailable.' }]);
      await element.send('Blue tote?');
      await element.retry();
      expect(shown(element).slice(2).map((line) => line.split(':').slice(0, 2).join(':'))).to.deep.equal(['user:complete', 'assistant:complete']);
      const record = await simulatorRecord(element.conversationId!);
      expect(record.messages.filter((message) => message.content === 'Blue tote?')).to.have.length(2);
      const before = shown(element);
      const next = await reload(element);
      // The device's copy shows first; then the proxy's history, merged with it.
      await waitUntil(() => next.messages.every((message) => message.id), 'the proxy\'s history is in');
      expect(shown(next)).to.deep.equal(before);
    });

    it('a stopped reply, with its chip stopped and its notice', async () => {
      const element = await inlineChat();
      await scriptNextReply([
        { kind: 'raw', frame: 'event: action_started\ndata: {"type":"action_started","id":"ac_1","action":"add_to_cart","data":{"productId":"p_1"}}\n\n' },
        { kind: 'text', text: 'Adding it' },
        { kind: 'pause', ms: 5_000 },
        { kind: 'text', text: ' now.' },
      ]);
      const sending = element.send('Add the blue tote');
      await waitUntil(() => element.messages.at(-1)?.content === 'Adding it', 'the reply streams');
      element.stop();
      await sending;
      const next = await reload(element);
      await next.updateComplete;
      expect(shown(next)).to.deep.equal(['user:complete:Add the blue tote', 'assistant:stopped:Adding it']);
      expect(lastReply(next).querySelector('[part~="chip"]')!.getAttribute('part')).to.equal('chip chip-stopped');
      expect(lastReply(next).querySelector('[part="error"]')!.textContent).to.equal(next.text.stopped);
    });

    it('a reply cut off by leaving the page is completed from the proxy, once the agent has finished it', async () => {
      const element = await inlineChat();
      await scriptNextReply([{ kind: 'text', text: 'Part one.' }, { kind: 'detached' }, { kind: 'pause', ms: 1_500 }, { kind: 'text', text: ' Part two.' }]);
      void element.send('Tell me everything');
      await waitUntil(() => element.messages.at(-1)?.content === 'Part one.', 'the reply streams');
      const next = await reload(element);
      // At first the device's copy, cut off; the agent is still writing.
      expect(next.messages.at(-1)!.content).to.equal('Part one.');
      await waitUntil(() => next.messages.at(-1)?.status === 'complete', 'completed from the proxy\'s history', { timeout: 10_000 });
      expect(shown(next)).to.deep.equal(['user:complete:Tell me everything', 'assistant:complete:Part one. Part two.']);
      await next.updateComplete;
      expect($$(next, '[part="error"], [part="retry-button"]')).to.have.length(0);
    });
  });

  it('keeps each proxy apart when the endpoint changes at run time: conversation, stored session and tabs', async () => {
    const element = await inlineChat();
    await element.send('Hello from the first store');
    const first = element.conversationId!;
    const second = `${location.origin}/__second-proxy`;

    element.endpoint = second;
    await element.updateComplete;
    expect(element.messages).to.have.length(0);
    await element.send('Hello from the second store');
    const other = element.conversationId!;
    expect(other).to.be.a('string').and.not.equal(first);
    await waitUntil(async () => (await loadSession(second))?.conversationId === other, 'stored under the second proxy');
    expect((await loadSession(location.origin))?.conversationId).to.equal(first);

    // The first proxy's tabs no longer reach it.
    const firstProxyTabs = new TabSync(`totebot-chat:${location.origin}`, () => {});
    firstProxyTabs.open();
    firstProxyTabs.announce({ conversationId: undefined, conversationToken: undefined });
    firstProxyTabs.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(element.conversationId).to.equal(other);

    element.endpoint = '';
    await waitUntil(() => element.conversationId === first && element.messages.length === 2, 'the first conversation is back');
    expect(element.messages[0]!.content).to.equal('Hello from the first store');
  });

  it('lets the shopper undo the header\'s new-conversation button, and not once a new message is sent', async () => {
    const element = await inlineChat();
    await element.send('Hello');
    const first = element.conversationId!;
    const newConversation = () => element.shadowRoot!.querySelector<HTMLButtonElement>('.header button[aria-label="New conversation"]')!;
    newConversation().click();
    await element.updateComplete;
    expect(element.messages).to.have.length(0);
    const undo = element.shadowRoot!.querySelector<HTMLButtonElement>('[part="undo-button"]')!;
    expect(undo.textContent).to.equal('Undo');
    await expect(element).shadowDom.to.be.accessible();
    undo.click();
    await element.updateComplete;
    expect(element.conversationId).to.equal(first);
    expect(element.messages.map((message) => message.content)[0]).to.equal('Hello');
    await waitUntil(async () => (await loadSession(location.origin))?.conversationId === first, 'stored again');
    expect(element.shadowRoot!.querySelector('[part="undo-button"]')).to.equal(null);

    newConversation().click();
    await element.send('Something else');
    expect(element.shadowRoot!.querySelector('[part="undo-button"]')).to.equal(null);
    expect(element.conversationId).to.not.equal(first);
  });
});
