/**
 * FocusTrapController: at a phone's width the open panel fills the screen and is modal; Tab and
 * Shift+Tab cycle inside it, through the page's slotted content and a nested shadow root, never
 * reaching the covered launcher or the page. Real keys, in a page of its own of a phone's width.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { tabStops } from '../../src/controllers/focus-trap-controller.js';
import { pressKeys } from '../support/keyboard.js';
import { openedPhoneFrames, type PhoneFrame } from '../support/phone-frame.js';

/** What a person would call the focused control. */
const describe_ = (element: Element | null): string =>
  element ? element.getAttribute('aria-label') || element.textContent?.trim() || element.id || element.tagName.toLowerCase() : 'nothing';

/** A store page: its own controls around the widget, a slotted question and a slotted custom element with a shadow root. */
const STORE = `
  <script>
    customElements.define('store-help', class extends HTMLElement {
      constructor() {
        super();
        this.attachShadow({ mode: 'open' }).innerHTML = '<button type="button">Shipping help</button>';
      }
    });
  </script>
  <button id="page-before" type="button">Store link</button>
  <totebot-chat agent-name="Tote">
    <span slot="welcome">Hello from the store. <store-help></store-help></span>
    <button slot="suggestions" type="button">Track my order</button>
  </totebot-chat>
  <button id="page-after" type="button">Footer link</button>`;

describe('FocusTrapController', () => {
  const openFrame = openedPhoneFrames();

  /** The store page with the panel open and settled: its welcome, with the page's slotted content, rendered. */
  async function openPhone(width = 400): Promise<PhoneFrame> {
    const frame = await openFrame({ width, body: STORE });
    await waitUntil(() => frame.chat.shadowRoot!.querySelector('slot[name="suggestions"]'), 'the suggestions render', { timeout: 5000 });
    await frame.chat.updateComplete;
    // Grown to its place: a click aims at where the controls stay.
    await Promise.all(frame.chat.shadowRoot!.querySelector('.panel')!.getAnimations().map((animation) => animation.finished));
    return frame;
  }

  it('makes the full-screen panel a modal dialog, and the wide one not', async () => {
    const phone = await openPhone();
    const panel = phone.chat.shadowRoot!.querySelector<HTMLElement>('.panel')!;
    expect(phone.window.getComputedStyle(panel).position).to.equal('fixed');
    expect(panel.getAttribute('aria-modal')).to.equal('true');
    // A turned phone, or a wider window: beside the page again.
    await phone.resize(640, 560);
    await waitUntil(() => !panel.hasAttribute('aria-modal'), 'not modal beside the page');
    await phone.resize(400, 560);
    await waitUntil(() => panel.getAttribute('aria-modal') === 'true', 'modal again');
    phone.chat.close();
    await phone.chat.updateComplete;
    expect(panel.hasAttribute('aria-modal')).to.equal(false);
  });

  it('Tab and Shift+Tab cycle inside the full-screen panel, slotted and nested shadow content included', async () => {
    const phone = await openPhone();
    await phone.click(phone.chat.shadowRoot!.querySelector('textarea')!);
    expect(describe_(phone.active())).to.equal('Message');

    // From the last stop, Tab goes round to the first; Shift+Tab back.
    await sendKeys({ press: 'Tab' });
    expect(describe_(phone.active())).to.equal('New conversation');
    await pressKeys('Shift', 'Tab');
    expect(describe_(phone.active())).to.equal('Message');

    // A whole round forwards visits every stop once, in order (the log is one: it scrolls from the
    // keyboard), and never the launcher or the page.
    const round = ['New conversation', 'Close chat', 'Chat with Tote', 'Shipping help', 'Track my order', 'Message'];
    const forwards: string[] = [];
    for (let step = 0; step < round.length; step += 1) {
      await sendKeys({ press: 'Tab' });
      forwards.push(describe_(phone.active()));
    }
    expect(forwards).to.deep.equal(round);

    // And backwards.
    const backwards: string[] = [];
    for (let step = 0; step < round.length; step += 1) {
      await pressKeys('Shift', 'Tab');
      backwards.push(describe_(phone.active()));
    }
    expect(backwards).to.deep.equal([...round.slice(0, -1).reverse(), 'Message']);
  });

  it('Escape still closes it, and focus returns to the launcher', async () => {
    const phone = await openPhone();
    await phone.click(phone.chat.shadowRoot!.querySelector('textarea')!);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !phone.chat.opened, 'closed');
    await waitUntil(() => phone.active()?.classList.contains('launcher') === true, 'focus on the launcher');
  });

  it('leaves focus free beside a wide page: Tab from the last control reaches the page', async () => {
    const wide = await openPhone(640);
    const panel = wide.chat.shadowRoot!.querySelector<HTMLElement>('.panel')!;
    expect(wide.window.getComputedStyle(panel).position).to.equal('absolute');
    await wide.click(wide.chat.shadowRoot!.querySelector('textarea')!);
    expect(describe_(wide.active())).to.equal('Message');
    await sendKeys({ press: 'Tab' });
    // Firefox may answer the key before its focus navigation has landed (focus on the body between the two).
    await waitUntil(() => wide.active() !== wide.document.body, 'focus lands somewhere', { timeout: 2000 }).catch(() => {});
    expect(describe_(wide.active())).to.equal('Footer link');
  });
});

describe('tabStops', () => {
  it('lists what the keyboard reaches, in the composed tree\'s order', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <button id="one">one</button>
      <button disabled>disabled</button>
      <a>no address</a>
      <a href="#x" id="two">two</a>
      <span tabindex="-1">programmatic only</span>
      <div tabindex="0" id="three">three</div>
      <button hidden>hidden</button>
      <div style="display: none"><button>in a hidden box</button></div>
      <details><summary id="four">four</summary><button>inside a closed details</button></details>
      <textarea id="five"></textarea>
      <div id="host"></div>
      <input id="eight" />
    </div>`);
    const host = root.querySelector('#host')!;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<button id="six">six</button><slot></slot><slot name="empty"><button id="fallback">fallback</button></slot>';
    host.innerHTML = '<button id="seven">seven</button>';
    expect(tabStops(root).map((element) => element.id)).to.deep.equal(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'fallback', 'eight']);
  });
});
