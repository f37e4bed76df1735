/**
 * The cache controller with a throwaway host and a device store that records what it is asked to
 * save: settled lists written after the frame that shows them, a reply cut off by leaving written
 * at once, nothing before the stored session is read.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { CacheController } from '../../src/controllers/cache-controller.js';
import type { CachedMessage } from '../../src/state/cached-messages.js';
import type { DeviceStore } from '../../src/storage/device-store.js';
import type { StoredSession } from '../../src/storage/session-store.js';
import { FakeApiClient, quietConversation } from '../support/fake-api-client.js';
import { frames, ThrowawayHost } from '../support/throwaway-host.js';

function setup({ loaded = true } = {}) {
  const host = new ThrowawayHost();
  const client = new FakeApiClient();
  const conversation = quietConversation(host, client);
  const saves: Partial<StoredSession>[] = [];
  const device = { loaded, save: (change: Partial<StoredSession>) => saves.push(change) };
  new CacheController(host, conversation, device as unknown as DeviceStore);
  host.connect();
  const written = () => saves.map((change) => (change.messages as CachedMessage[]).map((message) => `${message.role}:${message.status ?? 'complete'}:${message.content}`));
  return { host, client, conversation, device, saves, written };
}

describe('CacheController', () => {
  it('writes a settled conversation after the frame that shows it, once, and never while a reply streams', async () => {
    const { host, client, conversation, saves, written } = setup();
    const sent = conversation.send('hello', undefined);
    await host.updateComplete;
    await frames();
    expect(saves, 'nothing while the reply streams').to.deep.equal([]);
    client.lastStream.reply('Hi there');
    await sent;
    await host.updateComplete;
    // Not in the update's own task: it would hold that frame's paint back.
    expect(saves).to.deep.equal([]);
    await waitUntil(() => saves.length === 1, 'written after the frame');
    expect(written()).to.deep.equal([['user:complete:hello', 'assistant:complete:Hi there']]);
    host.requestUpdate();
    await host.updateComplete;
    await frames();
    expect(saves, 'an unchanged list is not written again').to.have.length(1);
  });

  it('writes only the newest of several lists settled before a frame', async () => {
    const { host, conversation, saves, written } = setup();
    const message = (content: string) => ({ key: content, role: 'user' as const, content, status: 'complete' as const, chips: [], feedback: null, createdAt: '' });
    conversation.showCached([message('one')]);
    host.update();
    conversation.reset();
    conversation.showCached([message('two')]);
    host.update();
    await frames();
    expect(written()).to.deep.equal([['user:complete:two']]);
    expect(saves).to.have.length(1);
  });

  it('writes nothing before the stored session is read, then the list that settled meanwhile', async () => {
    const { host, conversation, device, saves, written } = setup({ loaded: false });
    conversation.showCached([{ key: 'k', role: 'user', content: 'hello', status: 'complete', chips: [], feedback: null, createdAt: '' }]);
    await host.updateComplete;
    await frames();
    dispatchEvent(new PageTransitionEvent('pagehide'));
    host.disconnect();
    expect(saves).to.deep.equal([]);
    host.connect();
    device.loaded = true;
    host.requestUpdate();
    await waitUntil(() => saves.length === 1, 'written once read');
    expect(written()).to.deep.equal([['user:complete:hello']]);
  });

  it('writes a reply still streaming when the page is hidden, cut off and resumable, at once', async () => {
    const { host, client, conversation, saves } = setup();
    void conversation.send('hello', undefined);
    client.lastStream.emit({ type: 'chunk', content: 'Half of it' });
    await waitUntil(() => conversation.messages.at(-1)?.content === 'Half of it', 'the text shows');
    dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(saves).to.have.length(1);
    const last = (saves[0]!.messages as CachedMessage[]).at(-1)!;
    expect(last).to.include({ role: 'assistant', content: 'Half of it', status: 'interrupted', resumable: true });
    conversation.stop();
    host.disconnect();
  });

  it('writes a settled list still waiting for its frame when the element leaves, and listens for pagehide no more', async () => {
    const { host, client, conversation, saves, written } = setup();
    client.onStream = (stream) => stream.reply('Hi');
    await conversation.send('hello', undefined);
    host.update();
    host.disconnect();
    expect(written()).to.deep.equal([['user:complete:hello', 'assistant:complete:Hi']]);
    // Lit still updates an element that has left: the same list is not written again.
    host.update();
    await frames();
    expect(saves).to.have.length(1);
    void conversation.send('again', undefined);
    dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(saves).to.have.length(1);
    conversation.stop();
  });

  it('writes nothing after the write it makes on leaving: a list that settles later is not stored', async () => {
    const { host, client, conversation, saves } = setup();
    client.onStream = (stream) => stream.reply('Hi');
    await conversation.send('hello', undefined);
    host.disconnect();
    expect(saves).to.have.length(1);
    // An answer that arrives after the element left changes the list; Lit still updates an element that has left.
    conversation.reset();
    conversation.showCached([{ key: 'late', role: 'user', content: 'late', status: 'complete', chips: [], feedback: null, createdAt: '' }]);
    host.update();
    await frames();
    await new Promise((resolve) => setTimeout(resolve));
    expect(saves).to.have.length(1);
  });

  it('writes nothing for an empty conversation (a new one begins)', async () => {
    const { host, conversation, saves } = setup();
    conversation.reset();
    host.update();
    await frames();
    host.disconnect();
    expect(saves).to.deep.equal([]);
  });
});
