/**
 * The session's synchronous hint in localStorage, written beside the IndexedDB record by
 * session-store.ts: read by the launcher as the panel chunk begins to load, so the history
 * request leaves before the chunk and IndexedDB are in (early-history.ts).
 */
export const SESSION_SCHEMA_VERSION = 1;

/** Enough to ask the proxy for the conversation's history before the record is read. */
export interface SessionHint {
  conversationId: string;
  /** The proxy's proof that this visitor may use the conversation. */
  conversationToken: string | undefined;
  /** `identity.id` of the visitor the conversation belongs to (the only field `sameIdentity` compares). */
  identityId: string | undefined;
}

/** The hint as localStorage keeps it. */
export interface StoredHint {
  version: number;
  savedAt: number;
  conversationId: string;
  conversationToken?: string;
  identityId?: string;
}

export const HINT_PREFIX = 'totebot-chat:session:';

export const isString = (value: unknown): value is string => typeof value === 'string';

/** The stored conversation's hint, unless it is older than `maxAgeMs` or of another schema. */
export function readSessionHint(scope: string, maxAgeMs: number, now = Date.now()): SessionHint | undefined {
  try {
    // Read as untrusted: any script on the page can write localStorage. No hint: JSON.parse(null) is null.
    const hint = JSON.parse(localStorage.getItem(HINT_PREFIX + scope)!) as Partial<StoredHint> | null;
    if (hint?.version === SESSION_SCHEMA_VERSION && isString(hint.conversationId) && typeof hint.savedAt === 'number' && now - hint.savedAt <= maxAgeMs) {
      const { conversationToken, identityId } = hint;
      return { conversationId: hint.conversationId, conversationToken: isString(conversationToken) ? conversationToken : undefined, identityId: isString(identityId) ? identityId : undefined };
    }
  } catch {
    // No storage, or not JSON: no hint.
  }
  return undefined;
}
