/**
 * The message box and what it sends: the draft (kept across page loads), whether the browser is
 * online, submitting, focusing the box, and `open({ message, send })`. It asks the panel only to send
 * and to stop, and whether a reply is streaming, so it is tested with a throwaway host.
 */
import type { ReactiveController } from 'lit';
import type { PanelHost } from '../panel/panel-host.js';
import { renderComposer } from '../panel/panel-view.js';
import { applyOpenOptions, type Composer, type OpenOptions } from '../panel/open-options.js';
import { fitToText } from '../views/fit-to-text.js';
import { DraftController, type DraftStore } from './draft-controller.js';
import { NetworkStatus } from './network-status.js';

export interface ComposerStore extends DraftStore {
  /** Settles once the stored session is read: a panel restoring from the hint renders its box only then. */
  readonly ready: Promise<unknown>;
}

/** What the composer asks of the panel. */
export interface ComposerActions {
  send(text: string): Promise<void>;
  stop(): void;
  /** True while a reply streams: the box then offers Stop, and Enter sends nothing. */
  busy(): boolean;
}

export class ComposerController implements ReactiveController, Composer {
  /** The unsent text, for the panel's start-over to discard with the rest. */
  readonly draft: DraftController;
  readonly #network: NetworkStatus;
  readonly #host: PanelHost;
  readonly #store: ComposerStore;
  readonly #actions: ComposerActions;

  constructor(host: PanelHost, store: ComposerStore, actions: ComposerActions) {
    this.#host = host;
    this.#store = store;
    this.#actions = actions;
    this.draft = new DraftController(host, store);
    this.#network = new NetworkStatus(host);
    host.addController(this);
  }

  hostUpdated(): void {
    fitToText(this.#host.renderRoot.querySelector('textarea'));
  }

  setDraft(text: string): void {
    this.draft.set(text);
  }

  send(text: string): Promise<void> {
    return this.#actions.send(text);
  }

  /** Moves focus to the message box once it is rendered (not on touch screens, where it would open the keyboard). */
  async focusInput(): Promise<void> {
    await this.#store.ready;
    await this.#host.updateComplete;
    if (!matchMedia('(pointer: coarse)').matches) this.#host.renderRoot.querySelector('textarea')?.focus();
  }

  /** `open({ message, send })`: the message waits in the box, or is sent. */
  compose(options: OpenOptions): Promise<void> {
    return applyOpenOptions(this, options);
  }

  readonly #onSubmit = (event: Event): void => {
    event.preventDefault();
    const text = this.draft.text;
    if (!text.trim() || this.#actions.busy() || !this.#network.online) return;
    this.draft.set('');
    void this.#actions.send(text.trim());
  };

  readonly #onDraft = (text: string): void => this.draft.set(text);
  readonly #onStop = (): void => this.#actions.stop();

  render() {
    return renderComposer({
      text: this.#host.text,
      draft: this.draft.text,
      online: this.#network.online,
      busy: this.#actions.busy(),
      onDraft: this.#onDraft,
      onSubmit: this.#onSubmit,
      onStop: this.#onStop,
    });
  }
}
