/**
 * Coalesces requests into at most one callback per animation frame, so a fast
 * stream of tokens costs one render per frame however many tokens arrive.
 */
export class FrameScheduler {
  private frame: number | undefined;

  constructor(private readonly callback: () => void) {}

  schedule(): void {
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      this.callback();
    });
  }

  /** Runs a pending callback now (the end of a reply must not wait for a frame that hidden tabs never get). */
  flush(): void {
    if (this.frame === undefined) return;
    this.cancel();
    this.callback();
  }

  cancel(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
  }
}
