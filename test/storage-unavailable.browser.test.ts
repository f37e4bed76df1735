import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import { clearAllSessions } from '../src/storage/session-store.js';
import type { TotebotChat } from '../src/totebot-chat.js';

/**
 * IndexedDB as private modes and broken profiles leave it: opening it fails, or every operation
 * throws, fails or never answers. The widget falls back to memory and keeps working. A page of its
 * own (Web Test Runner runs each file in its own page), so the IndexedDB this file breaks is
 * nobody else's.
 */
const realOpen = IDBFactory.prototype.open;
const realTransaction = IDBDatabase.prototype.transaction;
afterEach(async () => {
  IDBFactory.prototype.open = realOpen;
  IDBDatabase.prototype.transaction = realTransaction;
  // Also what the previous test kept in memory, where the widget fell back to.
  await clearAllSessions();
});

const failure = () => new DOMException('The operation failed for reasons unrelated to the database itself.', 'UnknownError');

/** An object with IDBRequest's event slots that `settle` fires (later), or never. */
function fakeRequest<T extends object>(settle: (target: { onerror?: () => void; error?: DOMException }) => void): T {
  const target = { error: failure() };
  settle(target);
  return target as T;
}
const failLater = (target: { onerror?: () => void }) => setTimeout(() => target.onerror?.());
const never = () => {};

/** Every transaction on an open database behaves as `settle` says: its requests and its completion. */
function breakTransactions(settle: (target: { onerror?: () => void }) => void): void {
  IDBDatabase.prototype.transaction = function () {
    const transaction = fakeRequest<IDBTransaction>(settle);
    const request = () => fakeRequest<IDBRequest>(settle);
    const store = { transaction, get: request, put: request, delete: request, clear: request };
    return { ...transaction, objectStore: () => store } as unknown as IDBTransaction;
  };
}

async function chatsAndRestores(): Promise<number> {
  const started = performance.now();
  const first = await fixture<TotebotChat>(html`<totebot-chat mode="inline" agent-name="Tote"></totebot-chat>`);
  await first.send('Do you have a blue tote?');
  expect(first.messages.map((message) => [message.role, message.status])).to.deep.equal([
    ['user', 'complete'],
    ['assistant', 'complete'],
  ]);
  const conversationId = first.conversationId;
  expect(conversationId).to.be.a('string');
  first.remove();
  // The next element on the page continues the conversation, from what the widget kept in memory:
  // without the localStorage hint, which would restore it from the proxy whatever the storage does.
  localStorage.removeItem(`totebot-chat:session:${location.origin}`);
  const second = await fixture<TotebotChat>(html`<totebot-chat mode="inline" agent-name="Tote"></totebot-chat>`);
  await waitUntil(() => second.messages.length === 2, 'the conversation continues', { timeout: 5000 });
  expect(second.conversationId).to.equal(conversationId);
  second.remove();
  return performance.now() - started;
}

describe('<totebot-chat> without IndexedDB', () => {
  // First: before anything on this page has opened the database.
  it('keeps working when opening IndexedDB fails (a private mode)', async () => {
    IDBFactory.prototype.open = () => fakeRequest<IDBOpenDBRequest>(failLater);
    await chatsAndRestores();
  });

  it('keeps working when every IndexedDB operation throws', async () => {
    IDBDatabase.prototype.transaction = () => {
      throw failure();
    };
    await chatsAndRestores();
  });

  it('keeps working when every IndexedDB operation fails', async () => {
    breakTransactions(failLater);
    await chatsAndRestores();
  });

  it('keeps working when IndexedDB never answers, after a short wait', async () => {
    breakTransactions(never);
    // The first element sends once its session has waited out the storage timeout (1.5 s).
    expect(await chatsAndRestores()).to.be.above(1500);
  });
});
