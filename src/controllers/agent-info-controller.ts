/**
 * The agent's display name: the page's `agent-name`, else what /v1/agent says, asked once the
 * shopper can see the panel. The last answer is kept on the device (with consent) so the next
 * page's header shows it at once rather than the default name for a round trip.
 */
import type { ReactiveController } from 'lit';
import type { ApiClient } from '../api/client.js';
import type { PanelHost } from '../panel/panel-host.js';
import { readAgentName, saveAgentName } from '../state/agent-name.js';

export class AgentInfoController implements ReactiveController {
  /** From /v1/agent, or as it last answered on this device until it answers again. */
  #fetched: string;
  #requested = false;
  /** Everything stored was forgotten: an answer that arrives later stores nothing again. */
  #forgotten = false;
  readonly #host: PanelHost;
  readonly #client: () => ApiClient;

  constructor(host: PanelHost, client: () => ApiClient) {
    this.#host = host;
    this.#client = client;
    this.#fetched = host.persist ? readAgentName(host.storageScope) : '';
    host.addController(this);
  }

  get displayName(): string {
    return this.#host.agentName || this.#fetched || this.#host.text.defaultAgentName;
  }

  /** After forget(): nothing about the agent is stored again on this page. */
  forgotten(): void {
    this.#forgotten = true;
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
          if (host.persist && !this.#forgotten) saveAgentName(host.storageScope, name);
          host.requestUpdate();
        },
        () => {
          // The last known name, or the default, serves; a missing agent name is not worth an error.
        },
      );
  }
}
