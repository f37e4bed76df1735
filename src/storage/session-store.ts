/**
 * What the widget remembers between page loads, per proxy endpoint: the
 * conversation id and token, the visitor's identity, the draft and the cached
 * messages (whether the panel was open is kept per tab: open-flag.ts).
 * IndexedDB through idb-keyval; every failure (private modes, blocked storage,
 * a database that never answers) falls back to memory so the chat keeps working.
 *
 * Beside the record, a small hint in localStorage names the conversation (id,
 * token, whose it is, when saved): it is read synchronously, so the history
 * request leaves while IndexedDB is still opening (tens of ms on a page load).
 * The IndexedDB record stays the authority: the panel drops what the
 * hint restored when the record disagrees.
 */
import { createStore, del, get, set, clear, type UseStore } from 'idb-keyval';
import type { HistoryMessage, Identity } from '../protocol/events.js';
import { AGENT_NAME_PREFIX, saveAgentName } from './agent-name.js';
import { OPEN_FLAG_PREFIX } from './open-flag.js';
import { HINT_PREFIX, isString, SESSION_SCHEMA_VERSION, type StoredHint } from './session-hint.js';

const STORAGE_TIMEOUT_MS = 1500;
/** Messages kept for an instant first paint; older ones come from the proxy's history. */
export const CACHED_MESSAGE_LIMIT = 200;
export const DEFAULT_RETENTION_DAYS = 30;

export interface StoredSession {
  conversationId?: string;
  /** The proxy's proof that this visitor may use `conversationId`. */
  conversationToken?: string;
  identity?: Identity;
  /** Text typed but not yet sent. */
  draft?: string;
  /**
   * The conversation's last messages, shown at once on the next load, then reconciled with the proxy.
   * Saved as `HistoryMessage`s; read back untrusted (the panel adapts them, as it does the proxy's history).
   */
  messages?: readonly HistoryMessage[] | readonly unknown[];
}

interface StoredRecord extends StoredSession {
  version: number;
  savedAt: number;
}

const memory = new Map<string, StoredRecord>();
let store: UseStore | undefined;

const DATABASE = 'totebot-chat';

function database(): UseStore {
  store ??= createStore(DATABASE, 'sessions');
  return store;
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('storage timed out')), STORAGE_TIMEOUT_MS);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

/** Accepts only a record of the current schema; anything else reads as nothing stored. */
function parseRecord(value: unknown): StoredSession | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Partial<StoredRecord>;
  if (record.version !== SESSION_SCHEMA_VERSION) return undefined;
  const session: StoredSession = {};
  if (isString(record.conversationId)) session.conversationId = record.conversationId;
  if (isString(record.conversationToken)) session.conversationToken = record.conversationToken;
  if (typeof record.identity === 'object' && record.identity !== null) session.identity = record.identity;
  if (isString(record.draft)) session.draft = record.draft;
  // Left untrusted here (the adapter belongs to the panel chunk): the panel adapts them.
  if (Array.isArray(record.messages)) session.messages = record.messages as unknown[];
  return session;
}

const keyFor = (scope: string) => `session:${scope}`;

/** The stored session, unless it is older than `maxAgeMs` (then it is deleted). */
export async function loadSession(scope: string, maxAgeMs = DEFAULT_RETENTION_DAYS * 86_400_000): Promise<StoredSession | undefined> {
  const key = keyFor(scope);
  let record: unknown;
  try {
    record = await withTimeout(get(key, database()));
  } catch {
    record = memory.get(key);
  }
  const savedAt = (record as Partial<StoredRecord> | undefined)?.savedAt;
  if (typeof savedAt === 'number' && Date.now() - savedAt > maxAgeMs) {
    await deleteSession(scope);
    return undefined;
  }
  return parseRecord(record);
}

function writeSessionHint(scope: string, session: StoredSession, savedAt: number): void {
  try {
    if (!session.conversationId) {
      localStorage.removeItem(HINT_PREFIX + scope);
      return;
    }
    const hint: StoredHint = {
      version: SESSION_SCHEMA_VERSION,
      savedAt,
      conversationId: session.conversationId,
      ...(session.conversationToken && { conversationToken: session.conversationToken }),
      ...(session.identity?.id && { identityId: session.identity.id }),
    };
    localStorage.setItem(HINT_PREFIX + scope, JSON.stringify(hint));
  } catch {
    // No hint: the next load reads IndexedDB first, as without one.
  }
}

/** Removes every key of the storage that starts with `prefix` (none where storage is blocked: reaching it can throw). */
function removeKeys(storage: () => Storage, prefix: string): void {
  try {
    const store = storage();
    for (const key of Object.keys(store)) if (key.startsWith(prefix)) store.removeItem(key);
  } catch {
    // Nothing stored there to remove.
  }
}

export async function saveSession(scope: string, session: StoredSession): Promise<void> {
  const key = keyFor(scope);
  const record: StoredRecord = { ...session, version: SESSION_SCHEMA_VERSION, savedAt: Date.now() };
  memory.set(key, record);
  writeSessionHint(scope, session, record.savedAt);
  try {
    await withTimeout(set(key, record, database()));
  } catch {
    // Memory keeps this page's session; nothing more can be done without storage.
  }
}

/**
 * Deletes the session stored for this proxy, and its hint. `ifStored`: only opens IndexedDB if the
 * database exists, so a page without consent that finds nothing creates nothing.
 */
export async function deleteSession(scope: string, ifStored = false): Promise<void> {
  memory.delete(keyFor(scope));
  writeSessionHint(scope, {}, 0);
  try {
    if (ifStored && !(await withTimeout(indexedDB.databases())).some((stored) => stored.name === DATABASE)) return;
    await withTimeout(del(keyFor(scope), database()));
  } catch {
    // See saveSession.
  }
}

/** Consent withdrawn (or never given, where an earlier page had it): everything kept for this proxy goes, the agent's name too. */
export async function deleteEverything(scope: string, ifStored = false): Promise<void> {
  saveAgentName(scope, '');
  await deleteSession(scope, ifStored);
}

/** Removes every stored session of every endpoint, their hints and agent names, and the tab's open flags. */
export async function clearAllSessions(): Promise<void> {
  memory.clear();
  removeKeys(() => sessionStorage, OPEN_FLAG_PREFIX);
  removeKeys(() => localStorage, HINT_PREFIX);
  removeKeys(() => localStorage, AGENT_NAME_PREFIX);
  try {
    await withTimeout(clear(database()));
  } catch {
    // See saveSession.
  }
}
