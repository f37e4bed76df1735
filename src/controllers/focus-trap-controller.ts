/**
 * At full screen (a phone) the panel covers the page and the launcher, so it is a modal dialog:
 * `aria-modal="true"`, and Tab and Shift+Tab cycle through its controls, the page's slotted ones
 * and any in nested shadow roots included, instead of leaving for the hidden launcher or page.
 * Only the edges are handled: between them the browser moves focus as it would. Beside the page at
 * wider sizes the panel is not modal and focus moves freely. Escape is the element's (it closes).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface FocusTrapHost extends ReactiveControllerHost, EventTarget {
  readonly opened: boolean;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export class FocusTrapController implements ReactiveController {
  readonly #host: FocusTrapHost;
  #opened: boolean | undefined;

  constructor(host: FocusTrapHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('keydown', this.#onKeydown as EventListener);
    window.addEventListener('resize', this.#markModal);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('keydown', this.#onKeydown as EventListener);
    window.removeEventListener('resize', this.#markModal);
  }

  /** Checked as the panel opens or closes and on resize (a turned phone), not on every streamed frame. */
  hostUpdated(): void {
    if (this.#host.opened === this.#opened) return;
    this.#opened = this.#host.opened;
    this.#markModal();
  }

  /** The panel, while it is a dialog (launcher mode). */
  #dialog(): HTMLElement | null {
    return this.#host.renderRoot.querySelector<HTMLElement>('.panel[role="dialog"]');
  }

  /** Whether the dialog is open and fills the screen (the full-screen rule makes it `position: fixed`). */
  #fillsScreen(panel: HTMLElement): boolean {
    return this.#host.opened && getComputedStyle(panel).position === 'fixed';
  }

  readonly #markModal = (): void => {
    const panel = this.#dialog();
    if (panel && this.#fillsScreen(panel)) panel.setAttribute('aria-modal', 'true');
    else panel?.removeAttribute('aria-modal');
  };

  readonly #onKeydown = (event: KeyboardEvent): void => {
    // WebKitGTK names Shift+Tab's key 'Unidentified' (GDK's ISO_Left_Tab); its code is still 'Tab'.
    const tab = event.key === 'Tab' || event.code === 'Tab';
    if (!tab || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const panel = this.#dialog();
    if (!panel || !this.#fillsScreen(panel)) return;
    const stops = tabStops(panel);
    const active = deepActiveElement();
    const index = stops.indexOf(active as HTMLElement);
    // Focus on a stop between the edges, or on something inside the panel that is not a stop
    // (a scrolling box some browsers make focusable): the browser's own order serves.
    const atEdge = event.shiftKey ? index === 0 : index === stops.length - 1;
    if (index >= 0 ? !atEdge : active !== null && composedContains(panel, active)) return;
    event.preventDefault();
    (event.shiftKey ? stops.at(-1) : stops[0])?.focus();
  };
}

/** The keyboard's stops inside `root`, in the order of the composed tree (slotted and shadow content where it renders). */
export function tabStops(root: Element): HTMLElement[] {
  const stops: HTMLElement[] = [];
  const visit = (element: Element) => {
    if (element instanceof HTMLSlotElement) {
      const assigned = element.assignedElements({ flatten: true });
      if (assigned.length > 0) {
        assigned.forEach(visit);
        return;
      }
    } else if (element instanceof HTMLElement && isTabStop(element)) {
      stops.push(element);
    }
    // A host's own children show only through its slots, which its shadow root holds.
    for (const child of (element.shadowRoot ?? element).children) visit(child);
  };
  for (const child of root.children) visit(child);
  return stops;
}

/**
 * `tabIndex` is 0 or more for what the keyboard reaches (HTML's default: controls, links, iframes,
 * summaries; else the tabindex attribute), and also for a link without an address, which it does not.
 */
function isTabStop(element: HTMLElement): boolean {
  if (element.tabIndex < 0 || element.matches(':disabled, a:not([href]):not([tabindex])')) return false;
  // Hidden by display, visibility or a closed <details>: not reachable. (No checkVisibility before Safari 17.4.)
  return element.checkVisibility?.({ visibilityProperty: true }) ?? element.getClientRects().length > 0;
}

/** The focused element, inside shadow roots too. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Whether `node` is inside `container` in the composed tree (through slots and shadow roots). */
function composedContains(container: Element, node: Node): boolean {
  for (let current: Node | null = node; current; current = (current as Element).assignedSlot ?? current.parentNode ?? (current as ShadowRoot).host ?? null) {
    if (current === container) return true;
  }
  return false;
}
