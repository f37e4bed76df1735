/**
 * The teaser: the page's short text (`teaser` attribute) beside the closed launcher, after
 * `teaser-delay` ms, once per tab session. It never shows while the panel is open or once it has
 * been opened in this tab; the shopper dismisses it with its button or Escape, and a click on its
 * text opens the chat. The launcher loads this module (its own chunk) only when the element has a
 * `teaser` attribute, so pages without one never pay for it.
 */
import { nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { markTeaserDone, teaserDone } from '../storage/teaser-flag.js';
import type { TotebotStrings } from '../strings.js';
import { teaserStyles } from '../views/teaser.styles.js';
import { renderTeaser } from '../views/teaser-view.js';

export const DEFAULT_TEASER_DELAY_MS = 3_000;

/**
 * The dismiss button's English name, until the panel's whole table or a translation is merged into
 * the element's texts: the launcher carries only the few texts it shows itself.
 */
export const DISMISS_TEASER_ENGLISH = 'Dismiss';

/** What the teaser reads of the element, and the one thing it asks of it: to open. */
export interface TeaserHost extends ReactiveControllerHost {
  readonly mode: 'launcher' | 'inline';
  readonly opened: boolean;
  /** Without consent nothing is written: the teaser then shows once per page. */
  readonly persist: boolean;
  readonly storageScope: string;
  /** The widget's language: the teaser speaks it, as the panel does. */
  readonly resolvedLang: string;
  readonly text: Partial<Pick<TotebotStrings, 'dismissTeaser'>>;
  readonly renderRoot: HTMLElement | DocumentFragment;
  getAttribute(name: string): string | null;
  open(): void;
}

/** `teaser-delay` in ms: a whole number of 0 or more, else the default. */
export function teaserDelay(attribute: string | null): number {
  const delay = attribute === null || attribute.trim() === '' ? NaN : Number(attribute);
  return Number.isFinite(delay) && delay >= 0 ? delay : DEFAULT_TEASER_DELAY_MS;
}

export class TeaserController implements ReactiveController {
  readonly #host: TeaserHost;
  #visible = false;
  /** Shown, dismissed or made moot by an open panel on this page: never again here, whatever storage says. */
  #done = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: TeaserHost) {
    this.#host = host;
    host.addController(this);
  }

  get visible(): boolean {
    return this.#visible;
  }

  hostConnected(): void {
    const root = this.#host.renderRoot as ShadowRoot;
    // Added to what is adopted, never replacing it (the panel's chunk adds its sheet the same way).
    if (!root.adoptedStyleSheets.includes(teaserStyles.styleSheet!)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, teaserStyles.styleSheet!];
    if (this.#done || this.#moot()) return;
    this.#timer = setTimeout(this.#show, teaserDelay(this.#host.getAttribute('teaser-delay')));
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#hide();
  }

  hostUpdate(): void {
    // Opened by any means (the launcher, open(), the open attribute): the teaser has done its job.
    if (this.#host.opened) this.#finish();
  }

  /** The teaser, or nothing; the element renders it beside the launcher, in the panel's direction `dir`. */
  render(dir: string): unknown {
    const host = this.#host;
    const text = host.getAttribute('teaser')?.trim();
    if (!this.#visible || !text) return nothing;
    return renderTeaser({
      text,
      lang: host.resolvedLang,
      dir,
      dismissLabel: host.text.dismissTeaser ?? DISMISS_TEASER_ENGLISH,
      onOpen: this.#open,
      onDismiss: this.#dismiss,
    });
  }

  /** No teaser in an inline chat, over an open panel, or once this tab has seen the chat or the teaser. */
  #moot(): boolean {
    const host = this.#host;
    return host.mode === 'inline' || host.opened || teaserDone(host.storageScope) || !host.getAttribute('teaser')?.trim();
  }

  readonly #show = (): void => {
    if (this.#done || this.#moot()) return;
    this.#done = true;
    this.#visible = true;
    if (this.#host.persist) markTeaserDone(this.#host.storageScope);
    document.addEventListener('keydown', this.#onKeydown);
    this.#host.requestUpdate();
  };

  /** Never again on this page (and, through the open flag, in this tab). */
  #finish(): void {
    clearTimeout(this.#timer);
    this.#done = true;
    this.#hide();
  }

  #hide(): void {
    document.removeEventListener('keydown', this.#onKeydown);
    if (!this.#visible) return;
    this.#visible = false;
    this.#host.requestUpdate();
  }

  readonly #open = (): void => {
    this.#finish();
    this.#host.open();
  };

  readonly #dismiss = (): void => {
    const root = this.#host.renderRoot as ShadowRoot;
    const hadFocus = Boolean(root.activeElement?.closest('.teaser'));
    this.#finish();
    // The focused button goes with the teaser: focus moves to the launcher beside it, not to the page's start.
    if (hadFocus) void this.#host.updateComplete.then(() => root.querySelector<HTMLElement>('.launcher')?.focus());
  };

  /** Escape anywhere on the page dismisses it, as it would a tooltip (WCAG 2.2, 1.4.13). */
  readonly #onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') this.#dismiss();
  };
}
