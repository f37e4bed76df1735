/**
 * The agent's display name: the page's `agent-name`, else what /v1/agent says, asked once the
 * shopper can see the panel. The last answer is kept on the device (with consent) so the next
 * page's header shows it at once rather than the default name for a round trip.
 */
import type { ReactiveController } from 'lit';
import type { ApiClient } from '../api/client.js';
import type { PanelHost } from '../panel/panel-host.js';
import type { DeviceStore } from '../storage/device-store.js';

export class AgentInfoController implements ReactiveController {
  /** From /v1/agent, or as it last answered on this device until it answers again. */
  #fetched: string;
  #requested = false;
  readonly #host: PanelHost;
  readonly #client: () => ApiClient;
  readonly #device: DeviceStore;

  constructor(host: PanelHost, client: () => ApiClient, device: DeviceStore) {
    this.#host = host;
    this.#client = client;
    this.#device = device;
    this.#fetched = device.agentName;
    host.addController(this);
  }

  get displayName(): string {
    return this.#host.agentName || this.#fetched || this.#host.text.defaultAgentName;
  }

  /** Another proxy, maybe another agent: its name as last known here, asked for again. */
  rescope(): void {
    this.#fetched = this.#device.agentName;
    this.#requested = false;
  }

  hostUpdate(): void {
    const host = this.#host;
    if (this.#requested || host.agentName || !(host.opened || host.mode === 'inline')) return;
    this.#requested = true;
    this.#client()
      .getAgent()
      .then(
        (agent) => {
          const name = agent.name ?? '';
          if (name === this.#fetched) return;
          this.#fetched = name;
          this.#device.rememberAgentName(name);
          host.requestUpdate();
        },
        () => {
          // The last known name, or the default, serves; a missing agent name is not worth an error.
        },
      );
  }
}
