/**
 * How the proxy reaches Totebot on Node: undici's `request()` (the HTTP client
 * under Node's own `fetch`, without fetch's WHATWG layers), behind the
 * `fetch(Request) → Response` shape the handler takes as `upstreamFetch`.
 *
 * What the handler relies on, kept from fetch:
 * - the request leaves with exactly the handler's method, headers and body, plus
 *   `accept-encoding: identity` unless set (compression would hold chunks back; a
 *   server that compresses anyway is decoded); a body that arrives as one chunk
 *   (the handler's JSON) is sent with its length, any other is streamed;
 * - the response body is a Web `ReadableStream` fed from the socket as chunks
 *   arrive, never buffered to the end (SSE must flow);
 * - aborting the Request's signal destroys the upstream request, before the
 *   response (the promise rejects with the signal's reason) or during its body
 *   (the body stream errors); cancelling the body does the same;
 * - network failures, before or during the body, are `TypeError('fetch failed',
 *   { cause })` as fetch's are. Errors carry no request header, so never the key.
 * An idempotent request that meets a kept-alive socket the server has just
 * closed is sent once more (RFC 9110 §9.2.2); nothing else is retried.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { constants as zlib, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, RetryAgent, request as undiciRequest, type Dispatcher } from 'undici';

export type UpstreamFetch = (request: Request) => Promise<Response>;

export interface UndiciUpstreamOptions {
  /** An idle keep-alive socket is closed after this long. */
  idleSocketMs?: number;
  /** Open sockets per upstream origin; each running chat stream holds one. */
  maxSockets?: number;
}

export interface UndiciUpstream {
  /** Hand this to `createProxy({ upstreamFetch })`. */
  fetch: UpstreamFetch;
  /** Closes idle and open sockets (shutdown, tests). */
  close(): Promise<void>;
}

/** Connection-scoped fields (RFC 9110 §7.6.1): they describe the hop to upstream, not the response. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);
/** RFC 9110 §9.2.2: only these may be re-sent without asking whether the first attempt took effect. */
const IDEMPOTENT: Dispatcher.HttpMethod[] = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];

const failed = (cause: unknown) => new TypeError('fetch failed', { cause });

/** The handler's request headers as a record, asking for an uncompressed body unless it says otherwise. */
function outgoingHeaders(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  // Without Accept-Encoding any coding is acceptable (RFC 9110 §12.5.3); compressing would delay the stream.
  headers['accept-encoding'] ??= 'identity';
  return headers;
}

/**
 * Reads at most two chunks: a body that ends after one (every body the handler
 * sends) goes out whole with its length, as fetch sends a string; anything
 * longer is streamed, as fetch streams a ReadableStream body.
 */
async function outgoingBody(request: Request): Promise<Uint8Array | Readable | undefined> {
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
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || HOP_BY_HOP.has(name) || (decoded && (name === 'content-encoding' || name === 'content-length'))) continue;
    for (const one of Array.isArray(value) ? value : [value]) pairs.push([name, one]);
  }
  return pairs;
}

/**
 * The body as a Web stream, one chunk as it arrives, pausing the socket while the
 * reader is behind. Failures become fetch's `TypeError` (an abort keeps its own
 * reason). Hand-made rather than `Readable.toWeb`, which throws "Controller is
 * already closed" out of an event handler when data arrives after a cancel.
 */
function webBody(source: Readable, signal: AbortSignal): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const fail = (error: unknown) => {
        if (finished) return;
        finished = true;
        controller.error(signal.aborted ? signal.reason : failed(error));
      };
      source.on('data', (chunk: Buffer) => {
        if (finished) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) source.pause();
      });
      source.once('end', () => {
        if (finished) return;
        finished = true;
        controller.close();
      });
      source.once('error', fail);
      // Closed without 'end': the connection dropped mid-body.
      source.once('close', () => fail(new Error('upstream closed the connection mid-body')));
    },
    pull() {
      source.resume();
    },
    cancel() {
      finished = true;
      // Unread body: upstream must stop, and the socket is not reused.
      source.destroy();
    },
  });
}

export function createUndiciUpstream(options: UndiciUpstreamOptions = {}): UndiciUpstream {
  const agent = new Agent({
    keepAliveTimeout: options.idleSocketMs ?? 4000,
    ...(options.maxSockets && { connections: options.maxSockets }),
  });
  const dispatcher = new RetryAgent(agent, {
    maxRetries: 1,
    minTimeout: 0,
    methods: IDEMPOTENT,
    statusCodes: [],
    errorCodes: ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'],
  });

  async function upstreamFetch(request: Request): Promise<Response> {
    const { signal } = request;
    if (signal.aborted) throw signal.reason;
    const body = await outgoingBody(request);
    if (signal.aborted) throw signal.reason;
    let answer: Dispatcher.ResponseData;
    try {
      answer = await undiciRequest(request.url, {
        method: request.method as Dispatcher.HttpMethod,
        headers: outgoingHeaders(request),
        ...(body !== undefined && { body }),
        signal,
        dispatcher,
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw failed(error);
    }
    const { statusCode, headers } = answer;
    const hasBody = request.method !== 'HEAD' && statusCode !== 204 && statusCode !== 205 && statusCode !== 304;
    const decoder = hasBody ? decoderFor(headers['content-encoding']) : undefined;
    if (!hasBody) answer.body.resume();
    const source = decoder ? (pipeline(answer.body, decoder, () => {}) as unknown as Readable) : answer.body;
    try {
      return new Response(hasBody ? webBody(source, signal) : null, {
        status: statusCode,
        ...(answer.statusText && { statusText: answer.statusText }),
        headers: responseHeaders(headers, decoder !== undefined),
      });
    } catch (error) {
      // A status fetch cannot represent (undici parses any three digits): rejected as fetch rejects it.
      answer.body.destroy();
      throw failed(error);
    }
  }

  return { fetch: upstreamFetch, close: () => dispatcher.destroy() };
}
