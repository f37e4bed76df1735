/**
 * The part of @microsoft/fetch-event-source's `fetchEventSource` the widget uses, with its
 * signature: one request whose body is read to its end, `onopen` first, never retried. The
 * library's own parser, retry timer, `Last-Event-ID` and visibility handling are not used: the
 * `fetch` passed in decodes the stream itself (`fetchDecodingSse`), a retried POST would send the
 * shopper's message twice, and the tab's visibility must not cut a reply. Without them the
 * library is about 2 kB gzip of request bookkeeping in the panel.
 *
 * As the library does: an abort of `signal` resolves the call (and is never an error); an `Accept:
 * text/event-stream` header is added unless one is given; a failure (of the request, `onopen` or
 * the body) ends the request and goes to `onerror`, whose throw rejects the call. It rejects with
 * the failure itself when `onerror` returns, where the library would retry.
 */
export interface EventStreamOptions extends Omit<RequestInit, 'headers' | 'signal'> {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Sees the response before its body is read; a throw fails the call. */
  onopen?: (response: Response) => void | Promise<void>;
  onerror?: (error: unknown) => unknown;
  /** The library's default closes the stream while the tab is hidden; this never does. */
  openWhenHidden: true;
  fetch?: typeof fetch;
}

export function fetchEventSource(input: RequestInfo | URL, options: EventStreamOptions): Promise<void> {
  const { headers, signal, onopen, onerror, openWhenHidden: _always, fetch: request = fetch, ...init } = options;
  const controller = new AbortController();
  return new Promise((resolve, reject) => {
    signal?.addEventListener('abort', () => {
      controller.abort();
      resolve();
    });
    const read = async () => {
      const response = await request(input, { ...init, headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
      await onopen?.(response);
      const reader = response.body?.getReader();
      if (reader) while (!(await reader.read()).done);
    };
    read().then(
      () => resolve(),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        // A failed request is ended, whatever of its body is still unread, as the library ends it.
        controller.abort();
        try {
          onerror?.(error);
          reject(error);
        } catch (thrown) {
          reject(thrown);
        }
      },
    );
  });
}
