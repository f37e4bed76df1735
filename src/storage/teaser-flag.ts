/**
 * Whether the teaser is done for this tab: it shares the open flag's key (open-flag.ts), which holds
 * a value once the panel has been opened or the teaser shown in this tab's session, and which
 * `forget()` clears with the others. Every failure (storage blocked) reads as "not yet".
 */
import { OPEN_FLAG_PREFIX } from './open-flag.js';

export function teaserDone(scope: string): boolean {
  try {
    return sessionStorage.getItem(OPEN_FLAG_PREFIX + scope) !== null;
  } catch {
    return false;
  }
}

/** Marks the teaser shown: `'0'`, the value of a closed panel, so an open one is never overwritten. */
export function markTeaserDone(scope: string): void {
  try {
    if (!teaserDone(scope)) sessionStorage.setItem(OPEN_FLAG_PREFIX + scope, '0');
  } catch {
    // Then it shows once per page: the widget works the same.
  }
}
