/**
 * Whether the panel was open, per tab and per proxy: sessionStorage, read
 * synchronously at connect, so a page of the store restores an open panel
 * without opening IndexedDB (the conversation itself loads with the panel
 * chunk). Per tab on purpose: opening the chat in one tab does not pop it open
 * in a new one. Every failure (storage blocked) reads as closed.
 *
 * `'1'`: open. `'0'`: closed, after the shopper opened it (or saw its teaser)
 * in this tab; the teaser reads any value as "not again this session".
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

/** `undefined` removes the flag: nothing stays once consent is withdrawn (`persist` off). */
export function writeOpenFlag(scope: string, open?: boolean): void {
  try {
    if (open === undefined) sessionStorage.removeItem(OPEN_FLAG_PREFIX + scope);
    else sessionStorage.setItem(OPEN_FLAG_PREFIX + scope, open ? '1' : '0');
  } catch {
    // Not remembered across pages; the chat works the same.
  }
}
