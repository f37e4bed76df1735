/**
 * Chunks in flight (the panel, a translation) that the element's `updateComplete` waits for: what
 * they render is part of the update, so a page or a test awaiting it sees the panel, not a blank.
 */
export class PendingChunks {
  readonly #inFlight = new Set<Promise<unknown>>();

  /** Counts `loading` as pending until it settles; returns it. */
  track<T>(loading: Promise<T>): Promise<T> {
    this.#inFlight.add(loading);
    const settled = () => this.#inFlight.delete(loading);
    loading.then(settled, settled);
    return loading;
  }

  /** Waits until nothing is in flight, running `update` after each round (a chunk may start another). */
  async settle(update: () => Promise<boolean>): Promise<boolean> {
    let complete = await update();
    while (this.#inFlight.size > 0) {
      await Promise.allSettled(this.#inFlight);
      complete = await update();
    }
    return complete;
  }
}
