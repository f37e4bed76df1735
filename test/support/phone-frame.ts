/**
 * A page of its own in an iframe of a phone's width, with the widget loaded from source: the
 * iframe's viewport is what its media queries and its visualViewport see, in every engine, where
 * resizing the test page's own window is not possible (WebDriver) or not the same (headless).
 */
import { waitUntil } from '@open-wc/testing';
import { resetMouse, sendMouse } from '@web/test-runner-commands';
import { clearAllSessions } from '../../src/storage/session-store.js';
import type { TotebotChat } from '../../src/totebot-chat.js';

export interface PhoneFrame {
  iframe: HTMLIFrameElement;
  window: Window & typeof globalThis;
  document: Document;
  chat: TotebotChat;
  /** The focused element, inside shadow roots too. */
  active(): Element | null;
  /** Clicks `element` as a mouse does: real focus, in the frame the keyboard's keys then go to. */
  click(element: HTMLElement): Promise<void>;
  /** Sets the iframe's size and waits until its page has seen it. */
  resize(width: number, height: number): Promise<void>;
  remove(): void;
}

/**
 * `body` is the frame's markup (it must hold one <totebot-chat>); `head` runs before the widget's
 * module, e.g. to take away window.visualViewport.
 */
export interface PhoneFrameOptions {
  width?: number;
  height?: number;
  body: string;
  head?: string;
}

export async function phoneFrame({ width = 400, height = 560, body, head = '' }: PhoneFrameOptions): Promise<PhoneFrame> {
  const iframe = document.createElement('iframe');
  // At the test page's top left, so a click at a point of the frame lands there.
  iframe.style.cssText = `position: fixed; top: 0; left: 0; z-index: 1; width: ${width}px; height: ${height}px; border: 0;`;
  iframe.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><style>body { margin: 0 }</style>${head}
<script type="module">import '/src/index.ts';</script></head><body>${body}</body></html>`;
  const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
  document.body.append(iframe);
  await loaded;
  const frameWindow = iframe.contentWindow as Window & typeof globalThis;
  await frameWindow.customElements.whenDefined('totebot-chat');
  const frameDocument = frameWindow.document;
  const chat = frameDocument.querySelector('totebot-chat') as TotebotChat;
  await chat.updateComplete;
  return {
    iframe,
    window: frameWindow,
    document: frameDocument,
    chat,
    active() {
      let active = frameDocument.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active;
    },
    async click(element) {
      const { left, top, width: boxWidth, height: boxHeight } = element.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(left + boxWidth / 2), Math.round(top + boxHeight / 2)] });
      await resetMouse();
    },
    async resize(newWidth, newHeight) {
      iframe.style.width = `${newWidth}px`;
      iframe.style.height = `${newHeight}px`;
      const deadline = performance.now() + 2000;
      while ((frameWindow.innerWidth !== newWidth || frameWindow.innerHeight !== newHeight) && performance.now() < deadline) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      // The resize events of that frame, and the update they cause.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    },
    remove() {
      iframe.remove();
    },
  };
}

/**
 * For a describe block of phone-frame tests: each test starts with no stored session, and the frame it
 * opened is closed and removed after it. The function returned makes a frame and opens its panel, and
 * resolves once the panel's message box is rendered.
 */
export function openedPhoneFrames(): (options: PhoneFrameOptions) => Promise<PhoneFrame> {
  let frame: PhoneFrame | undefined;
  beforeEach(async () => {
    await clearAllSessions();
  });
  afterEach(() => {
    frame?.chat.close();
    frame?.remove();
    frame = undefined;
  });
  return async (options) => {
    const opened = (frame = await phoneFrame(options));
    opened.chat.open();
    await waitUntil(() => opened.chat.shadowRoot!.querySelector('textarea'), 'the panel renders', { timeout: 5000 });
    await opened.chat.updateComplete;
    return opened;
  };
}
