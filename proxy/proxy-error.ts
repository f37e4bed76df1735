/**
 * The one error the proxy throws. Validation, the allow-list, conversation
 * tokens, rate limits, upstream failures and the Node adapter's own refusals all
 * end as a `ProxyError`, which the handler turns into the response and the log
 * line in one place. Its message is shown to the visitor: never put upstream
 * text, a token or the key in it.
 */
import { errorResponse } from './http.js';

export class ProxyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** For the operator's log only, e.g. `rate_limited_visitor`. */
    readonly note?: string,
  ) {
    super(message);
    this.name = 'ProxyError';
  }

  toResponse(): Response {
    return errorResponse(this.status, this.code, this.message, { ...this.headers });
  }
}

/** Upstream failed in a way the visitor cannot fix; the operator's log has the reason. */
export const unavailable = (code: string): ProxyError => new ProxyError(502, code, 'The assistant is unavailable right now.');

/** Anything thrown that is not a ProxyError: upstream could not be reached (or the client left meanwhile). */
export const asProxyError = (error: unknown): ProxyError =>
  error instanceof ProxyError ? error : new ProxyError(502, 'upstream_unreachable', 'The assistant is unreachable right now.');
