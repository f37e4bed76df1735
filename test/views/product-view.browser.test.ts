/**
 * Product cards, the cart confirmation and quick replies, end to end: simulator → proxy → widget,
 * in the canonical shape and in the contract's tolerated variants.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { TotebotChat } from '../../src/totebot-chat.js';
import { clearAllSessions, saveSession } from '../../src/storage/session-store.js';
import { toleratedProduct } from '../../proxy/simulator/agent.js';
import { CATALOGUE } from '../../proxy/simulator/catalogue.js';
import { reloadChat } from '../support/chat-reload.js';
import { scriptNextReply } from '../support/simulator-script.js';
import { pressKeys } from '../support/keyboard.js';

const $$ = <T extends HTMLElement = HTMLElement>(element: TotebotChat, selector: string) => [...element.shadowRoot!.querySelectorAll<T>(selector)];
const cards = (element: TotebotChat) => $$(element, '.message:last-child [part="product"]');
const lastReply = (element: TotebotChat) => $$(element, '.message.assistant').at(-1)!;

async function inlineChat(attributes = ''): Promise<TotebotChat> {
  const element = await fixture<TotebotChat>(html`<totebot-chat mode="inline" agent-name="Tote" style="--totebot-inline-height: 640px"></totebot-chat>`);
  for (const attribute of attributes.split(' ').filter(Boolean)) {
    const [name, value] = attribute.split('=') as [string, string];
    element.setAttribute(name, value);
  }
  await element.updateComplete;
  return element;
}

async function sendAndWait(element: TotebotChat, text: string): Promise<void> {
  await element.send(text);
  await element.updateComplete;
}

const blueTote = CATALOGUE.find((product) => product.id === 'p_1')!;
const redMini = CATALOGUE.find((product) => product.id === 'p_6')!;

describe('product cards', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('a search shows a card per product: name, price in the widget language, availability, View and Add to cart', async () => {
    const element = await inlineChat();
    await sendAndWait(element, 'do you have a blue tote?');
    const shown = cards(element);
    expect(shown.map((card) => card.querySelector('b')!.textContent)).to.deep.equal([
      'Blue Canvas Tote',
      'Navy Market Tote',
      'Sand Linen Tote',
      'Black Leather Tote',
    ]);
    const [first] = shown;
    expect(first!.textContent).to.contain('€29.00');
    expect(first!.textContent).to.contain('In stock');
    const view = first!.querySelector<HTMLAnchorElement>('[part="product-link"]')!;
    expect(view.textContent).to.equal('View');
    expect(view.href).to.equal(new URL('/products/blue-canvas-tote', location.href).href);
    // The store's own page: the same tab.
    expect(view.hasAttribute('target')).to.equal(false);
    expect(first!.querySelector('[part="add-to-cart"]')!.textContent!.trim()).to.equal('Add to cart');
    // No image host allowed: a neutral placeholder, and nothing requested.
    expect(first!.querySelector('img')).to.equal(null);
    expect(first!.querySelector('[part="product-image"]')).to.not.equal(null);
    // A list, laid out as one row.
    expect(first!.parentElement!.tagName).to.equal('UL');
    expect(new Set(shown.map((card) => Math.round(card.getBoundingClientRect().top))).size).to.equal(1);
    await expect(element).shadowDom.to.be.accessible();
  });

  it('prices follow the widget language', async () => {
    const element = await inlineChat('lang=de');
    await sendAndWait(element, 'do you have a blue tote?');
    expect(cards(element)[0]!.textContent).to.match(/29,00\s€/);
  });

  it('reads the tolerated shapes; another origin opens in a new tab; images only from image-hosts', async () => {
    const element = await inlineChat('image-hosts=cdn.shop.example');
    const elsewhere = { ...toleratedProduct(redMini), id: 'x_1', url: 'https://other.example/products/red' };
    await scriptNextReply([
      { kind: 'tool_call', name: 'search_products', arguments: {}, result: { items: [toleratedProduct(blueTote, 'https://cdn.shop.example/blue.jpg'), elsewhere] } },
      { kind: 'text', text: 'Here.' },
      { kind: 'completed_fields', fields: { quickReplies: [{ label: 'Yes' }, { text: 'No' }], products: [{ ...toleratedProduct(blueTote), id: 'x_2', url: 'javascript:alert(1)' }] } },
    ]);
    await sendAndWait(element, 'show me');
    const [tote, red, ...rest] = cards(element);
    expect(rest, 'the javascript: product is not shown').to.deep.equal([]);
    expect(tote!.querySelector('img')!.getAttribute('src')).to.equal('https://cdn.shop.example/blue.jpg');
    expect(tote!.textContent).to.contain('€29.00');
    const away = red!.querySelector<HTMLAnchorElement>('[part="product-link"]')!;
    expect(away.href).to.equal('https://other.example/products/red');
    expect(away.target).to.equal('_blank');
    expect(away.rel).to.equal('noopener');
    // Sold out: said, and nothing to add.
    expect(red!.textContent).to.contain('Out of stock');
    expect(red!.querySelector('[part="add-to-cart"]')).to.equal(null);
    expect($$(element, '.message:last-child [part="suggestion"]').map((button) => button.textContent)).to.deep.equal(['Yes', 'No']);
  });

  it('arrow keys move focus between cards, to the same control', async () => {
    const element = await inlineChat();
    await sendAndWait(element, 'do you have a blue tote?');
    const [first, second] = cards(element);
    first!.querySelector<HTMLElement>('[part="add-to-cart"]')!.focus();
    await pressKeys('ArrowRight');
    expect(element.shadowRoot!.activeElement).to.equal(second!.querySelector('[part="add-to-cart"]'));
    await pressKeys('ArrowLeft');
    expect(element.shadowRoot!.activeElement).to.equal(first!.querySelector('[part="add-to-cart"]'));
    // At the first card, nothing before it.
    await pressKeys('ArrowLeft');
    expect(element.shadowRoot!.activeElement).to.equal(first!.querySelector('[part="add-to-cart"]'));
  });

  it('right to left, ArrowLeft goes to the next card', async () => {
    const element = await inlineChat('lang=ar');
    await sendAndWait(element, 'do you have a blue tote?');
    const [first, second] = cards(element);
    first!.querySelector<HTMLElement>('[part="product-link"]')!.focus();
    await pressKeys('ArrowLeft');
    expect(element.shadowRoot!.activeElement).to.equal(second!.querySelector('[part="product-link"]'));
  });

  it('right to left, English product names read left to right and end at the card\'s right edge, as its other lines do', async () => {
    const element = await inlineChat('lang=ar');
    await sendAndWait(element, 'do you have a blue tote?');
    await sendAndWait(element, 'Add the blue tote to my cart');
    const boxes = $$(element, '[part="product"], [part="cart"]');
    expect(boxes).to.have.length(5);
    for (const box of boxes) {
      const name = [...box.querySelectorAll('*')].find((line) => /Tote$/.test(line.textContent!) && line.children.length === 0)!;
      expect(getComputedStyle(name).direction, name.textContent!).to.equal('ltr');
      const range = document.createRange();
      range.selectNodeContents(name);
      const style = getComputedStyle(box);
      const end = box.getBoundingClientRect().right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
      for (const line of range.getClientRects()) expect(line.right, name.textContent!).to.be.closeTo(end, 1);
    }
  });
});

describe('Add to cart', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('a page that handles the event reports the outcome, and the card shows it; the agent is not asked', async () => {
    const element = await inlineChat();
    await sendAndWait(element, 'do you have a blue tote?');
    const count = element.messages.length;
    const seen: CustomEvent[] = [];
    let settle: (ok: boolean) => void = () => {};
    const listener = (event: Event) => {
      const custom = event as HTMLElementEventMap['totebot-add-to-cart'];
      seen.push(custom);
      event.preventDefault();
      custom.detail.respondWith(new Promise((resolve, reject) => (settle = (ok) => (ok ? resolve(undefined) : reject(new Error('sold out'))))));
    };
    document.addEventListener('totebot-add-to-cart', listener);
    try {
      const [first, second] = cards(element);
      first!.querySelector<HTMLButtonElement>('[part="add-to-cart"]')!.click();
      expect(seen).to.have.length(1);
      const [event] = seen;
      expect(event!.target).to.equal(element);
      expect(event!.bubbles && event!.composed && event!.cancelable).to.equal(true);
      expect(event!.detail.product).to.deep.equal({ id: 'p_1', name: 'Blue Canvas Tote', url: '/products/blue-canvas-tote', price: { amount: 29, currency: 'EUR' }, availability: true });
      expect(event!.detail.quantity).to.equal(1);
      const status = first!.querySelector('[role="status"]')!;
      await waitUntil(() => status.textContent === 'Adding to cart…', 'adding');
      expect(first!.querySelector('[part="add-to-cart"]')!.getAttribute('aria-busy')).to.equal('true');
      settle(true);
      await waitUntil(() => status.textContent === 'Added to cart', 'added', { timeout: 5_000 });
      expect(first!.querySelector('[part="add-to-cart"]')!.hasAttribute('aria-busy')).to.equal(false);

      second!.querySelector<HTMLButtonElement>('[part="add-to-cart"]')!.click();
      settle(false);
      await waitUntil(() => second!.querySelector('[role="status"]')!.textContent === 'Could not add to cart', 'failed', { timeout: 5_000 });
      expect(element.messages.length).to.equal(count);
    } finally {
      document.removeEventListener('totebot-add-to-cart', listener);
    }
  });

  it('unhandled, the widget asks the agent, and shows the cart confirmation with the store links', async () => {
    const element = await inlineChat('cart-url=/cart checkout-url=https://checkout.other.example/pay');
    await sendAndWait(element, 'do you have a sand linen tote?');
    let fired = 0;
    const count = () => void (fired += 1);
    document.addEventListener('totebot-add-to-cart', count);
    try {
      cards(element)[0]!.querySelector<HTMLButtonElement>('[part="add-to-cart"]')!.click();
    } finally {
      document.removeEventListener('totebot-add-to-cart', count);
    }
    expect(fired).to.equal(1);
    await waitUntil(() => lastReply(element).getAttribute('aria-busy') === 'false' && element.messages.length === 4, 'the agent replied', { timeout: 8_000 });
    expect(element.messages.at(-2)!.content).to.equal('Add the Sand Linen Tote to my cart');
    const cart = lastReply(element).querySelector('[part="cart"]')!;
    expect(cart.textContent).to.contain('Added to cart');
    expect(cart.textContent).to.contain('Sand Linen Tote');
    expect(cart.textContent).to.contain('Quantity: 1');
    const cartLink = cart.querySelector<HTMLAnchorElement>('[part="cart-link"]')!;
    expect(cartLink.href).to.equal(new URL('/cart', location.href).href);
    expect(cartLink.hasAttribute('target')).to.equal(false);
    const checkout = cart.querySelector<HTMLAnchorElement>('[part="checkout-link"]')!;
    expect([checkout.textContent, checkout.target, checkout.rel]).to.deep.equal(['Checkout', '_blank', 'noopener']);
    await expect(element).shadowDom.to.be.accessible();
  });

  it('without the store links, the cart confirmation is as deep below its last line as above its first', async () => {
    const element = await inlineChat();
    await sendAndWait(element, 'Add the blue tote to my cart');
    const cart = lastReply(element).querySelector<HTMLElement>('[part="cart"]')!;
    const lines = [...cart.children].filter((line) => line.textContent!.trim() !== '');
    const box = cart.getBoundingClientRect();
    const above = lines[0]!.getBoundingClientRect().top - box.top;
    const below = box.bottom - lines.at(-1)!.getBoundingClientRect().bottom;
    expect(below).to.be.closeTo(above, 1);
  });
});

describe('after a reload, the cart is as the shopper saw it', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  /** The same page loaded again (see support/chat-reload.ts). */
  const reload = (element: TotebotChat, stored: (messages: readonly unknown[]) => boolean) => reloadChat(element, () => inlineChat(), stored);

  it('a card whose add-to-cart the page carried out still says added, or failed', async () => {
    const element = await inlineChat();
    await sendAndWait(element, 'do you have a blue tote?');
    const outcomes = [true, false];
    const listener = (event: Event) => {
      const ok = outcomes.shift();
      (event as HTMLElementEventMap['totebot-add-to-cart']).detail.respondWith(ok ? Promise.resolve() : Promise.reject(new Error('sold out')));
    };
    document.addEventListener('totebot-add-to-cart', listener);
    try {
      const [first, second] = cards(element);
      first!.querySelector<HTMLButtonElement>('[part="add-to-cart"]')!.click();
      second!.querySelector<HTMLButtonElement>('[part="add-to-cart"]')!.click();
      await waitUntil(() => second!.querySelector('[role="status"]')!.textContent === 'Could not add to cart', 'failed', { timeout: 5_000 });
    } finally {
      document.removeEventListener('totebot-add-to-cart', listener);
    }
    const statuses = (chat: TotebotChat) => cards(chat).map((card) => card.querySelector('[role="status"]')!.textContent);
    expect(statuses(element)).to.deep.equal(['Added to cart', 'Could not add to cart', '', '']);
    const next = await reload(element, (messages) => JSON.stringify(messages).includes('"cardOutcomes":{"p_1":"added","p_2":"failed"}'));
    expect(statuses(next)).to.deep.equal(['Added to cart', 'Could not add to cart', '', '']);
    await expect(next).shadowDom.to.be.accessible();
  });

  it('the agent\'s add-to-cart keeps its confirmation lines and its chip, which names the product', async () => {
    const element = await inlineChat();
    await sendAndWait(element, 'Add the blue tote to my cart');
    const confirmation = (chat: TotebotChat) => lastReply(chat).querySelector('[part="cart"]')?.textContent?.replace(/\s+/g, ' ').trim();
    const chips = (chat: TotebotChat) => $$(chat, '.message:last-child [part~="chip"]').map((chip) => chip.textContent!.trim());
    const before = confirmation(element);
    expect(before).to.contain('Blue Canvas Tote');
    expect(chips(element)).to.deep.equal(['Searched products', 'Added Blue Canvas Tote to your cart']);
    const next = await reload(element, (messages) => messages.length === element.messages.length && JSON.stringify(messages).includes('"cart":'));
    expect(confirmation(next)).to.equal(before);
    expect(chips(next)).to.deep.equal(['Searched products', 'Added Blue Canvas Tote to your cart']);
  });
});

describe('quick replies', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  it('show as buttons under the last reply; a click sends the text; they go once anything follows', async () => {
    const element = await inlineChat();
    await sendAndWait(element, 'do you have a blue tote?');
    const buttons = $$<HTMLButtonElement>(element, '.message:last-child [part="suggestion"]');
    expect(buttons.map((button) => button.textContent)).to.deep.equal(['Yes, add it', 'No, thanks']);
    expect(buttons[0]!.closest('ul')!.getAttribute('aria-label')).to.equal('Suggested questions');
    buttons[0]!.click();
    await waitUntil(() => element.messages.length === 4 && element.messages.at(-1)!.status === 'complete', 'the reply to the quick reply', { timeout: 8_000 });
    await element.updateComplete;
    expect(element.messages.at(-2)!.content).to.equal('Yes, add it');
    expect(lastReply(element).querySelector('[part="cart"]')!.textContent).to.contain('Blue Canvas Tote');
    // The earlier reply's quick replies are gone: out of the DOM, so out of view and the accessibility tree.
    expect(buttons[0]!.isConnected).to.equal(false);
    expect(buttons[0]!.getBoundingClientRect().height).to.equal(0);
  });

  it('cards and quick replies come back from the device cache', async () => {
    await saveSession(location.origin, {
      conversationId: 'cnv_cached_cards',
      conversationToken: 'A'.repeat(43),
      messages: [
        { id: 'msg_1', role: 'user', content: 'a tote?', feedback: null },
        {
          id: 'msg_2',
          role: 'assistant',
          content: 'Here.',
          feedback: null,
          products: [{ id: 'p_1', name: 'Blue Canvas Tote', url: '/products/blue-canvas-tote', price: { amount: 29, currency: 'EUR' } }],
          suggestions: ['Yes, add it'],
        },
      ],
    });
    // The proxy is down: the device's copy is what shows.
    await fetch('/__proxy/down?value=true', { method: 'POST' });
    try {
      const element = await inlineChat();
      await waitUntil(() => cards(element).length === 1, 'the cached card', { timeout: 5_000 });
      expect(cards(element)[0]!.textContent).to.contain('€29.00');
      expect($$(element, '.message:last-child [part="suggestion"]').map((button) => button.textContent)).to.deep.equal(['Yes, add it']);
    } finally {
      await fetch('/__proxy/down?value=false', { method: 'POST' });
    }
  });
});
