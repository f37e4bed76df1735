/**
 * Keeps the message list pinned to the newest text, but only while the reader
 * is already at the bottom: scrolling up to re-read is never fought.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

const BOTTOM_SLACK_PX = 24;

export class AutoScrollController implements ReactiveController {
  private pinned = true;

  constructor(
    host: ReactiveControllerHost,
    private readonly scroller: () => HTMLElement | null | undefined,
  ) {
    host.addController(this);
  }

  /** Call from the scroller's `scroll` event. */
  readonly onScroll = (): void => {
    const element = this.scroller();
    if (element) this.pinned = element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK_PX;
  };

  /** Pins to the bottom again, e.g. when the shopper sends a message. */
  pin(): void {
    this.pinned = true;
  }

  hostUpdated(): void {
    const element = this.scroller();
    if (element && this.pinned) element.scrollTop = element.scrollHeight;
  }
}
