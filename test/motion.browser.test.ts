/**
 * Motion: the panel grows from the launcher's corner as it opens, the launcher has hover and press
 * states and cross-fades its icon; all of it short, and none of it under prefers-reduced-motion.
 * A panel already shown when its chunk arrives does not replay the motion late.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../src/index.js';
import { writeOpenFlag } from '../src/storage/open-flag.js';
import { clearAllSessions } from '../src/storage/session-store.js';
import type { TotebotChat } from '../src/totebot-chat.js';

const $ = <T extends Element = HTMLElement>(element: TotebotChat, selector: string) => element.shadowRoot!.querySelector<T>(selector);
const seconds = (duration: string) => Math.max(...duration.split(',').map((part) => parseFloat(part) * (part.trim().endsWith('ms') ? 0.001 : 1)));

/** An element whose panel chunk has loaded (the shopper hovered), still closed. */
async function warmLauncher(template = html`<totebot-chat agent-name="Tote"></totebot-chat>`): Promise<TotebotChat> {
  const element = await fixture<TotebotChat>(template);
  $(element, '.launcher')!.dispatchEvent(new PointerEvent('pointerenter'));
  await element.updateComplete;
  await waitUntil(() => $(element, '.panel')!.getAttribute('aria-busy') === 'false', 'the panel chunk');
  return element;
}

/** Whether emulateMedia works in this engine (Chromium's and Firefox's Puppeteer sessions; not WebDriver). */
async function emulateReducedMotion(value: 'reduce' | 'no-preference'): Promise<boolean> {
  try {
    await emulateMedia({ reducedMotion: value });
    return matchMedia(`(prefers-reduced-motion: ${value})`).matches;
  } catch {
    return false;
  }
}

/** Every style rule in the element's sheets that animates or transitions, and the media conditions around it. */
function motionRules(element: TotebotChat): { selector: string; conditions: string[] }[] {
  const found: { selector: string; conditions: string[] }[] = [];
  const walk = (rules: CSSRuleList, conditions: string[]) => {
    for (const rule of rules) {
      if (rule instanceof CSSMediaRule) walk(rule.cssRules, [...conditions, rule.conditionText ?? rule.media.mediaText]);
      else if (rule instanceof CSSStyleRule && (rule.style.animationName || rule.style.transitionDuration || rule.style.transitionProperty)) {
        found.push({ selector: rule.selectorText, conditions });
      }
    }
  };
  for (const sheet of element.shadowRoot!.adoptedStyleSheets) walk(sheet.cssRules, []);
  return found;
}

describe('motion', () => {
  before(async () => {
    await emulateReducedMotion('no-preference');
  });
  beforeEach(async () => {
    await clearAllSessions();
  });
  after(async () => {
    await emulateReducedMotion('no-preference');
  });

  it('the panel grows and fades in from the launcher\'s corner, in 200 ms or less', async function () {
    // A system set to reduce motion (and no emulation to undo it): the test below covers it.
    if (!matchMedia('(prefers-reduced-motion: no-preference)').matches) this.skip();
    for (const [position, origin] of [['right', '100% 100%'], ['left', '0% 100%']] as const) {
      const element = await warmLauncher(html`<totebot-chat position=${position}></totebot-chat>`);
      element.open();
      await element.updateComplete;
      const panel = $(element, '.panel')!;
      const style = getComputedStyle(panel);
      const [animation] = panel.getAnimations() as CSSAnimation[];
      expect(animation?.animationName, position).to.equal('open');
      expect(seconds(style.animationDuration)).to.be.within(0.05, 0.2);
      const [x, y] = style.transformOrigin.split(' ').map(parseFloat);
      // The layout box: the bounding rectangle is scaled while the panel grows.
      const [width, height] = [panel.offsetWidth, panel.offsetHeight];
      const expected = origin === '100% 100%' ? [width, height] : [0, height];
      expect(Math.abs(x! - expected[0]!) < 1 && Math.abs(y! - expected[1]!) < 1, `${position}: ${style.transformOrigin} of ${width}×${height}`).to.equal(true);
      element.close();
      element.remove();
    }
  });

  it('the launcher has hover and press states, and cross-fades its icon in 200 ms or less', async function () {
    if (!matchMedia('(prefers-reduced-motion: no-preference)').matches) this.skip();
    const element = await warmLauncher();
    const launcher = $(element, '.launcher')!;
    const [chat, close] = [...launcher.querySelectorAll('svg')];
    expect(seconds(getComputedStyle(launcher).transitionDuration)).to.be.within(0.05, 0.2);
    expect(seconds(getComputedStyle(chat!).transitionDuration)).to.be.within(0.05, 0.2);
    expect([getComputedStyle(chat!).opacity, getComputedStyle(close!).opacity]).to.deep.equal(['1', '0']);
    // :hover and :active as a mouse sets them cannot be forced from a page: the rules must exist, with (hover: hover) for :hover.
    const rules = motionRules(element).map((rule) => rule.selector);
    const sheets = element.shadowRoot!.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join('\n');
    expect(rules.some((selector) => selector.split(',').some((part) => part.trim() === '.launcher')), rules.join(' | ')).to.equal(true);
    expect(sheets).to.match(/\(hover: ?hover\)\s*\{\s*\.launcher:hover\s*\{\s*transform: scale\(1\.06\)/);
    expect(sheets).to.match(/\.launcher:active\s*\{\s*transform: scale\(0?\.94\)/);

    element.open();
    await element.updateComplete;
    expect(launcher.querySelectorAll('svg').length).to.equal(2);
    await waitUntil(() => getComputedStyle(close!).opacity === '1' && getComputedStyle(chat!).opacity === '0', 'the close icon fades in', { timeout: 1000 });
    element.close();
  });

  it('puts every animation and transition under prefers-reduced-motion: no-preference', async () => {
    const element = await warmLauncher(html`<totebot-chat teaser="Hi!" teaser-delay="0"></totebot-chat>`);
    await waitUntil(() => $(element, '.teaser'), 'the teaser, with its sheet');
    const rules = motionRules(element);
    expect(rules.length).to.be.at.least(3);
    for (const rule of rules) {
      expect(rule.conditions.some((condition) => /prefers-reduced-motion: ?no-preference/.test(condition)), rule.selector).to.equal(true);
    }
  });

  it('none of it runs with prefers-reduced-motion: reduce', async function () {
    if (!(await emulateReducedMotion('reduce'))) {
      // WebDriver has no media emulation: the rule check above covers this engine.
      this.skip();
    }
    try {
      const element = await warmLauncher(html`<totebot-chat teaser="Hi!" teaser-delay="0"></totebot-chat>`);
      await waitUntil(() => $(element, '.teaser'), 'the teaser');
      const launcher = $(element, '.launcher')!;
      expect(getComputedStyle($(element, '.teaser')!).animationName).to.equal('none');
      expect(seconds(getComputedStyle(launcher).transitionDuration)).to.equal(0);
      expect(seconds(getComputedStyle(launcher.querySelector('svg')!).transitionDuration)).to.equal(0);
      element.open();
      await element.updateComplete;
      const panel = $(element, '.panel')!;
      expect(getComputedStyle(panel).animationName).to.equal('none');
      expect(panel.getAnimations().length).to.equal(0);
      // The icons still swap, at once.
      const [chat, close] = [...launcher.querySelectorAll('svg')];
      expect([getComputedStyle(chat!).opacity, getComputedStyle(close!).opacity]).to.deep.equal(['0', '1']);
      element.close();
    } finally {
      await emulateReducedMotion('no-preference');
    }
  });

  it('a panel restored open on the next page shows without replaying the motion', async () => {
    // The previous page left it open in this tab.
    writeOpenFlag(new URL('/', document.baseURI).href.replace(/\/+$/, ''), true);
    const element = await fixture<TotebotChat>(html`<totebot-chat></totebot-chat>`);
    expect(element.opened).to.equal(true);
    await waitUntil(() => $(element, '.panel')!.getAttribute('aria-busy') === 'false', 'the panel chunk');
    const running = $(element, '.panel')!.getAnimations().filter((animation) => animation.playState === 'running');
    expect(running.length).to.equal(0);
    element.close();
  });
});
