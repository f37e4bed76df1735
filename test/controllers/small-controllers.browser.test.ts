/** DraftController, UndoWindow, NetworkStatus and ComposerController with a throwaway host. */
import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { ComposerController } from '../../src/controllers/composer-controller.js';
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

describe('ComposerController', () => {
  /** A composer in a throwaway host whose render root is in the page, rendered after each update. */
  function composerIn(ready: Promise<unknown> = Promise.resolve()) {
    const host = new ThrowawayHost();
    document.body.append(host.renderRoot);
    const sent: string[] = [];
    const store = { ...recordingStore(), ready };
    const state = { busy: false, stops: 0 };
    const composer = new ComposerController(host, store, {
      send: async (text) => void sent.push(text),
      stop: () => void (state.stops += 1),
      busy: () => state.busy,
    });
    host.addController({ hostUpdate: () => render(composer.render(), host.renderRoot) });
    host.connect();
    const box = () => host.renderRoot.querySelector('textarea')!;
    const type = async (text: string) => {
      box().value = text;
      box().dispatchEvent(new InputEvent('input'));
      await host.updateComplete;
    };
    const submit = async () => {
      host.renderRoot.querySelector('form')!.requestSubmit();
      await host.updateComplete;
    };
    return { host, composer, sent, state, box, type, submit, done: () => host.renderRoot.remove() };
  }

  it('sends the trimmed draft on submit and empties the box; sends nothing blank or while a reply streams', async () => {
    const { host, composer, sent, state, box, type, submit, done } = composerIn();
    await host.updateComplete;
    await type('   ');
    await submit();
    expect(sent).to.deep.equal([]);
    await type('  a blue tote? ');
    state.busy = true;
    host.requestUpdate();
    await host.updateComplete;
    // While a reply streams the button is Stop, and Enter sends nothing.
    host.renderRoot.querySelector<HTMLButtonElement>('[part="stop-button"]')!.click();
    expect(state.stops).to.equal(1);
    box().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', cancelable: true }));
    expect(sent).to.deep.equal([]);
    state.busy = false;
    host.requestUpdate();
    await host.updateComplete;
    await submit();
    expect(sent).to.deep.equal(['a blue tote?']);
    expect(composer.draft.text).to.equal('');
    expect(box().value).to.equal('');
    done();
  });

  it('focuses the box only once the stored session is read', async () => {
    let settle!: () => void;
    const { host, composer, box, done } = composerIn(new Promise<void>((resolve) => (settle = resolve)));
    await host.updateComplete;
    const focused = composer.focusInput();
    await sleep(20);
    expect(host.renderRoot.contains(document.activeElement)).to.equal(false);
    settle();
    await focused;
    expect(document.activeElement === box()).to.equal(true);
    done();
  });

  it('open({ message }) fills the box as written; open({ message, send }) sends it', async () => {
    const { host, composer, sent, box, done } = composerIn();
    await composer.compose({ message: 'About the tote: ' });
    await host.updateComplete;
    expect(box().value).to.equal('About the tote: ');
    await composer.compose({ message: ' Is it washable? ', send: true });
    expect(sent).to.deep.equal(['Is it washable?']);
    done();
  });
});
