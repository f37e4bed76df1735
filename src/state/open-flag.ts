/**
 * Whether the panel was open, per tab and per proxy: sessionStorage, read
 * synchronously at connect, so a page of the store restores an open panel
 * without opening IndexedDB (the conversation itself loads with the panel
 * chunk). Per tab on purpose: opening the chat in one tab does not pop it open
 * in a new one. Every failure (storage blocked) reads as closed.
 */
const PREFIX = 'totebot-chat:open:';

export function readOpenFlag(scope: string): boolean {
  try {
    return sessionStorage.getItem(PREFIX + scope) === '1';
  } catch {
    return false;
  }
}

export function writeOpenFlag(scope: string, open: boolean): void {
  try {
    if (open) sessionStorage.setItem(PREFIX + scope, '1');
    else sessionStorage.removeItem(PREFIX + scope);
  } catch {
    // Not remembered across pages; the chat works the same.
  }
}

/** Removes the flag of every proxy (forget(), withdrawn consent). */
export function clearOpenFlags(): void {
  try {
    for (const key of Object.keys(sessionStorage)) if (key.startsWith(PREFIX)) sessionStorage.removeItem(key);
  } catch {
    // See writeOpenFlag.
  }
}
