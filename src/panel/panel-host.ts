/**
 * What the panel may know of the element that hosts it: the settings it reads, the render root it
 * renders into, and the few things it asks of the element. The panel never writes the element's
 * fields; what it owns (the conversation, the draft, the announcement, the unread count) the
 * element reads back through the panel.
 */
import type { ReactiveControllerHost } from 'lit';
import type { Identity } from '../protocol/events.js';
import type { TotebotStrings } from '../strings.js';

export interface PanelSettings {
  readonly endpoint: string;
  readonly mode: 'launcher' | 'inline';
  readonly opened: boolean;
  readonly agentName: string;
  readonly welcomeMessage: string;
  readonly suggestions: readonly string[];
  readonly avatar: string;
  readonly idleTimeout: number;
  readonly persist: boolean;
  readonly retentionDays: number;
  readonly imageHosts: string;
  /** The visitor as the page says; undefined while the page has said nothing. */
  readonly identity: Identity | undefined;
  readonly identitySignature: string | undefined;
  /** The merged strings table, compared by identity (rebuilt only when its inputs change). */
  readonly text: TotebotStrings;
  /** Where stored sessions are kept apart: the proxy's URL. */
  readonly storageScope: string;
  /** The language the texts are in (the element's, else the page's). */
  readonly resolvedLang: string;
}

export interface PanelHost extends ReactiveControllerHost, PanelSettings, EventTarget {
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** Closes the panel (launcher mode): the element owns whether it is open. */
  close(): void;
  /** Attributes read where they are used (`cart-url`, `checkout-url`), not declared as properties of the launcher. */
  getAttribute(name: string): string | null;
}
