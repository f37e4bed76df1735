/**
 * The agent's name as the proxy last gave it, per proxy, in localStorage: the next page's header
 * shows it at once instead of the default name for a round trip. A name, nothing about the shopper;
 * kept only with consent (the panel checks `persist`).
 */

/** Every name's key starts so (session-store.ts clears them all). */
export const AGENT_NAME_PREFIX = 'totebot-chat:agent:';

/** The stored name, or '' (none, or no storage). */
export function readAgentName(scope: string): string {
  try {
    return localStorage.getItem(AGENT_NAME_PREFIX + scope) ?? '';
  } catch {
    return '';
  }
}

export function saveAgentName(scope: string, name: string): void {
  try {
    if (name) localStorage.setItem(AGENT_NAME_PREFIX + scope, name);
    else localStorage.removeItem(AGENT_NAME_PREFIX + scope);
  } catch {
    // Asked for again on the next page.
  }
}
