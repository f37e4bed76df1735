/**
 * How the proxy reaches Totebot on Node: undici's dispatcher (the HTTP client
 * under Node's own `fetch`, without fetch's WHATWG layers), behind the two
 * shapes the handler takes: `send(url, init)`, the parts of a request as
 * `fetch(url, init)` takes them, and `fetch(Request)`.
 *
 * What the handler relies on, kept from fetch:
 * - the request leaves with exactly the given method, headers and body, plus
 *   `accept-encoding: identity` unless set (compression would hold chunks back; a
 *   server that compresses anyway is decoded); a body in one piece (the
 *   handler's JSON) is sent with its length, a stream body is streamed;
 * - the response body is a Web `ReadableStream` fed from the socket as chunks
 *   arrive, never buffered to the end (SSE must flow), and the socket pauses
 *   while its reader is behind;
 * - aborting the signal destroys the upstream request, before the response (the
 *   promise rejects with the signal's reason) or during its body (the body
 *   stream errors); cancelling the body does the same;
 * - network failures, before or during the body, are `TypeError('fetch failed',
 *   { cause })` as fetch's are. Errors carry no request header, so never the key.
 * An idempotent request that meets a kept-alive socket the server has just
 * closed is sent once more (RFC 9110 §9.2.2); nothing else is retried.
 *
 * The body stream is fed straight from undici's dispatch callbacks: a Node
 * `Readable` in between (what `request()` returns) costs a stream, its events
 * and a conversion on every request, in front of the reply's first byte.
 */
import { Readable } from 'node:stream';
import { constants as zlib, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, RetryAgent, type Dispatcher } from 'undici';
import type { UpstreamClient, UpstreamInit, UpstreamSend } from './upstream.js';

export type UpstreamFetch = (request: Request) => Promise<Response>;

/** What `fetch(Request)` hands on: a body that arrives in pieces goes as a Node stream. */
type DispatchInit = Omit<UpstreamInit, 'body'> & { body?: string | Uint8Array | Readable | undefined };

export interface UndiciUpstreamOptions {
  /** An idle keep-alive socket is closed after this long. */
  idleSocketMs?: number;
  /** Open sockets per upstream origin; each running chat stream holds one. */
  maxSockets?: number;
}

export interface UndiciUpstream extends UpstreamClient {
  /** Hand the whole object to `createProxy({ upstream })`: the proxy gives `send` a request's parts. */
  send: UpstreamSend;
  /** The same client for a ready-made `Request` (`createProxy({ upstreamFetch })`). */
  fetch: UpstreamFetch;
  /** Closes idle and open sockets (shutdown, tests). */
  close(): Promise<void>;
}

/** Connection-scoped fields (RFC 9110 §7.6.1): they describe the hop to upstream, not the response. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);
/** RFC 9110 §9.2.2: only these may be re-sent without asking whether the first attempt took effect. */
const IDEMPOTENT: Dispatcher.HttpMethod[] = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];

const failed = (cause: unknown) => new TypeError('fetch failed', { cause });

/** A `Request`'s headers as a record. */
function headersOf(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  return headers;
}

/**
 * Reads at most two chunks: a body that ends after one goes out whole with its
 * length, as fetch sends a string; anything longer is streamed, as fetch streams
 * a ReadableStream body.
 */
async function bodyOf(request: Request): Promise<Uint8Array | Readable | undefined> {
  if (!request.body) return undefined;
  const reader = request.body.getReader();
  const first = await reader.read();
  if (first.done) return new Uint8Array(0);
  const second = await reader.read();
  if (second.done) return first.value;
  return Readable.from(
    (async function* rest() {
      yield first.value;
      yield second.value;
      for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
    })(),
  );
}

/** Undoes a content coding the server applied although we asked for `identity`, flushing per chunk. */
function decoderFor(encoding: string | string[] | undefined): NodeJS.ReadWriteStream | undefined {
  switch (String(encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip({ flush: zlib.Z_SYNC_FLUSH, finishFlush: zlib.Z_SYNC_FLUSH });
    case 'deflate':
      return createInflate({ flush: zlib.Z_SYNC_FLUSH, finishFlush: zlib.Z_SYNC_FLUSH });
    case 'br':
      return createBrotliDecompress({ flush: zlib.BROTLI_OPERATION_FLUSH, finishFlush: zlib.BROTLI_OPERATION_FLUSH });
    default:
      return undefined;
  }
}

/** Upstream's response headers for a Web `Response`: hop-by-hop fields dropped, and the coding and length of a decoded body. */
function responseHeaders(raw: Record<string, string | string[] | undefined>, decoded: boolean): [string, string][] {
  const pairs: [string, string][] = [];
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined || HOP_BY_HOP.has(name) || (decoded && (name === 'content-encoding' || name === 'content-length'))) continue;
    if (typeof value === 'string') pairs.push([name, value]);
    else for (const one of value) pairs.push([name, one]);
  }
  return pairs;
}

/**
 * One request through `dispatcher`: resolves with the Response once its headers
 * are in, its body a Web stream fed by the dispatch callbacks.
 */
function dispatchRequest(dispatcher: Dispatcher, url: string, init: DispatchInit): Promise<Response> {
  const { signal } = init;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const target = new URL(url);
  const headers = init.headers['accept-encoding'] === undefined ? { ...init.headers, 'accept-encoding': 'identity' } : init.headers;
  return new Promise<Response>((resolve, reject) => {
    let control: Dispatcher.DispatchController | undefined;
    let body: ReadableStreamDefaultController<Uint8Array> | undefined;
    let decoder: NodeJS.ReadWriteStream | undefined;
    /** Settled: the promise (before the response) or the body stream (after it) has its outcome. */
    let answered = false;
    let finished = false;
    /** Paused because the body's reader is behind; only then does a pull need to resume undici. */
    let paused = false;

    const stopListening = () => signal?.removeEventListener('abort', onAbort);
    const fail = (error: unknown) => {
      if (finished) return;
      finished = true;
      stopListening();
      const reason = signal?.aborted ? signal.reason : failed(error);
      if (!answered) {
        answered = true;
        reject(reason);
      } else body?.error(reason);
    };
    function onAbort() {
      // Before the request started, undici reads `aborted` from the controller it hands over; after, this destroys the socket.
      control?.abort(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
      fail(signal!.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });

    const enqueue = (chunk: Buffer) => {
      if (finished || !body) return;
      body.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if ((body.desiredSize ?? 0) <= 0 && !paused) {
        paused = true;
        control?.pause();
      }
    };
    const close = () => {
      if (finished) return;
      finished = true;
      stopListening();
      body?.close();
    };

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(controller) {
        control = controller;
        if (finished) controller.abort(new Error('aborted'));
      },
      onResponseStart(controller, statusCode, rawHeaders, statusMessage) {
        // Informational answers (1xx) are not the response.
        if (statusCode < 200 || finished) return;
        const hasBody = init.method !== 'HEAD' && statusCode !== 204 && statusCode !== 205 && statusCode !== 304;
        decoder = hasBody ? decoderFor(rawHeaders['content-encoding']) : undefined;
        const stream = hasBody
          ? new ReadableStream<Uint8Array>({
              start: (streamController) => void (body = streamController),
              // Resumed from a task, not the microtask that read: undici parses what it has buffered at once,
              // and a reader that reads on in microtasks would otherwise starve the event loop (no socket write
              // leaves, no timer fires) until the whole reply had been parsed, or forever.
              pull: () => {
                if (!paused) return;
                paused = false;
                setImmediate(() => controller.resume());
              },
              cancel: () => {
                // Unread body: upstream must stop, and the socket is not reused.
                finished = true;
                stopListening();
                controller.abort(new Error('the body was cancelled'));
              },
            })
          : null;
        if (decoder) {
          decoder.on('data', enqueue);
          decoder.once('end', close);
          decoder.once('error', fail);
        }
        let response: Response;
        try {
          response = new Response(stream, {
            status: statusCode,
            ...(statusMessage && { statusText: statusMessage }),
            headers: responseHeaders(rawHeaders, decoder !== undefined),
          });
        } catch (error) {
          // A status fetch cannot represent (undici parses any three digits): rejected as fetch rejects it.
          controller.abort(error as Error);
          fail(error);
          return;
        }
        answered = true;
        resolve(response);
      },
      onResponseData(_controller, chunk) {
        if (decoder) decoder.write(chunk);
        else enqueue(chunk);
      },
      onResponseEnd() {
        if (decoder) decoder.end();
        else close();
      },
      onResponseError(_controller, error) {
        fail(error);
      },
    };
    const method = init.method as Dispatcher.HttpMethod;
    dispatcher.dispatch(
      { origin: target.origin, path: target.pathname + target.search, method, headers, ...(init.body !== undefined && { body: init.body }) },
      handler,
    );
  });
}

export function createUndiciUpstream(options: UndiciUpstreamOptions = {}): UndiciUpstream {
  const agent = new Agent({
    keepAliveTimeout: options.idleSocketMs ?? 4000,
    ...(options.maxSockets && { connections: options.maxSockets }),
  });
  const retrying = new RetryAgent(agent, {
    maxRetries: 1,
    minTimeout: 0,
    methods: IDEMPOTENT,
    statusCodes: [],
    errorCodes: ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'],
  });
  // Requests that may not be re-sent skip the retry layer's wrapping altogether.
  const dispatcherFor = (method: string): Dispatcher => (IDEMPOTENT.includes(method as Dispatcher.HttpMethod) ? retrying : agent);

  const send: UpstreamSend = (url, init) => dispatchRequest(dispatcherFor(init.method), url, init);

  async function upstreamFetch(request: Request): Promise<Response> {
    const { signal } = request;
    if (signal.aborted) throw signal.reason;
    const body = await bodyOf(request);
    return dispatchRequest(dispatcherFor(request.method), request.url, { method: request.method, headers: headersOf(request), body, signal });
  }

  return { send, fetch: upstreamFetch, close: () => retrying.destroy() };
}
