/** Whether the browser says it is online: the composer's Send waits for the network. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class NetworkStatus implements ReactiveController {
  online = navigator.onLine;
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('online', this.#onChange);
    window.addEventListener('offline', this.#onChange);
    this.online = navigator.onLine;
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.#onChange);
    window.removeEventListener('offline', this.#onChange);
  }

  readonly #onChange = (): void => {
    this.online = navigator.onLine;
    this.#host.requestUpdate();
  };
}
