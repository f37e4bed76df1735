/** DraftController, UndoWindow and NetworkStatus with a throwaway host. */
import { expect } from '@open-wc/testing';
import { DraftController } from '../../src/controllers/draft-controller.js';
import { NetworkStatus } from '../../src/controllers/network-status.js';
import { UndoWindow } from '../../src/controllers/undo-window.js';
import type { StoredSession } from '../../src/storage/session-store.js';
import { sleep, ThrowawayHost } from '../support/throwaway-host.js';

function recordingStore() {
  const saved: Partial<StoredSession>[] = [];
  return { saved, save: (change: Partial<StoredSession>) => void saved.push(change) };
}

describe('DraftController', () => {
  it('saves once typing pauses, not per keystroke, and at once when the box is emptied', async () => {
    const host = new ThrowawayHost();
    host.connect();
    const store = recordingStore();
    const draft = new DraftController(host, store);
    draft.set('h');
    draft.set('he');
    draft.set('hey');
    expect(draft.text).to.equal('hey');
    expect(store.saved.length).to.equal(0);
    await sleep(400);
    expect(JSON.stringify(store.saved)).to.equal('[{"draft":"hey"}]');
    draft.set('');
    await sleep(10);
    expect(JSON.stringify(store.saved)).to.equal('[{"draft":"hey"},{}]');
    expect('draft' in store.saved[1]!).to.equal(true);
  });

  it('takes the stored draft only while the shopper has typed nothing', () => {
    const host = new ThrowawayHost();
    const draft = new DraftController(host, recordingStore());
    draft.restored('from last page');
    expect(draft.text).to.equal('from last page');
    draft.set('typed');
    draft.restored('stale');
    expect(draft.text).to.equal('typed');
  });

  it('saves nothing once discarded or disconnected', async () => {
    const host = new ThrowawayHost();
    host.connect();
    const store = recordingStore();
    const draft = new DraftController(host, store);
    draft.set('one');
    draft.discard();
    expect(draft.text).to.equal('');
    draft.set('two');
    host.disconnect();
    await sleep(400);
    expect(store.saved.length).to.equal(0);
  });
});

describe('UndoWindow', () => {
  it('hands back what it keeps once, and closes', () => {
    const host = new ThrowawayHost();
    const undo = new UndoWindow<string>(host);
    expect(undo.open).to.equal(false);
    undo.offer('conversation');
    expect(undo.open).to.equal(true);
    expect(undo.take()).to.equal('conversation');
    expect(undo.open).to.equal(false);
    expect(undo.take()).to.equal(undefined);
  });

  it('closes by itself when its time is up, and asks for a render', async () => {
    const host = new ThrowawayHost();
    const undo = new UndoWindow<string>(host, 30);
    undo.offer('conversation');
    const before = host.updatesRequested;
    await sleep(60);
    expect(undo.open).to.equal(false);
    expect(host.updatesRequested).to.be.greaterThan(before);
  });

  it('closes when the host disconnects', () => {
    const host = new ThrowawayHost();
    host.connect();
    const undo = new UndoWindow<string>(host);
    undo.offer('conversation');
    host.disconnect();
    expect(undo.open).to.equal(false);
  });
});

describe('NetworkStatus', () => {
  it('follows the browser\'s online and offline events while connected, and asks for a render', () => {
    const host = new ThrowawayHost();
    const network = new NetworkStatus(host);
    host.connect();
    const before = host.updatesRequested;
    window.dispatchEvent(new Event('offline'));
    expect(host.updatesRequested).to.equal(before + 1);
    host.disconnect();
    window.dispatchEvent(new Event('online'));
    expect(host.updatesRequested).to.equal(before + 1);
    expect(network.online).to.equal(navigator.onLine);
  });
});
