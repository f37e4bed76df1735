/**
 * The restore controller with a throwaway host, a fake proxy client and a device store stand-in: it
 * carries out the restore plan (state/restore-plan.ts, tested case by case in Node) and keeps the
 * one phase rendering reads.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { RestoreController } from '../../src/controllers/restore-controller.js';
import type { EarlyHistory } from '../../src/early-history.js';
import type { Identity } from '../../src/protocol/events.js';
import type { DeviceStore } from '../../src/storage/device-store.js';
import type { StoredSession } from '../../src/storage/session-store.js';
import { FakeApiClient, quietConversation } from '../support/fake-api-client.js';
import { sleep, ThrowawayHost } from '../support/throwaway-host.js';

const SCOPE = 'https://proxy.test/restore';

function setup(identity?: Identity) {
  const host = new ThrowawayHost({ storageScope: SCOPE, identity });
  const client = new FakeApiClient();
  const conversation = quietConversation(host, client);
  host.connect();
  let read!: (session: StoredSession) => void;
  const saves: Partial<StoredSession>[] = [];
  const device = {
    loaded: false,
    ready: new Promise<StoredSession>((resolve) => (read = resolve)),
    save: (change: Partial<StoredSession>) => saves.push(change),
  };
  const restore = new RestoreController(host, conversation, device as unknown as DeviceStore);
  /** The stored session is read: the device store calls `stored` with it, then settles `ready`. */
  const storedRead = (stored: StoredSession) => {
    device.loaded = true;
    restore.stored(stored);
    read(stored);
  };
  const contents = () => conversation.messages.map((message) => message.content);
  return { host, client, conversation, device, saves, restore, storedRead, contents };
}

function early(fields: Partial<EarlyHistory> = {}): EarlyHistory {
  const response = Promise.resolve(new Response('[]'));
  return { conversationId: 'cnv_1', conversationToken: 'tok_1', identityId: undefined, scope: SCOPE, response, body: Promise.resolve([]), ...fields };
}

const history = [
  { id: 'h1', role: 'user' as const, content: 'hello', feedback: null },
  { id: 'h2', role: 'assistant' as const, content: 'Hi from the proxy', feedback: null },
];
const cachedMessages = [
  { id: 'h1', role: 'user', content: 'hello', feedback: null },
  { id: 'h2', role: 'assistant', content: 'Hi from the device', feedback: null },
];

describe('RestoreController', () => {
  it('takes the launcher\'s request and stays restoring until both the history and the stored session are in', async () => {
    const { client, restore, storedRead, contents, saves } = setup();
    let answer!: () => void;
    client.history = () => new Promise((resolve) => (answer = () => resolve(history)));
    const request = early();
    restore.begin(request);
    expect(restore.phase).to.equal('restoring');
    // The request already sent, not a second one.
    expect(client.historyRequests).to.deep.equal([request]);
    answer();
    await sleep(20);
    expect(contents()).to.deep.equal(['hello', 'Hi from the proxy']);
    expect(restore.phase, 'the stored session is not read yet').to.equal('restoring');
    storedRead({ conversationId: 'cnv_1', conversationToken: 'tok_1', messages: cachedMessages });
    await waitUntil(() => restore.phase === 'settled', 'settled');
    // The history was in first: the device's copy does not replace it, and it is not asked for again.
    expect(contents()).to.deep.equal(['hello', 'Hi from the proxy']);
    expect(client.historyRequests).to.have.length(1);
    expect(saves).to.deep.equal([]);
  });

  it('keeps what only the device knows when the hinted history is in before the stored session is read', async () => {
    const { client, restore, storedRead, contents, conversation } = setup();
    // The agent never finished the reply: the proxy has the question only; the device saw it stopped.
    client.history = async () => [{ id: 'h1', role: 'user', content: 'Add the blue tote', feedback: null }];
    restore.begin(early());
    await waitUntil(() => contents().length === 1, 'the hinted history shows');
    storedRead({
      conversationId: 'cnv_1',
      conversationToken: 'tok_1',
      messages: [
        { id: 'h1', role: 'user', content: 'Add the blue tote', feedback: null },
        { id: '', role: 'assistant', content: 'Adding it', feedback: null, status: 'stopped', chips: [{ id: 'ac_1', kind: 'action', name: 'add_to_cart', state: 'stopped' }] },
      ],
    });
    await waitUntil(() => restore.phase === 'settled', 'settled');
    expect(conversation.messages.map((message) => `${message.role}:${message.status}:${message.content}`)).to.deep.equal([
      'user:complete:Add the blue tote',
      'assistant:stopped:Adding it',
    ]);
    expect(conversation.messages[1]!.chips.map((chip) => chip.state)).to.deep.equal(['stopped']);
    expect(client.historyRequests).to.have.length(1);
  });

  it('goes on asking for a reply cut off by leaving when the hinted history came in first without it', async () => {
    const { client, restore, storedRead, contents } = setup();
    const question = { id: 'h1', role: 'user' as const, content: 'Tell me everything', feedback: null };
    client.history = async () => [question];
    restore.begin(early());
    await waitUntil(() => contents().length === 1, 'the hinted history shows');
    storedRead({
      conversationId: 'cnv_1',
      conversationToken: 'tok_1',
      messages: [question, { id: '', role: 'assistant', content: 'Part one.', feedback: null, status: 'interrupted', resumable: true }],
    });
    expect(contents()).to.deep.equal(['Tell me everything', 'Part one.']);
    client.history = async () => [question, { id: 'h2', role: 'assistant', content: 'Part one. Part two.', feedback: null }];
    await waitUntil(() => contents()[1] === 'Part one. Part two.', 'completed from the proxy\'s history', { timeout: 6000 });
  });

  it('settles even when the proxy fails, once the stored session is in', async () => {
    const { client, restore, storedRead } = setup();
    client.history = async () => {
      throw new Error('offline');
    };
    restore.begin(early());
    await sleep(20);
    expect(restore.phase).to.equal('restoring');
    storedRead({ conversationId: 'cnv_1', conversationToken: 'tok_1', messages: cachedMessages });
    await waitUntil(() => restore.phase === 'settled', 'settled');
  });

  it('shows the device\'s copy while the hinted history is on its way', async () => {
    const { client, restore, storedRead, contents } = setup();
    let answer!: () => void;
    client.history = () => new Promise((resolve) => (answer = () => resolve(history)));
    restore.begin(early());
    storedRead({ conversationId: 'cnv_1', conversationToken: 'tok_1', messages: cachedMessages });
    expect(contents()).to.deep.equal(['hello', 'Hi from the device']);
    answer();
    await waitUntil(() => restore.phase === 'settled', 'settled');
    expect(contents()).to.deep.equal(['hello', 'Hi from the proxy']);
    expect(client.historyRequests).to.have.length(1);
  });

  it('leaves a request for another proxy, or for another visitor, or once something shows', async () => {
    for (const [why, request, identity] of [
      ['another proxy', early({ scope: 'https://proxy.test/other' }), undefined],
      ['another visitor', early({ identityId: 'u_1' }), { id: 'u_2' }],
    ] as const) {
      const { client, restore } = setup(identity);
      restore.begin(request);
      expect(restore.phase, why).to.equal('settled');
      expect(client.historyRequests, why).to.deep.equal([]);
    }
    const { client, conversation, restore } = setup();
    conversation.showCached([{ key: 'k', role: 'user', content: 'typed', status: 'complete', chips: [], feedback: null, createdAt: '' }]);
    restore.begin(early());
    expect(client.historyRequests).to.deep.equal([]);
    restore.begin(undefined);
    expect(restore.phase).to.equal('settled');
  });

  it('without a hint, shows the device\'s copy at once and asks for the stored conversation\'s history', async () => {
    const { client, conversation, restore, storedRead, contents } = setup();
    client.history = async () => history;
    restore.begin(undefined);
    storedRead({ conversationId: 'cnv_1', conversationToken: 'tok_1', messages: cachedMessages });
    expect(contents()).to.deep.equal(['hello', 'Hi from the device']);
    expect(client.historyRequests).to.deep.equal([{ conversationId: 'cnv_1', conversationToken: 'tok_1' }]);
    await waitUntil(() => contents()[1] === 'Hi from the proxy', 'the proxy\'s history merged in');
    expect(conversation.conversationId).to.equal('cnv_1');
  });

  it('shows what the device keeps of a conversation the agent never began, without asking the proxy', async () => {
    const { client, storedRead, contents, conversation } = setup();
    storedRead({ messages: [{ id: '', role: 'user', content: 'never answered', feedback: null }] });
    expect(contents()).to.deep.equal(['never answered']);
    expect(conversation.conversationId).to.equal(undefined);
    expect(client.historyRequests).to.deep.equal([]);
  });

  it('drops the hinted conversation when the record no longer holds it', async () => {
    const { client, restore, storedRead, contents, conversation } = setup();
    client.history = async () => history;
    restore.begin(early());
    await waitUntil(() => contents().length === 2, 'the hinted history shows');
    storedRead({});
    expect(contents()).to.deep.equal([]);
    expect(conversation.conversationId).to.equal(undefined);
  });

  it('forgets another person\'s stored conversation on this device and keeps the page\'s visitor', async () => {
    const { client, storedRead, contents, saves } = setup({ id: 'u_2' });
    storedRead({ conversationId: 'cnv_1', conversationToken: 'tok_1', identity: { id: 'u_1' }, messages: cachedMessages });
    expect(contents()).to.deep.equal([]);
    expect(client.historyRequests).to.deep.equal([]);
    expect(saves).to.deep.equal([{ conversationId: undefined, conversationToken: undefined, messages: undefined, identity: { id: 'u_2' } }]);
  });

  it('stores the page\'s visitor with the conversation it restores', async () => {
    const { restore, storedRead, saves } = setup({ id: 'u_1', name: 'Ana' });
    storedRead({ conversationId: 'cnv_1', identity: { id: 'u_1' } });
    expect(saves).to.deep.equal([{ identity: { id: 'u_1', name: 'Ana' } }]);
    expect(restore.phase).to.equal('settled');
  });
});
