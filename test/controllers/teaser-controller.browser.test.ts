/**
 * TeaserController with a throwaway host: a shadow root that holds a launcher and whatever the
 * controller renders, updated as Lit updates (hostUpdate, render, hostUpdated, after the current
 * microtasks). Never <totebot-chat>: these fail for the controller's own fault only.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { html, render, type ReactiveController } from 'lit';
import { DEFAULT_TEASER_DELAY_MS, DISMISS_TEASER_ENGLISH, TeaserController, teaserDelay, type TeaserHost } from '../../src/controllers/teaser-controller.js';
import { ENGLISH } from '../../src/strings.js';
import { OPEN_FLAG_PREFIX, writeOpenFlag } from '../../src/storage/open-flag.js';
import { sleep } from '../support/throwaway-host.js';

const SCOPE = 'https://proxy.test/teaser';

class TeaserTestHost extends EventTarget implements TeaserHost {
  readonly controllers: ReactiveController[] = [];
  readonly element = document.createElement('div');
  readonly renderRoot: ShadowRoot = this.element.attachShadow({ mode: 'open' });
  readonly attributes = new Map<string, string>();
  mode: 'launcher' | 'inline' = 'launcher';
  opened = false;
  persist = true;
  storageScope = SCOPE;
  resolvedLang = 'en';
  /** The launcher's texts before the panel's table or a translation arrives: no dismiss label yet. */
  text: { dismissTeaser?: string } = {};
  opens = 0;
  connected = false;
  controller: TeaserController | undefined;
  #pending: Promise<boolean> | undefined;

  constructor(attributes: Record<string, string>) {
    super();
    for (const [name, value] of Object.entries(attributes)) this.attributes.set(name, value);
    document.body.append(this.element);
    this.update();
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
    if (this.connected) controller.hostConnected?.();
  }

  removeController(): void {}

  requestUpdate(): void {
    this.#pending ??= Promise.resolve().then(() => {
      this.#pending = undefined;
      this.update();
      return true;
    });
  }

  get updateComplete(): Promise<boolean> {
    return this.#pending ?? Promise.resolve(true);
  }

  update(): void {
    for (const controller of this.controllers) controller.hostUpdate?.();
    render(html`<button class="launcher" type="button">Open chat</button>${this.controller?.render('ltr')}`, this.renderRoot);
    for (const controller of this.controllers) controller.hostUpdated?.();
  }

  connect(): void {
    this.connected = true;
    for (const controller of this.controllers) controller.hostConnected?.();
  }

  disconnect(): void {
    this.connected = false;
    for (const controller of this.controllers) controller.hostDisconnected?.();
  }

  open(): void {
    this.opens += 1;
    this.opened = true;
    this.requestUpdate();
  }

  remove(): void {
    this.disconnect();
    this.element.remove();
  }
}

const hosts: TeaserTestHost[] = [];

/** A connected host with a TeaserController, as the element makes one when its chunk has loaded. */
function teaser(attributes: Record<string, string> = {}, settings: Partial<Pick<TeaserTestHost, 'mode' | 'opened' | 'persist'>> = {}) {
  const host = new TeaserTestHost({ teaser: 'Questions about this tote?', 'teaser-delay': '40', ...attributes });
  Object.assign(host, settings);
  hosts.push(host);
  host.connect();
  host.controller = new TeaserController(host);
  return host;
}

const shown = (host: TeaserTestHost) => host.renderRoot.querySelector('.teaser') !== null;
const message = (host: TeaserTestHost) => host.renderRoot.querySelector<HTMLButtonElement>('.teaser-message')!;
const closeButton = (host: TeaserTestHost) => host.renderRoot.querySelector<HTMLButtonElement>('.teaser-close')!;

describe('TeaserController', () => {
  beforeEach(() => {
    sessionStorage.clear();
  });
  afterEach(() => {
    for (const host of hosts.splice(0)) host.remove();
    sessionStorage.clear();
  });

  describe('teaserDelay', () => {
    const cases: [string | null, number][] = [
      [null, DEFAULT_TEASER_DELAY_MS],
      ['', DEFAULT_TEASER_DELAY_MS],
      ['   ', DEFAULT_TEASER_DELAY_MS],
      ['soon', DEFAULT_TEASER_DELAY_MS],
      ['-5', DEFAULT_TEASER_DELAY_MS],
      ['Infinity', DEFAULT_TEASER_DELAY_MS],
      ['0', 0],
      ['1500', 1500],
      [' 250 ', 250],
    ];
    for (const [attribute, expected] of cases) {
      it(`reads ${JSON.stringify(attribute)} as ${expected} ms`, () => {
        expect(teaserDelay(attribute)).to.equal(expected);
      });
    }

    it('defaults to 3 s', () => {
      expect(DEFAULT_TEASER_DELAY_MS).to.equal(3000);
    });
  });

  it('shows the text after teaser-delay, not before, and marks the tab', async () => {
    const started = performance.now();
    const host = teaser({ 'teaser-delay': '150' });
    await sleep(60);
    expect(shown(host)).to.equal(false);
    await waitUntil(() => shown(host), 'the teaser shows');
    expect(performance.now() - started).to.be.at.least(140);
    expect(message(host).textContent).to.equal('Questions about this tote?');
    expect(host.controller!.visible).to.equal(true);
    expect(sessionStorage.getItem(OPEN_FLAG_PREFIX + SCOPE)).to.equal('0');
  });

  it('shows once per tab session: the next page (a new host) shows none', async () => {
    const first = teaser();
    await waitUntil(() => shown(first), 'the first page shows it');
    first.remove();
    const next = teaser();
    await sleep(150);
    expect(shown(next)).to.equal(false);
  });

  it('shows none once the panel was opened in this tab, nor over an open one', async () => {
    writeOpenFlag(SCOPE, false);
    const afterOpening = teaser();
    writeOpenFlag('https://proxy.test/other', true);
    const open = teaser({}, { opened: true });
    await sleep(150);
    expect(shown(afterOpening)).to.equal(false);
    expect(shown(open)).to.equal(false);
  });

  it('shows none when the panel opens during the delay, and never overwrites its open flag', async () => {
    const host = teaser({ 'teaser-delay': '80' });
    host.opened = true;
    writeOpenFlag(SCOPE, true);
    host.requestUpdate();
    await sleep(200);
    expect(shown(host)).to.equal(false);
    expect(sessionStorage.getItem(OPEN_FLAG_PREFIX + SCOPE)).to.equal('1');
  });

  it('goes when the panel opens by other means, and does not come back', async () => {
    const host = teaser();
    await waitUntil(() => shown(host));
    host.opened = true;
    host.requestUpdate();
    await host.updateComplete;
    expect(shown(host)).to.equal(false);
    host.opened = false;
    host.requestUpdate();
    await sleep(150);
    expect(shown(host)).to.equal(false);
  });

  it('a click on its text opens the chat, once, and the teaser goes', async () => {
    const host = teaser();
    await waitUntil(() => shown(host));
    message(host).click();
    await host.updateComplete;
    expect(host.opens).to.equal(1);
    expect(shown(host)).to.equal(false);
  });

  it('names its close button in English until the element has the label, then with the element\'s', async () => {
    expect(DISMISS_TEASER_ENGLISH).to.equal(ENGLISH.dismissTeaser);
    const host = teaser();
    await waitUntil(() => shown(host));
    expect(closeButton(host).getAttribute('aria-label')).to.equal('Dismiss');
    host.text = { dismissTeaser: 'Ausblenden' };
    host.requestUpdate();
    await host.updateComplete;
    expect(closeButton(host).getAttribute('aria-label')).to.equal('Ausblenden');
  });

  it('its named close button dismisses it and gives focus to the launcher', async () => {
    const host = teaser();
    await waitUntil(() => shown(host));
    expect(closeButton(host).getAttribute('aria-label')).to.equal('Dismiss');
    closeButton(host).focus();
    closeButton(host).click();
    await host.updateComplete;
    await host.updateComplete;
    expect(shown(host)).to.equal(false);
    expect(host.renderRoot.activeElement?.className).to.equal('launcher');
    expect(host.opens).to.equal(0);
  });

  it('Escape anywhere on the page dismisses it, without moving focus that was elsewhere', async () => {
    const outside = document.createElement('button');
    document.body.append(outside);
    outside.focus();
    const host = teaser();
    await waitUntil(() => shown(host));
    outside.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await host.updateComplete;
    expect(shown(host)).to.equal(false);
    expect(document.activeElement === outside).to.equal(true);
    outside.remove();
    // Gone for good: its listener too.
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(host.opens).to.equal(0);
  });

  it('renders the text as text, never as HTML', async () => {
    const text = '<img src=x onerror="window.__teaserInjected = true">Hi <b>there</b>';
    const host = teaser({ teaser: text });
    await waitUntil(() => shown(host));
    expect(message(host).textContent).to.equal(text);
    expect(host.renderRoot.querySelectorAll('.teaser img, .teaser b').length).to.equal(0);
    expect((window as { __teaserInjected?: boolean }).__teaserInjected).to.equal(undefined);
  });

  it('shows nothing in an inline chat, or with an empty text', async () => {
    const inline = teaser({}, { mode: 'inline' });
    const blank = teaser({ teaser: '   ' });
    await sleep(150);
    expect(shown(inline)).to.equal(false);
    expect(shown(blank)).to.equal(false);
  });

  it('without consent it shows, and stores nothing', async () => {
    const host = teaser({}, { persist: false });
    await waitUntil(() => shown(host));
    expect(sessionStorage.length).to.equal(0);
  });

  it('with sessionStorage unavailable it still shows, once per page', async () => {
    const { getItem, setItem } = Storage.prototype;
    Storage.prototype.getItem = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    Storage.prototype.setItem = Storage.prototype.getItem;
    try {
      const host = teaser();
      await waitUntil(() => shown(host));
      closeButton(host).click();
      // Taken away and brought back (a framework moving the element): not again on this page.
      host.disconnect();
      host.connect();
      await sleep(150);
      expect(shown(host)).to.equal(false);
    } finally {
      Storage.prototype.getItem = getItem;
      Storage.prototype.setItem = setItem;
    }
  });

  it('taken away during the delay, it waits again when back, and shows once', async () => {
    const host = teaser({ 'teaser-delay': '100' });
    await sleep(50);
    host.disconnect();
    await sleep(100);
    expect(shown(host)).to.equal(false);
    host.connect();
    await waitUntil(() => shown(host), 'shows after the delay, counted again');
    host.disconnect();
    host.requestUpdate();
    await host.updateComplete;
    host.connect();
    await sleep(150);
    expect(shown(host)).to.equal(false);
  });

  it('adds its styles to the shadow root once, beside what is there', async () => {
    const existing = new CSSStyleSheet();
    const host = new TeaserTestHost({ teaser: 'Hi', 'teaser-delay': '0' });
    hosts.push(host);
    host.renderRoot.adoptedStyleSheets = [existing];
    host.connect();
    host.controller = new TeaserController(host);
    host.disconnect();
    host.connect();
    expect(host.renderRoot.adoptedStyleSheets.length).to.equal(2);
    expect(host.renderRoot.adoptedStyleSheets[0] === existing).to.equal(true);
  });
});
