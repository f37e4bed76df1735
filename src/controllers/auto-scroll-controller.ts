/**
 * Keeps the message list pinned to the newest text, but only while the reader
 * is already at the bottom: scrolling up to re-read is never fought.
 *
 * It follows from a ResizeObserver on the list and on its last message, not
 * from `updated()`: the observer runs after the browser's own layout of the
 * frame, so reading `scrollHeight` there costs nothing, where reading it after
 * every render forces a layout of the growing reply inside the render's task.
 *
 * Older messages put above the others (a history revealed newest first) are the
 * exception. CSS scroll anchoring keeps the end in view through that during the
 * browser's own layout; Safari and WebKitGTK have no scroll anchoring, so there
 * the list is put back at the bottom as soon as they are rendered, before
 * anything can see or paint the list scrolled to old messages.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

const BOTTOM_SLACK_PX = 24;

export class AutoScrollController implements ReactiveController {
  #pinned = true;
  #observer: ResizeObserver | undefined;
  #observedScroller: HTMLElement | undefined;
  #observedContent: Element | undefined;
  /** Where `follow` last put the list; a scroll event at or below it is ours (or the reader's, downward). */
  #followedTop = 0;
  /** The list's first message when last rendered: another one means messages were put above it. */
  #firstContent: Element | null = null;

  readonly #scroller: () => HTMLElement | null | undefined;

  constructor(host: ReactiveControllerHost, scroller: () => HTMLElement | null | undefined) {
    this.#scroller = scroller;
    host.addController(this);
  }

  /** Call from the scroller's `scroll` event. */
  readonly onScroll = (): void => {
    const element = this.#scroller();
    if (!element) return;
    // Content may have grown since the list was last put at the bottom (the observer has not
    // run yet this frame): a scroll that did not go up keeps the list pinned.
    if (this.#pinned && element.scrollTop >= this.#followedTop - 1) return;
    this.#pinned = element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK_PX;
  };

  /** Pins to the bottom again, e.g. when the shopper sends a message. */
  pin(): void {
    this.#pinned = true;
  }

  hostUpdated(): void {
    const scroller = this.#scroller() ?? undefined;
    if (scroller !== this.#observedScroller) {
      this.#observer?.disconnect();
      this.#observedScroller = scroller;
      this.#observedContent = undefined;
      this.#followedTop = 0;
      if (!scroller) return;
      this.#observer ??= new ResizeObserver(() => this.#follow());
      // The list itself: a panel that opens, or a window that changes size.
      this.#observer.observe(scroller);
    }
    if (!scroller || !this.#observer) return;
    // The last message: the one that grows while a reply streams, or a new one (observing it starts with a callback).
    const content = scroller.lastElementChild ?? undefined;
    if (content !== this.#observedContent) {
      if (this.#observedContent) this.#observer.unobserve(this.#observedContent);
      if (content) this.#observer.observe(content);
      this.#observedContent = content;
    }
    const first = scroller.firstElementChild;
    // Reads the list's layout in this task: only where there is no anchoring, and only when messages came in above.
    if (first !== this.#firstContent && this.#firstContent && !CSS.supports('overflow-anchor:auto')) this.#follow();
    this.#firstContent = first;
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#observedScroller = undefined;
    this.#observedContent = undefined;
    this.#firstContent = null;
  }

  #follow(): void {
    const element = this.#observedScroller;
    if (!element || !this.#pinned) return;
    element.scrollTop = element.scrollHeight;
    this.#followedTop = element.scrollTop;
  }
}
