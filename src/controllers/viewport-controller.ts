/**
 * On a phone the panel fills the screen. When the on-screen keyboard opens, Safari on iOS, and
 * Chrome on Android unless the page asks for `interactive-widget=resizes-content`, shrink only the
 * visual viewport: a `position: fixed` panel 100dvh tall keeps its message box under the keyboard.
 * This controller follows `window.visualViewport` into `--_viewport-height` and `--_viewport-top`,
 * which the full-screen rule sizes the panel from (panel/launcher-late.styles.ts). They live in a
 * constructable stylesheet of its own, not a style attribute: the shadow root holds no inline
 * styles, and a strict CSP needs no `unsafe-inline`. Without visualViewport nothing is set and
 * 100dvh serves.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface ViewportHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export class ViewportController implements ReactiveController {
  readonly #sheet = new CSSStyleSheet();
  /** What the sheet holds now: it is replaced only when that changes. */
  #rules = '';

  constructor(host: ViewportHost) {
    const root = host.renderRoot as ShadowRoot;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.#sheet];
    host.addController(this);
  }

  hostConnected(): void {
    window.visualViewport?.addEventListener('resize', this.#sync);
    window.visualViewport?.addEventListener('scroll', this.#sync);
    this.#sync();
  }

  hostDisconnected(): void {
    window.visualViewport?.removeEventListener('resize', this.#sync);
    window.visualViewport?.removeEventListener('scroll', this.#sync);
  }

  readonly #sync = (): void => {
    const viewport = window.visualViewport;
    // Pinch-zoomed, the visual viewport is a magnified part of the page, not the space the keyboard
    // leaves: the panel keeps the layout viewport's size then.
    const rules = viewport && Math.abs(viewport.scale - 1) < 0.01 ? `:host { --_viewport-height: ${viewport.height}px; --_viewport-top: ${viewport.offsetTop}px }` : '';
    if (rules === this.#rules) return;
    this.#rules = rules;
    // Replaced whole, not set through the rule's style: WebKit (WebKitGTK 2.50, Safari of its time)
    // does not restyle a shadow root when a :host rule of an adopted sheet changes through CSSOM.
    this.#sheet.replaceSync(rules);
  };
}
