/** One log line per request; never holds a secret, a token or a message text. */
export interface ProxyLogEntry {
  time: string;
  id: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  upstreamStatus?: number;
  error?: string;
  /** Something the operator should know that did not fail the request, e.g. `identity_dropped`. */
  note?: string;
}
