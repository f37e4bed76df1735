/**
 * One pending thing due at a time (an automatic retry once a busy proxy's wait is over, the next look
 * for a cut-off reply in the proxy's history), optionally ticking meanwhile so a countdown on screen
 * stays true. Scheduling again replaces what was pending; cancel() leaves nothing running.
 */
export class DueTimer {
  #due: ReturnType<typeof setTimeout> | undefined;
  #tick: ReturnType<typeof setInterval> | undefined;

  /** Runs `onDue` after `ms` (never sooner than now), calling `onTick` every second until then. */
  schedule(ms: number, onDue: () => void, onTick?: () => void): void {
    this.cancel();
    if (onTick) this.#tick = setInterval(onTick, 1000);
    this.#due = setTimeout(() => {
      this.cancel();
      onDue();
    }, Math.max(0, ms));
  }

  cancel(): void {
    clearTimeout(this.#due);
    clearInterval(this.#tick);
    this.#due = this.#tick = undefined;
  }
}
