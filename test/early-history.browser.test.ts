import { expect } from '@open-wc/testing';
import { requestEarlyHistory } from '../src/early-history.js';
import { clearAllSessions, saveSession } from '../src/storage/session-store.js';
import type { TotebotChat } from '../src/totebot-chat.js';

/** What requestEarlyHistory reads of the element. */
const host = (overrides: Partial<TotebotChat> = {}) =>
  ({ persist: true, storageScope: location.origin, retentionDays: 30, identity: undefined, endpoint: '', ...overrides }) as TotebotChat;

/** History requests this page has made for `conversationId`. */
const historyRequests = (conversationId: string) =>
  performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname === `/v1/conversations/${conversationId}/messages`).length;

/** A conversation the simulator knows, with the token the proxy issued for it, stored as the widget stores it. */
async function storedConversation(identityId?: string): Promise<{ conversationId: string; token: string }> {
  const response = await fetch('/v1/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'hello' }) });
  // The proxy's `conversation_token` event names both.
  const events = (await response.text())
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => JSON.parse(line.slice(5)) as { type: string; conversationId?: string; token?: string });
  const { conversationId, token } = events.find((event) => event.type === 'conversation_token') as { conversationId: string; token: string };
  await saveSession(location.origin, { conversationId, conversationToken: token, ...(identityId && { identity: { id: identityId } }) });
  return { conversationId, token };
}

describe('requestEarlyHistory', () => {
  beforeEach(async () => {
    await clearAllSessions();
    performance.clearResourceTimings();
  });
  // The next file's page starts with nothing stored either.
  after(() => clearAllSessions());

  it('sends the stored conversation\'s history request and reads its JSON', async () => {
    const { conversationId, token } = await storedConversation('u_1');
    const early = requestEarlyHistory(host({ identity: { id: 'u_1' } }))!;
    expect(early.conversationId).to.equal(conversationId);
    expect(early.conversationToken).to.equal(token);
    expect(early.identityId).to.equal('u_1');
    expect((await early.response).status).to.equal(200);
    const body = (await early.body) as { data: { role: string }[] };
    expect(body.data.map((message) => message.role)).to.deep.equal(['user', 'assistant']);
  });

  it('sends nothing without a stored conversation, without consent, or for another signed-in person', async () => {
    expect(requestEarlyHistory(host())).to.equal(undefined);
    const { conversationId } = await storedConversation('u_1');
    expect(requestEarlyHistory(host({ persist: false }))).to.equal(undefined);
    expect(requestEarlyHistory(host({ identity: { id: 'u_2' } }))).to.equal(undefined);
    expect(requestEarlyHistory(host({ retentionDays: 0 }))).to.equal(undefined);
    // Time enough for a request the checks let through to have been answered (this one's is in 10 ms).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(historyRequests(conversationId)).to.equal(0);
    // The page has not said who the visitor is: the stored conversation is theirs as far as it knows.
    const anonymous = requestEarlyHistory(host())!;
    await anonymous.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(historyRequests(conversationId)).to.equal(1);
  });

  it('leaves a refused request\'s body to the panel, which reports the error', async () => {
    const { conversationId } = await storedConversation();
    await saveSession(location.origin, { conversationId, conversationToken: 'A'.repeat(43) });
    const early = requestEarlyHistory(host())!;
    expect((await early.response).status).to.equal(403);
    expect(await early.body).to.equal(undefined);
    expect((await (await early.response).json()).error.code).to.be.a('string');
  });
});
