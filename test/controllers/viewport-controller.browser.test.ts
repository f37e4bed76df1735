/**
 * ViewportController: the full-screen panel takes the visual viewport's height and top, so a phone's
 * on-screen keyboard never covers its message box. In a page of a phone's width whose frame is resized
 * (the visual viewport then resizes for real), without visualViewport, and with a stand-in for the
 * states a test cannot produce (a keyboard that leaves the layout viewport as it is, a pinch-zoom).
 */
import { expect, waitUntil } from '@open-wc/testing';
import { ViewportController } from '../../src/controllers/viewport-controller.js';
import { openedPhoneFrames, type PhoneFrame } from '../support/phone-frame.js';
import { ThrowawayHost } from '../support/throwaway-host.js';

/** What the panel's CSS sees: the custom property as computed on it. */
const seen = (panel: HTMLElement, name: string) => (panel.ownerDocument.defaultView ?? window).getComputedStyle(panel).getPropertyValue(name).trim();

describe('ViewportController in a phone-sized page', () => {
  const openFrame = openedPhoneFrames();

  async function openPhone(head = ''): Promise<{ phone: PhoneFrame; panel: HTMLElement }> {
    const phone = await openFrame({ width: 400, height: 560, body: '<totebot-chat agent-name="Tote"></totebot-chat>', head });
    return { phone, panel: phone.chat.shadowRoot!.querySelector<HTMLElement>('.panel')! };
  }

  it('sizes the full-screen panel from the visual viewport, and follows it as it shrinks and grows', async () => {
    const { phone, panel } = await openPhone();
    expect(seen(panel, '--_viewport-height')).to.equal(`${phone.window.visualViewport!.height}px`);
    expect(panel.getBoundingClientRect().height).to.equal(560);
    await phone.resize(400, 300);
    await waitUntil(() => seen(panel, '--_viewport-height') === '300px', 'the shorter viewport', { timeout: 3000 });
    expect(panel.getBoundingClientRect().height).to.equal(300);
    expect(panel.getBoundingClientRect().top).to.equal(0);
    // The message box is inside what is visible.
    const box = phone.chat.shadowRoot!.querySelector('textarea')!.getBoundingClientRect();
    expect(box.bottom <= 300, `message box bottom ${box.bottom}`).to.equal(true);
    await phone.resize(400, 560);
    await waitUntil(() => seen(panel, '--_viewport-height') === '560px', 'the taller viewport', { timeout: 3000 });
    expect(panel.getBoundingClientRect().height).to.equal(560);
  });

  it('keeps the message box above a keyboard that shrinks only the visual viewport (iOS, Chrome on Android)', async () => {
    // A stand-in from the start: a test cannot open an on-screen keyboard, which leaves the layout viewport as it is.
    const { phone, panel } = await openPhone(`<script>
      const keyboard = new EventTarget();
      Object.assign(keyboard, { height: 560, offsetTop: 0, scale: 1 });
      Object.defineProperty(window, 'visualViewport', { value: keyboard, configurable: true });
    </script>`);
    const keyboard = phone.window.visualViewport as unknown as EventTarget & { height: number; offsetTop: number };
    expect(panel.getBoundingClientRect().height).to.equal(560);
    Object.assign(keyboard, { height: 260, offsetTop: 40 });
    keyboard.dispatchEvent(new Event('resize'));
    expect(phone.window.innerHeight).to.equal(560);
    const rect = panel.getBoundingClientRect();
    expect([rect.top, rect.height]).to.deep.equal([40, 260]);
    const box = phone.chat.shadowRoot!.querySelector('textarea')!.getBoundingClientRect();
    expect(box.bottom <= 300, `message box bottom ${box.bottom}`).to.equal(true);
  });

  it('without visualViewport, the full-screen panel is 100dvh tall and nothing is set', async () => {
    const { phone, panel } = await openPhone('<script>Object.defineProperty(window, "visualViewport", { value: null, configurable: true });</script>');
    expect(phone.window.visualViewport).to.equal(null);
    expect(seen(panel, '--_viewport-height')).to.equal('');
    expect(panel.getBoundingClientRect().height).to.equal(560);
  });

  it('beside a wide page the panel keeps its own size', async () => {
    const frame = await openFrame({ width: 800, height: 560, body: '<totebot-chat agent-name="Tote"></totebot-chat>' });
    const panel = frame.chat.shadowRoot!.querySelector<HTMLElement>('.panel')!;
    // min(620px, 100dvh - 100px - 20px): not the visual viewport's 560.
    expect(panel.getBoundingClientRect().height).to.equal(440);
  });
});

/** A visual viewport a test can move: the keyboard's and the pinch-zoom's states, as a phone reports them. */
class FakeVisualViewport extends EventTarget {
  height = 800;
  offsetTop = 0;
  scale = 1;
  move(state: Partial<Pick<FakeVisualViewport, 'height' | 'offsetTop' | 'scale'>>): void {
    Object.assign(this, state);
    this.dispatchEvent(new Event('resize'));
  }
}

describe('ViewportController with a stand-in visualViewport', () => {
  const real = Object.getOwnPropertyDescriptor(window, 'visualViewport');
  let viewport: FakeVisualViewport;

  beforeEach(() => {
    viewport = new FakeVisualViewport();
    Object.defineProperty(window, 'visualViewport', { value: viewport, configurable: true });
  });
  afterEach(() => {
    if (real) Object.defineProperty(window, 'visualViewport', real);
    else delete (window as { visualViewport?: unknown }).visualViewport;
  });

  const elements: HTMLElement[] = [];
  afterEach(() => {
    for (const element of elements.splice(0)) element.remove();
  });

  /** A throwaway host whose render root is a shadow root holding a panel, as the element's is. */
  function setup() {
    const host = new ThrowawayHost({ mode: 'launcher' });
    const element = document.createElement('div');
    elements.push(element);
    document.body.append(element);
    const root = element.attachShadow({ mode: 'open' });
    root.innerHTML = '<section class="panel"></section>';
    Object.defineProperty(host, 'renderRoot', { value: root });
    new ViewportController(host);
    host.connect();
    const panel = root.querySelector<HTMLElement>('.panel')!;
    return { host, root, read: () => [seen(panel, '--_viewport-height'), seen(panel, '--_viewport-top')] };
  }

  it('keeps its values in a stylesheet of its own, never a style attribute', async () => {
    const { host, root } = setup();
    await host.updateComplete;
    expect(root.adoptedStyleSheets.length).to.equal(1);
    expect(root.querySelectorAll('[style]').length).to.equal(0);
  });

  it('sets the height and top the keyboard leaves, on resize and on scroll', async () => {
    const { host, read } = setup();
    await host.updateComplete;
    expect(read()).to.deep.equal(['800px', '0px']);
    viewport.move({ height: 412, offsetTop: 0 });
    expect(read()).to.deep.equal(['412px', '0px']);
    // Safari scrolls the visual viewport to show the focused box.
    viewport.offsetTop = 96;
    viewport.dispatchEvent(new Event('scroll'));
    expect(read()).to.deep.equal(['412px', '96px']);
  });

  it('leaves the size to the layout viewport while the page is pinch-zoomed', async () => {
    const { host, read } = setup();
    await host.updateComplete;
    viewport.move({ height: 400, scale: 2 });
    expect(read()).to.deep.equal(['', '']);
    viewport.move({ height: 800, scale: 1 });
    expect(read()).to.deep.equal(['800px', '0px']);
  });

  it('stops listening when the element leaves the page', async () => {
    const { host, read } = setup();
    await host.updateComplete;
    host.disconnect();
    viewport.move({ height: 300 });
    expect(read()).to.deep.equal(['800px', '0px']);
  });
});
