import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { TotebotChat } from '../src/totebot-chat.js';

/**
 * A store page has its own header (the page's banner landmark). The open chat is a dialog whose
 * title bar needs no landmark: a second banner would be a duplicate on every such page.
 */
describe('landmarks on a store page', () => {
  it('adds no banner beside the page\'s own header, with the panel open', async () => {
    const page = await fixture<HTMLElement>(html`<div>
      <header><h1>Store</h1></header>
      <main><p>Products</p></main>
      <totebot-chat open></totebot-chat>
    </div>`);
    const element = page.querySelector<TotebotChat>('totebot-chat')!;
    await waitUntil(() => element.shadowRoot!.querySelector('.title'), 'the panel has rendered');
    await expect(page).to.be.accessible();
    const banners = [...element.shadowRoot!.querySelectorAll('header, [role="banner"]')];
    expect(banners).to.have.length(0);
    element.close();
  });
});
