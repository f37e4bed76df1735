/**
 * The unsent text of the message box. It survives page loads through the device store, saved once
 * typing pauses: not a storage write per keystroke.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { StoredSession } from '../storage/session-store.js';

/** A draft is saved once typing pauses this long. */
const DRAFT_SAVE_DELAY_MS = 300;

export interface DraftStore {
  save(change: Partial<StoredSession>): void;
}

export class DraftController implements ReactiveController {
  /** What the message box holds now. */
  text = '';
  readonly #host: ReactiveControllerHost;
  readonly #store: DraftStore;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, store: DraftStore) {
    this.#host = host;
    this.#store = store;
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }

  /** The stored draft arrived: it fills the box unless the shopper has already typed. */
  restored(draft: string | undefined): void {
    if (draft && !this.text) this.text = draft;
  }

  /** Keeps what is typed, and saves it once typing pauses (at once when the box is emptied). */
  set(text: string): void {
    this.text = text;
    this.#host.requestUpdate();
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#store.save({ draft: text || undefined }), text ? DRAFT_SAVE_DELAY_MS : 0);
  }

  /** Empties the box without saving: what is stored is about to go as a whole. */
  discard(): void {
    clearTimeout(this.#timer);
    this.text = '';
  }
}
