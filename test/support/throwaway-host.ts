/**
 * A stand-in for the element in controller tests: a ReactiveControllerHost that runs its controllers'
 * lifecycle the way Lit does (an update requested in a task runs once, after the current microtasks:
 * every controller's hostUpdate, then hostUpdated), with the panel's settings where a controller reads
 * them. Never <totebot-chat>: a controller test must fail for the controller's own fault only.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PanelHost, PanelSettings } from '../../src/panel/panel-host.js';
import { ENGLISH } from '../../src/strings.js';

export const DEFAULT_SETTINGS: PanelSettings = {
  endpoint: '',
  mode: 'inline',
  opened: false,
  agentName: '',
  welcomeMessage: '',
  suggestions: [],
  avatar: '',
  idleTimeout: 90_000,
  persist: true,
  retentionDays: 30,
  imageHosts: '',
  identity: undefined,
  identitySignature: undefined,
  text: ENGLISH,
  storageScope: 'https://proxy.test/throwaway',
  resolvedLang: 'en',
};

export class ThrowawayHost extends EventTarget implements ReactiveControllerHost, PanelHost {
  readonly controllers: ReactiveController[] = [];
  /** requestUpdate calls so far. */
  updatesRequested = 0;
  /** Update cycles run so far. */
  updates = 0;
  connected = false;
  closed = 0;
  readonly renderRoot: HTMLElement = document.createElement('div');
  #pending: Promise<boolean> | undefined;

  endpoint!: string;
  mode!: 'launcher' | 'inline';
  opened!: boolean;
  agentName!: string;
  welcomeMessage!: string;
  suggestions!: readonly string[];
  avatar!: string;
  idleTimeout!: number;
  persist!: boolean;
  retentionDays!: number;
  imageHosts!: string;
  identity!: PanelSettings['identity'];
  identitySignature!: PanelSettings['identitySignature'];
  text!: PanelSettings['text'];
  storageScope!: string;
  resolvedLang!: string;
  readonly attributes = new Map<string, string>();

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  constructor(settings: Partial<PanelSettings> = {}) {
    super();
    Object.assign(this, DEFAULT_SETTINGS, settings);
  }

  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
    if (this.connected) controller.hostConnected?.();
  }

  removeController(controller: ReactiveController): void {
    this.controllers.splice(this.controllers.indexOf(controller) >>> 0, 1);
  }

  requestUpdate(): void {
    this.updatesRequested += 1;
    this.#pending ??= Promise.resolve().then(() => {
      this.#pending = undefined;
      this.update();
      return true;
    });
  }

  get updateComplete(): Promise<boolean> {
    return this.#pending ?? Promise.resolve(true);
  }

  /** One update cycle now, as Lit runs it. */
  update(): void {
    this.updates += 1;
    for (const controller of this.controllers) controller.hostUpdate?.();
    for (const controller of this.controllers) controller.hostUpdated?.();
  }

  connect(): void {
    this.connected = true;
    for (const controller of this.controllers) controller.hostConnected?.();
    this.requestUpdate();
  }

  disconnect(): void {
    this.connected = false;
    for (const controller of this.controllers) controller.hostDisconnected?.();
  }

  close(): void {
    this.closed += 1;
  }
}

/** Two animation frames and the task after them: long enough for a frame-scheduled callback (and one posted after its paint) to have run. */
export const frames = (): Promise<void> =>
  new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve))));

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
