/**
 * Coalesces requests into at most one callback per animation frame, so a fast
 * stream of tokens costs one render per frame however many tokens arrive.
 * Hidden tabs get no animation frames: a callback still pending when the page
 * is hidden runs at once, so the end of a reply never waits for the shopper to
 * come back to the tab.
 */
export class FrameScheduler {
  private frame: number | undefined;
  /** Listening for `visibilitychange` from the first `schedule` to `cancel`, not once per frame. */
  private listening = false;

  constructor(private readonly callback: () => void) {}

  /** True while a callback waits for its frame. */
  get pending(): boolean {
    return this.frame !== undefined;
  }

  schedule(): void {
    if (this.frame !== undefined) return;
    this.frame = requestAnimationFrame(this.run);
    if (!this.listening) document.addEventListener('visibilitychange', this.onVisibilityChange);
    this.listening = true;
  }

  /** Runs a pending callback now (the end of a reply must not wait for a frame that hidden tabs never get). */
  flush(): void {
    if (this.frame === undefined) return;
    this.cancel();
    this.callback();
  }

  /** Drops a pending callback, and stops listening for the page being hidden until the next `schedule`. */
  cancel(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.listening = false;
  }

  private readonly run = (): void => {
    this.frame = undefined;
    this.callback();
  };

  private readonly onVisibilityChange = (): void => {
    if (document.hidden) this.flush();
  };
}
