/**
 * Loads the stored session when the element connects and saves changes to it.
 * The element awaits `ready` before its first send, so nothing races the load.
 * With persistence off (no consent yet) the session lives in memory only and
 * nothing is read from or written to storage.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  clearAllSessions,
  DEFAULT_RETENTION_DAYS,
  deleteEverything,
  deleteSession,
  loadSession,
  saveSession,
  type StoredSession,
} from '../state/session-store.js';

export interface SessionSettings {
  /** Where sessions are kept apart (the proxy's URL). */
  scope: string;
  /** Whether the session may be stored on the device. */
  persist: boolean;
  /** How long a stored session is kept after its last change. */
  retentionMs: number;
}

export class SessionController implements ReactiveController {
  session: StoredSession = {};
  ready: Promise<StoredSession> = Promise.resolve({});
  /** True once the stored session has been read (or there was none to read). */
  loaded = false;
  /** Changes saved before the stored session was read: written over it once it is (never over it unread). */
  #unsaved: Partial<StoredSession> | undefined;
  persist = true;
  #scope = '';
  #retentionMs = DEFAULT_RETENTION_DAYS * 86_400_000;

  /** Read each time the host connects. */
  readonly #settings: () => SessionSettings;
  readonly #onLoad: (session: StoredSession) => void;

  constructor(host: ReactiveControllerHost, settings: () => SessionSettings, onLoad: (session: StoredSession) => void) {
    this.#settings = settings;
    this.#onLoad = onLoad;
    host.addController(this);
  }

  hostConnected(): void {
    const { scope, persist, retentionMs } = this.#settings();
    this.#scope = scope;
    this.persist = persist;
    this.#retentionMs = retentionMs;
    if (!this.persist) {
      this.loaded = true;
      // No consent (any more): what a page stored while it had consent goes.
      this.ready = deleteEverything(scope, true).then(() => this.session);
      return;
    }
    this.ready = loadSession(scope, this.#retentionMs).then((stored = {}) => {
      if (scope !== this.#scope) return this.session;
      const unsaved = this.#unsaved;
      this.#unsaved = undefined;
      this.session = withoutUndefined({ ...stored, ...unsaved });
      this.loaded = true;
      if (unsaved) this.#write();
      // The record as read: what was decided before it (a refused conversation, say) is in `session` already.
      this.#onLoad(stored);
      return this.session;
    });
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

  /** Consent given: store what this page has so far. Consent withdrawn: delete what is stored. */
  setPersist(persist: boolean): void {
    if (persist === this.persist) return;
    this.persist = persist;
    if (!this.#scope) return;
    // After the read or the deletion on connect, never racing it.
    void this.ready.then(() => (persist ? saveSession(this.#scope, this.session) : deleteEverything(this.#scope)));
  }

  /** Deletes everything the widget stored on this device, for every proxy. */
  async forgetAll(): Promise<void> {
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
