/**
 * A returning visitor's history request, sent by the launcher as the panel chunk begins to load:
 * from the session's synchronous hint, instead of after the panel chunk has arrived
 * and run, one round trip and a parse later. The panel takes it (chat-panel.ts, `restoreFromHint`)
 * once it has checked again that it is this visitor's.
 */
import { requestHistory } from './api/history-request.js';
import { isVisitors } from './protocol/events.js';
import { readSessionHint, type SessionHint } from './storage/session-hint.js';
import type { PanelSettings } from './panel/panel-host.js';

/** What the launcher knows when it asks. */
type Asker = Pick<PanelSettings, 'endpoint' | 'persist' | 'retentionDays' | 'identity' | 'storageScope'>;

export interface EarlyHistory extends SessionHint {
  /** The proxy it was asked of (`storageScope`): the panel takes it only for the same one. */
  scope: string;
  response: Promise<Response>;
  /** The response's JSON, read as it arrives while the panel chunk loads (when the response is ok). */
  body: Promise<unknown>;
}

/** The stored conversation's hint, if the visitor allows storage and it is theirs: a returning visitor's. */
export function visitorsHint(host: Asker): SessionHint | undefined {
  const hint = host.persist ? readSessionHint(host.storageScope, host.retentionDays * 86_400_000) : undefined;
  return hint && isVisitors(hint.identityId, host.identity) ? hint : undefined;
}

/** Sends the stored conversation's history request, if the visitor allows storage and it is theirs. */
export function requestEarlyHistory(host: Asker): EarlyHistory | undefined {
  const scope = host.storageScope;
  const hint = visitorsHint(host);
  if (!hint) return undefined;
  const response = requestHistory(host.endpoint, hint);
  const body = response.then((answer) => (answer.ok ? answer.json() : undefined));
  // The panel reads both and reports a failure; this only keeps a request no panel took from being an unhandled rejection.
  body.catch(() => {});
  return { ...hint, scope, response, body };
}
