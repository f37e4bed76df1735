/**
 * Keeps the message list pinned to the newest text, but only while the reader
 * is already at the bottom: scrolling up to re-read is never fought.
 *
 * A reply that grows taller than the list is the exception the other way: the
 * list stops following its end and keeps the reply's first line at the top, so
 * the shopper reads it from the start. While newer text is out of view (the
 * reply held at its top, or the reader scrolled up) `behind` is true and the
 * panel offers "Jump to latest".
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
/** Room left above a reply held at its top, so its first line is not flush with the list's edge. */
const HOLD_GAP_PX = 8;

export class AutoScrollController implements ReactiveController {
  #pinned = true;
  /** Newer content is out of view: the reader is elsewhere and the list grew. */
  #behind = false;
  #observer: ResizeObserver | undefined;
  #observedScroller: HTMLElement | undefined;
  #observedContent: Element | undefined;
  /** Where `follow` last put the list; a scroll event at or below it is ours (or the reader's, downward). */
  #followedTop = 0;
  /** The list's first message when last rendered: another one means messages were put above it. */
  #firstContent: Element | null = null;
  /** The reply streaming now, once seen. */
  #reply: Element | undefined;
  /** That reply, while it may still be held at its top: not once it was, or once the reader took over. */
  #holdable: Element | undefined;
  /** Where the list was put to hold a reply at its top: a scroll event there is ours. */
  #heldTop: number | undefined;

  readonly #host: ReactiveControllerHost;
  readonly #scroller: () => HTMLElement | null | undefined;
  readonly #streaming: () => boolean;

  /** `streaming`: a reply is on its way (it is then the list's last message). */
  constructor(host: ReactiveControllerHost, scroller: () => HTMLElement | null | undefined, streaming: () => boolean = () => false) {
    this.#host = host;
    this.#scroller = scroller;
    this.#streaming = streaming;
    host.addController(this);
  }

  /** Newer text is out of view below: the panel offers "Jump to latest". */
  get behind(): boolean {
    return this.#behind;
  }

  /** Call from the scroller's `scroll` event. */
  readonly onScroll = (): void => {
    const element = this.#scroller();
    if (!element) return;
    // Content may have grown since the list was last put at the bottom (the observer has not
    // run yet this frame): a scroll that did not go up keeps the list pinned.
    if (this.#pinned && element.scrollTop >= this.#followedTop - 1) return;
    if (this.#heldTop !== undefined && Math.abs(element.scrollTop - this.#heldTop) <= 1) return;
    // The reader moved: from here on the list goes where they take it.
    this.#heldTop = undefined;
    this.#pinned = element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK_PX;
    if (this.#pinned) this.#setBehind(false);
    else this.#holdable = undefined;
  };

  /** Pins to the bottom again, e.g. when the shopper sends a message. */
  pin(): void {
    this.#pinned = true;
    this.#heldTop = undefined;
    this.#setBehind(false);
  }

  /**
   * "Jump to latest": the end of the list, followed from now on (the reply is not held at its top again).
   * `focus`: the list takes focus (the button that asked goes away; focus must not fall to the page).
   */
  jumpToLatest(focus = false): void {
    this.#holdable = undefined;
    this.pin();
    this.#follow(false);
    if (focus) this.#observedScroller?.focus({ preventScroll: true });
  }

  hostUpdated(): void {
    const scroller = this.#scroller() ?? undefined;
    if (scroller !== this.#observedScroller) {
      this.#observer?.disconnect();
      this.#observedScroller = scroller;
      this.#observedContent = undefined;
      this.#followedTop = 0;
      if (!scroller) return;
      this.#observer ??= new ResizeObserver(() => this.#follow(true));
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
    if (content && content !== this.#reply && this.#streaming()) {
      this.#reply = this.#holdable = content;
    } else if (this.#holdable && !this.#streaming()) {
      // The reply's last render (its feedback, its quick replies) may be what makes it too tall: decided now, once,
      // so nothing that changes in it later (a card's add-to-cart) moves the list away from the reader.
      this.#follow(false);
      this.#holdable = undefined;
    }
    const first = scroller.firstElementChild;
    // Reads the list's layout in this task: only where there is no anchoring, and only when messages came in above.
    if (first !== this.#firstContent && this.#firstContent && !CSS.supports('overflow-anchor:auto')) this.#follow(false);
    this.#firstContent = first;
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#observedScroller = undefined;
    this.#observedContent = undefined;
    this.#firstContent = null;
    this.#reply = this.#holdable = undefined;
  }

  /** `grew`: the list's content changed size (the observer), not only its place. */
  #follow(grew: boolean): void {
    const element = this.#observedScroller;
    // A list that is not laid out (the launcher's panel closed) has nowhere to be; it follows once it shows.
    if (!element?.clientHeight) return;
    const end = element.scrollHeight - element.clientHeight;
    if (!this.#pinned) {
      if (grew && end - element.scrollTop > BOTTOM_SLACK_PX) this.#setBehind(true);
      return;
    }
    const reply = this.#holdable;
    if (reply && reply === element.lastElementChild) {
      const top = reply.getBoundingClientRect().top - element.getBoundingClientRect().top + element.scrollTop - HOLD_GAP_PX;
      // Following the end would take the reply's first line out of view: it stays at the top instead.
      if (end > top) {
        this.#holdable = undefined;
        this.#pinned = false;
        element.scrollTop = top;
        this.#heldTop = element.scrollTop;
        this.#setBehind(true);
        return;
      }
    }
    element.scrollTop = element.scrollHeight;
    this.#followedTop = element.scrollTop;
  }

  #setBehind(behind: boolean): void {
    if (this.#behind === behind) return;
    this.#behind = behind;
    this.#host.requestUpdate();
  }
}
