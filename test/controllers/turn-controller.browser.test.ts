/**
 * The turn controller with a throwaway host and a fake proxy client: one turn at a time (with and
 * without Web Locks), what the other tabs hear, and their news applied only between turns. Another
 * tab is a BroadcastChannel of the same name in this page, which the browser delivers to exactly as
 * to another tab.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { TurnController } from '../../src/controllers/turn-controller.js';
import type { TabNews } from '../../src/controllers/tab-sync.js';
import { FakeApiClient, quietConversation } from '../support/fake-api-client.js';
import { sleep, ThrowawayHost } from '../support/throwaway-host.js';

let scopes = 0;

function setup() {
  const scope = `https://proxy.test/turns-${Date.now()}-${(scopes += 1)}`;
  const host = new ThrowawayHost();
  const client = new FakeApiClient();
  const conversation = quietConversation(host, client);
  host.connect();
  const turns = new TurnController(conversation, scope);
  turns.open(scope);
  const other = otherTab(scope);
  return { scope, client, conversation, turns, other };
}

/** Another tab of the store: what it hears, and news it sends. */
function otherTab(scope: string) {
  const channel = new BroadcastChannel(`totebot-chat:${scope}`);
  const heard: TabNews[] = [];
  channel.onmessage = ({ data }) => heard.push(data as TabNews);
  return { heard, tell: (news: TabNews) => channel.postMessage(news), close: () => channel.close() };
}

/** A turn that holds until `end()`, and says when it began. */
function heldTurn() {
  let end!: () => void;
  const state = { began: false, ended: false };
  const done = new Promise<void>((resolve) => (end = resolve));
  const turn = async () => {
    state.began = true;
    await done;
    state.ended = true;
  };
  return { turn, end, state };
}

/** Runs `body` with or without Web Locks. */
async function withLocks(available: boolean, body: () => Promise<void>): Promise<void> {
  if (available) {
    if (!navigator.locks) return; // An engine without them has the other case only.
    return body();
  }
  Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
  try {
    await body();
  } finally {
    delete (navigator as { locks?: unknown }).locks;
  }
}

describe('TurnController', () => {
  for (const locks of [true, false]) {
    it(`runs one turn at a time ${locks ? 'with' : 'without'} Web Locks: a second waits for the first to end`, async () => {
      await withLocks(locks, async () => {
        const { turns, other } = setup();
        const first = heldTurn();
        const second = heldTurn();
        const running = [turns.run(first.turn), turns.run(second.turn)];
        await waitUntil(() => first.state.began, 'the first turn runs');
        await sleep(50);
        expect(second.state.began).to.equal(false);
        first.end();
        await waitUntil(() => second.state.began, 'then the second');
        second.end();
        await Promise.all(running);
        other.close();
      });
    });
  }

  it('tells the other tabs which conversation this one shows once a turn ends, and never itself', async () => {
    const { turns, client, conversation, other } = setup();
    client.onStream = (stream) => {
      stream.emit({ type: 'conversation_token', conversationId: 'cnv_1', token: 'tok_1' });
      stream.reply('ok', { conversationId: 'cnv_1' });
    };
    await turns.run(() => conversation.send('hello', undefined));
    await waitUntil(() => other.heard.length === 1, 'the other tab hears');
    expect(other.heard).to.deep.equal([{ conversationId: 'cnv_1', conversationToken: 'tok_1' }]);
    // Its own news is not echoed back into it as a reload.
    await sleep(50);
    expect(client.historyRequests).to.deep.equal([]);
    other.close();
  });

  it('reloads the conversation another tab names, and starts afresh when it names none', async () => {
    const { client, conversation, other } = setup();
    client.history = async () => [{ id: 'h1', role: 'user', content: 'from the other tab', feedback: null }];
    other.tell({ conversationId: 'cnv_2', conversationToken: 'tok_2' });
    await waitUntil(() => conversation.messages.length === 1, 'reloaded');
    expect(client.historyRequests).to.deep.equal([{ conversationId: 'cnv_2', conversationToken: 'tok_2' }]);
    expect(conversation.conversationId).to.equal('cnv_2');
    other.tell({ conversationId: undefined, conversationToken: undefined });
    await waitUntil(() => conversation.conversationId === undefined, 'a new conversation');
    expect(conversation.messages).to.deep.equal([]);
    other.close();
  });

  it('keeps news that comes while a reply streams until the turn ends, then applies it', async () => {
    const { turns, client, conversation, other } = setup();
    client.history = async () => [{ id: 'h1', role: 'user', content: 'from the other tab', feedback: null }];
    const turn = turns.run(() => conversation.send('hello', undefined));
    await waitUntil(() => client.streams.length === 1, 'the reply streams');
    other.tell({ conversationId: 'cnv_2', conversationToken: 'tok_2' });
    await sleep(100);
    // Not under the streaming reply: it would be cut off, and busy left set with nothing streaming.
    expect(client.historyRequests).to.deep.equal([]);
    expect(conversation.busy).to.equal(true);
    client.lastStream.reply('ok');
    await turn;
    await waitUntil(() => client.historyRequests.length === 1, 'applied once the turn ended');
    expect(conversation.conversationId).to.equal('cnv_2');
    other.close();
  });

  it('starts a turn only once the reload that another tab\'s news started is in', async () => {
    const { turns, client, conversation, other } = setup();
    let answer!: () => void;
    client.history = () => new Promise((resolve) => (answer = () => resolve([{ id: 'h1', role: 'user', content: 'earlier', feedback: null }])));
    other.tell({ conversationId: 'cnv_2', conversationToken: 'tok_2' });
    await waitUntil(() => client.historyRequests.length === 1, 'reloading');
    const turn = heldTurn();
    const running = turns.run(turn.turn);
    await sleep(50);
    expect(turn.state.began).to.equal(false);
    answer();
    await waitUntil(() => turn.state.began, 'the turn runs after the reload');
    expect(conversation.messages.map((message) => message.content)).to.deep.equal(['earlier']);
    turn.end();
    await running;
    other.close();
  });

  it('moves to another proxy\'s channel: the old store\'s tabs are no longer heard, the new one\'s are', async () => {
    const { turns, client, conversation, other } = setup();
    const scope = `https://proxy.test/moved-${Date.now()}`;
    turns.open(scope);
    const moved = otherTab(scope);
    other.tell({ conversationId: 'cnv_old', conversationToken: undefined });
    await sleep(100);
    expect(client.historyRequests).to.deep.equal([]);
    moved.tell({ conversationId: 'cnv_new', conversationToken: undefined });
    await waitUntil(() => client.historyRequests.length === 1, 'the new store\'s tab is heard');
    expect(client.historyRequests[0]!.conversationId).to.equal('cnv_new');
    await waitUntil(() => conversation.conversationId === 'cnv_new');
    turns.tellOthers();
    await waitUntil(() => moved.heard.length === 1, 'and told');
    await sleep(50);
    expect(other.heard).to.deep.equal([]);
    turns.close();
    moved.tell({ conversationId: 'cnv_closed', conversationToken: undefined });
    await sleep(100);
    expect(client.historyRequests).to.have.length(1);
    other.close();
    moved.close();
  });
});
