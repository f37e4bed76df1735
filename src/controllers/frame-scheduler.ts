/**
 * Coalesces requests into at most one callback per animation frame, so a fast
 * stream of tokens costs one render per frame however many tokens arrive.
 * Hidden tabs get no animation frames: a callback still pending when the page
 * is hidden runs at once, and one scheduled while it is hidden waits for a timer
 * instead, so nothing (the end of a reply, the rest of a history) waits for the
 * shopper to come back to the tab.
 */
export class FrameScheduler {
  #frame: number | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Listening for `visibilitychange` from the first `schedule` to `cancel`, not once per frame. */
  #listening = false;

  /**
   * With `afterPaint`, the callback runs in a task posted from the frame callback: after that frame's
   * paint rather than before it (for work that must not hold the frame back).
   */
  readonly #callback: () => void;
  readonly #afterPaint: boolean;

  constructor(callback: () => void, afterPaint = false) {
    this.#callback = callback;
    this.#afterPaint = afterPaint;
  }

  /** True while a callback waits for its frame. */
  get pending(): boolean {
    return this.#frame !== undefined || this.#timer !== undefined;
  }

  schedule(): void {
    if (this.pending) return;
    if (document.hidden) {
      this.#timer = setTimeout(this.#run);
      return;
    }
    this.#frame = requestAnimationFrame(this.#afterPaint ? this.#postRun : this.#run);
    if (!this.#listening) document.addEventListener('visibilitychange', this.#onVisibilityChange);
    this.#listening = true;
  }

  /** Runs a pending callback now (the end of a reply must not wait for a frame that hidden tabs never get). */
  flush(): void {
    if (!this.pending) return;
    this.cancel();
    this.#callback();
  }

  /** Drops a pending callback, and stops listening for the page being hidden until the next `schedule`. */
  cancel(): void {
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    clearTimeout(this.#timer);
    this.#frame = undefined;
    this.#timer = undefined;
    document.removeEventListener('visibilitychange', this.#onVisibilityChange);
    this.#listening = false;
  }

  readonly #run = (): void => {
    this.#frame = undefined;
    this.#timer = undefined;
    this.#callback();
  };

  readonly #postRun = (): void => {
    this.#frame = undefined;
    this.#timer = setTimeout(this.#run);
  };

  readonly #onVisibilityChange = (): void => {
    if (document.hidden) this.flush();
  };
}
