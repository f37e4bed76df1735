/**
 * Everything the widget keeps on the device for one proxy, in one place: the session (conversation,
 * its token, the visitor, the draft, the cached messages) in IndexedDB with its synchronous hint, and
 * the agent's name. Every write is a no-op without consent: the session then lives in memory only.
 * Two verbs delete, and their names say how much: `withdraw` (this proxy's data: consent withdrawn)
 * and `forgetDevice` (everything the widget stored, for every proxy).
 *
 * The stored session is read when the host connects (or, for a reset, on a store whose host never did);
 * a send awaits `ready`, so nothing races the read, and changes saved before it are written over the
 * record once it is read, never over it unread.
 * A read that answers after the host has left is not acted on: the record is not taken in, nothing is
 * written and nothing handed on, since the page may have cleared the device meanwhile (a logout) and a
 * removed widget must not bring the old record back. What the page asks for once the read is in (a reset
 * waiting for it) is still written, and only that. A read that a newer one replaced (the host moved, or
 * to another proxy) answers with the newer one, so whoever waits for the stored session waits for it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { readAgentName, saveAgentName } from './agent-name.js';
import {
  clearAllSessions,
  DEFAULT_RETENTION_DAYS,
  deleteEverything,
  deleteSession,
  loadSession,
  saveSession,
  type StoredSession,
} from './session-store.js';

export interface DeviceStoreSettings {
  /** Where sessions are kept apart (the proxy's URL). */
  scope: string;
  /** Whether anything may be stored on the device (the shopper's consent). */
  persist: boolean;
  /** How long a stored session is kept after its last change. */
  retentionMs: number;
}

export class DeviceStore implements ReactiveController {
  session: StoredSession = {};
  ready: Promise<StoredSession> = Promise.resolve({});
  /** True once the stored session has been read (or there was none to read). */
  loaded = false;
  persist = true;
  /** Changes saved before the stored session was read: written over it once it is (never over it unread). */
  #unsaved: Partial<StoredSession> | undefined;
  #scope = '';
  #retentionMs = DEFAULT_RETENTION_DAYS * 86_400_000;
  /** Everything was forgotten: an agent's name that arrives later is not stored again. */
  #forgotten = false;
  /** Counts reads: only the latest one's answer counts, and only while the host is connected is it handed on. */
  #reads = 0;
  #connected = false;

  /** Read each time the host connects. */
  readonly #settings: () => DeviceStoreSettings;
  readonly #onLoad: (session: StoredSession) => void;

  constructor(host: ReactiveControllerHost, settings: () => DeviceStoreSettings, onLoad: (session: StoredSession) => void) {
    this.#settings = settings;
    this.#onLoad = onLoad;
    host.addController(this);
  }

  /**
   * `ready`, reading the stored session first if the host never connected: a logout on a widget that left
   * the page before its panel loaded must find what to forget (and, read off the page, writes only that).
   */
  readyToForget(): Promise<StoredSession> {
    if (!this.#reads) this.#read();
    return this.ready;
  }

  hostConnected(): void {
    this.#connected = true;
    this.#read();
  }

  hostDisconnected(): void {
    this.#connected = false;
  }

  #read(): void {
    const { scope, persist, retentionMs } = this.#settings();
    this.#scope = scope;
    this.persist = persist;
    this.#retentionMs = retentionMs;
    const read = ++this.#reads;
    if (!this.persist) {
      this.loaded = true;
      // No consent (any more): what a page stored while it had consent goes.
      this.ready = deleteEverything(scope, true).then(() => this.session);
      return;
    }
    // Until this read answers, a change waits for it: the record may have changed while the host was away.
    this.loaded = false;
    this.ready = loadSession(scope, this.#retentionMs).then((stored = {}) => {
      if (read !== this.#reads) return this.ready;
      const unsaved = this.#unsaved;
      this.#unsaved = undefined;
      this.session = withoutUndefined(this.#connected ? { ...stored, ...unsaved } : { ...unsaved });
      this.loaded = true;
      if (!this.#connected) return this.session;
      if (unsaved) this.#write();
      // The record as read: what was decided before it (a refused conversation, say) is in `session` already.
      this.#onLoad(stored);
      return this.session;
    });
  }

  /**
   * The widget moved to another proxy: from now on the session is that proxy's, read afresh. The old
   * proxy's record stays as it was, for when the widget moves back.
   */
  rescope(): void {
    this.session = {};
    this.#unsaved = undefined;
    this.#read();
  }

  save(change: Partial<StoredSession>): void {
    this.session = withoutUndefined({ ...this.session, ...change });
    if (!this.persist) return;
    // Before the read, a write would replace the stored record with this page's partial one.
    if (!this.loaded) this.#unsaved = { ...this.#unsaved, ...change };
    else this.#write();
  }

  #write(): void {
    // Nothing left to remember is nothing stored, not an empty record.
    void (Object.keys(this.session).length === 0 ? deleteSession(this.#scope) : saveSession(this.#scope, this.session));
  }

  /** The agent's name as the proxy last gave it on this device ('' if none, or without consent). */
  get agentName(): string {
    return this.persist ? readAgentName(this.#settings().scope) : '';
  }

  rememberAgentName(name: string): void {
    if (this.persist && !this.#forgotten) saveAgentName(this.#settings().scope, name);
  }

  /** Consent given: store what this page has so far. Consent withdrawn: `withdraw`. */
  setPersist(persist: boolean): void {
    if (persist === this.persist) return;
    this.persist = persist;
    if (!this.#scope) return;
    // After the read or the deletion on connect, never racing it.
    void this.ready.then(() => (persist ? saveSession(this.#scope, this.session) : this.withdraw()));
  }

  /** Deletes everything kept for this proxy: the session, its hint and the agent's name. */
  withdraw(): Promise<void> {
    return deleteEverything(this.#scope);
  }

  /** Deletes everything the widget stored on this device, for every proxy. */
  async forgetDevice(): Promise<void> {
    this.#forgotten = true;
    this.session = {};
    this.#unsaved = undefined;
    await clearAllSessions();
  }
}

function withoutUndefined(session: StoredSession): StoredSession {
  for (const key of Object.keys(session) as (keyof StoredSession)[]) {
    if (session[key] === undefined) delete session[key];
  }
  return session;
}
