/**
 * The teaser on the element: its chunk loads only with a `teaser` attribute, it shows beside the
 * launcher on the right side, opens the chat, stays accessible, speaks the page's language, and
 * takes no part in what a page without a teaser does.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import { clearAllSessions } from '../src/storage/session-store.js';
import type { TotebotChat } from '../src/totebot-chat.js';

const $ = <T extends Element = HTMLElement>(element: TotebotChat, selector: string) => element.shadowRoot!.querySelector<T>(selector);
const teaserShown = (element: TotebotChat) => $(element, '.teaser') !== null;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Whether this page has fetched the teaser's module (Web Test Runner serves each source file as it is). */
const teaserModuleLoaded = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('teaser-controller'));

describe('<totebot-chat teaser>', () => {
  beforeEach(async () => {
    await clearAllSessions();
  });

  // First in this file: before any element here has loaded the teaser's chunk.
  it('never loads the teaser\'s chunk without the attribute', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat></totebot-chat>`);
    await sleep(200);
    expect(teaserModuleLoaded()).to.equal(false);
    expect(teaserShown(element)).to.equal(false);
  });

  it('shows beside the launcher after its delay, and a click on it opens the chat', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat agent-name="Tote" teaser="Questions about this tote?" teaser-delay="100"></totebot-chat>`);
    expect(teaserShown(element)).to.equal(false);
    await waitUntil(() => teaserShown(element), 'the teaser shows');
    expect(teaserModuleLoaded()).to.equal(true);
    // Where it settles, after it has faded in.
    await Promise.all($(element, '.teaser')!.getAnimations().map((animation) => animation.finished));
    const launcher = $(element, '.launcher')!.getBoundingClientRect();
    const bubble = $(element, '.teaser')!.getBoundingClientRect();
    expect(bubble.right <= launcher.left, `teaser ${bubble.left}–${bubble.right}, launcher from ${launcher.left}`).to.equal(true);
    expect(bubble.bottom <= launcher.bottom + 1 && bubble.bottom > launcher.top, `teaser ${bubble.top}–${bubble.bottom}, launcher ${launcher.top}–${launcher.bottom}, host ${JSON.stringify(element.getBoundingClientRect())}`).to.equal(true);
    await expect(element).shadowDom.to.be.accessible();

    $(element, '.teaser-message')!.click();
    await element.updateComplete;
    expect(element.opened).to.equal(true);
    expect(teaserShown(element)).to.equal(false);
    await waitUntil(() => $(element, 'textarea'), 'the panel renders');
    element.close();
  });

  it('sits on the launcher\'s right with position="left"', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat position="left" teaser="Hi!" teaser-delay="0"></totebot-chat>`);
    await waitUntil(() => teaserShown(element));
    await Promise.all($(element, '.teaser')!.getAnimations().map((animation) => animation.finished));
    const launcher = $(element, '.launcher')!.getBoundingClientRect();
    const bubble = $(element, '.teaser')!.getBoundingClientRect();
    expect(bubble.left >= launcher.right, `teaser from ${bubble.left}, launcher to ${launcher.right}`).to.equal(true);
    expect(bubble.right <= window.innerWidth).to.equal(true);
  });

  it('does not come back on the next page of the tab, after it has shown', async () => {
    const first = await fixture<TotebotChat>(html`<totebot-chat teaser="Hi!" teaser-delay="0"></totebot-chat>`);
    await waitUntil(() => teaserShown(first));
    first.remove();
    const next = await fixture<TotebotChat>(html`<totebot-chat teaser="Hi!" teaser-delay="0"></totebot-chat>`);
    await sleep(200);
    expect(teaserShown(next)).to.equal(false);
  });

  it('does not show on a page where the panel was opened and closed earlier in the tab', async () => {
    const first = await fixture<TotebotChat>(html`<totebot-chat></totebot-chat>`);
    first.open();
    await first.updateComplete;
    first.close();
    first.remove();
    const next = await fixture<TotebotChat>(html`<totebot-chat teaser="Hi!" teaser-delay="0"></totebot-chat>`);
    await sleep(200);
    expect(teaserShown(next)).to.equal(false);
  });

  it('Escape dismisses it; the launcher stays as it was', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat teaser="Hi!" teaser-delay="0"></totebot-chat>`);
    await waitUntil(() => teaserShown(element));
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await element.updateComplete;
    expect(teaserShown(element)).to.equal(false);
    expect(element.opened).to.equal(false);
  });

  it('names its dismiss button in the widget\'s language', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat lang="de" teaser="Fragen zu dieser Tasche?" teaser-delay="0"></totebot-chat>`);
    await waitUntil(() => $(element, '.teaser-close')?.getAttribute('aria-label') === 'Ausblenden', 'the German label');
    // Faded in: axe measures the colours as they are drawn.
    await Promise.all($(element, '.teaser')!.getAnimations().map((animation) => animation.finished));
    await expect(element).shadowDom.to.be.accessible();
  });

  it('keeps its styles when the panel chunk arrives while it shows', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat teaser="Hi!" teaser-delay="0"></totebot-chat>`);
    await waitUntil(() => teaserShown(element));
    const before = getComputedStyle($(element, '.teaser')!).position;
    // Hovering the launcher loads the panel chunk, which adds its own sheets.
    $(element, '.launcher')!.dispatchEvent(new PointerEvent('pointerenter'));
    await waitUntil(() => element.shadowRoot!.adoptedStyleSheets.length >= 4, 'the panel\'s sheets');
    expect(before).to.equal('absolute');
    expect(getComputedStyle($(element, '.teaser')!).position).to.equal('absolute');
  });

  it('on a right-to-left page, is the mirror image: its text as far from the outer edge and from the dismiss button', async () => {
    /** From the text to the bubble's outer edge, and to the dismiss button. */
    const insets = async (dir: string) => {
      const lang = dir === 'rtl' ? 'ar' : 'en';
      const page = await fixture<HTMLDivElement>(html`<div dir=${dir} lang=${lang}><totebot-chat teaser="Hi there" teaser-delay="0"></totebot-chat></div>`);
      const element = page.querySelector('totebot-chat')!;
      await waitUntil(() => teaserShown(element));
      const range = document.createRange();
      range.selectNodeContents($(element, '.teaser-message')!);
      const text = range.getBoundingClientRect();
      const [bubble, close] = ['.teaser', '.teaser-close'].map((selector) => $(element, selector)!.getBoundingClientRect());
      page.remove();
      return dir === 'rtl' ? [bubble!.right - text.right, text.left - close!.right] : [text.left - bubble!.left, close!.left - text.right];
    };
    const rtl = await insets('rtl');
    // A teaser shows once a tab: the second page is a new tab's.
    await clearAllSessions();
    const ltr = await insets('ltr');
    expect(rtl[0]).to.be.closeTo(ltr[0]!, 0.5);
    expect(rtl[1]).to.be.closeTo(ltr[1]!, 0.5);
  });

  it('runs as the panel does, in the widget\'s language and direction, whatever the page\'s', async () => {
    const page = await fixture<HTMLDivElement>(html`<div dir="ltr" lang="en"><totebot-chat lang="ar" teaser="هل لديك سؤال؟" teaser-delay="0"></totebot-chat></div>`);
    const element = page.querySelector('totebot-chat')!;
    await waitUntil(() => teaserShown(element));
    const teaser = $(element, '.teaser')!;
    expect([teaser.lang, getComputedStyle(teaser).direction]).to.deep.equal(['ar', 'rtl']);
    // Right to left, the dismiss button comes first, on the left.
    expect($(element, '.teaser-close')!.getBoundingClientRect().right).to.be.at.most($(element, '.teaser-message')!.getBoundingClientRect().left + 0.5);
    page.remove();
  });

  it('is not shown in an inline chat', async () => {
    const element = await fixture<TotebotChat>(html`<totebot-chat mode="inline" teaser="Hi!" teaser-delay="0"></totebot-chat>`);
    await sleep(200);
    expect(teaserShown(element)).to.equal(false);
  });
});
