/**
 * Loads the stored session when the element connects and saves changes to it.
 * The element awaits `ready` before its first send, so nothing races the load.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { deleteSession, loadSession, saveSession, type StoredSession } from '../state/session-store.js';

export class SessionController implements ReactiveController {
  session: StoredSession = {};
  ready: Promise<StoredSession> = Promise.resolve({});
  private scope = '';

  constructor(
    host: ReactiveControllerHost,
    private readonly scopeOf: () => string,
    private readonly onLoad: (session: StoredSession) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const scope = (this.scope = this.scopeOf());
    this.ready = loadSession(scope).then((stored) => {
      if (scope !== this.scope) return this.session;
      this.session = stored ?? {};
      this.onLoad(this.session);
      return this.session;
    });
  }

  save(change: Partial<StoredSession>): void {
    this.session = { ...this.session, ...change };
    for (const key of Object.keys(this.session) as (keyof StoredSession)[]) {
      if (this.session[key] === undefined) delete this.session[key];
    }
    void saveSession(this.scope, this.session);
  }

  forget(): Promise<void> {
    this.session = {};
    return deleteSession(this.scope);
  }
}
