/**
 * Whether the panel was open, per tab and per proxy: sessionStorage, read
 * synchronously at connect, so a page of the store restores an open panel
 * without opening IndexedDB (the conversation itself loads with the panel
 * chunk). Per tab on purpose: opening the chat in one tab does not pop it open
 * in a new one. Every failure (storage blocked) reads as closed.
 */

/** Every flag's key starts so (session-store.ts clears them all). */
export const OPEN_FLAG_PREFIX = 'totebot-chat:open:';

export function readOpenFlag(scope: string): boolean {
  try {
    return sessionStorage.getItem(OPEN_FLAG_PREFIX + scope) === '1';
  } catch {
    return false;
  }
}

export function writeOpenFlag(scope: string, open: boolean): void {
  try {
    if (open) sessionStorage.setItem(OPEN_FLAG_PREFIX + scope, '1');
    else sessionStorage.removeItem(OPEN_FLAG_PREFIX + scope);
  } catch {
    // Not remembered across pages; the chat works the same.
  }
}
