/**
 * How the proxy reaches Totebot on Node: a `fetch(Request) → Response` over
 * `node:http`/`node:https`, passed to `createProxy({ upstreamFetch })`.
 *
 * Why not the global `fetch`: on Node 20 that is undici's WHATWG fetch, whose
 * layers (its own request and response objects, pool and stream plumbing) cost
 * the proxy about 0.5 ms of time to first byte per chat request on loopback,
 * against a budget of 2 ms for everything the proxy adds (issue #4). This client
 * does only what the handler needs, and keeps the fetch semantics it relies on:
 * - the request goes out with exactly the handler's method, headers and body (plus
 *   `accept-encoding: identity` unless set: compression would hold chunks back; a
 *   server that compresses anyway is decoded); a body that arrives as one chunk
 *   (the handler's JSON) is sent with its `content-length`, any other is streamed;
 * - the response body is a Web `ReadableStream` fed straight from the socket, one
 *   chunk as it arrives, never buffered to the end (SSE must flow);
 * - aborting the Request's signal destroys the upstream socket, before the
 *   response (the promise rejects with the signal's reason) or during its body
 *   (the body stream errors), and cancelling the body does the same;
 * - network failures reject with `TypeError('fetch failed', { cause })`, as fetch
 *   does, so the handler's 502/504 paths are unchanged. Errors carry no request
 *   header, so never the key.
 * Sockets are kept alive in one Agent per client; an idle socket is closed after
 * `idleSocketMs` or sooner when the server's `Keep-Alive: timeout` says so, and an
 * idempotent request that meets a socket the server has just closed is sent once more.
 *
 * The handler stays Web-standard (it also runs on Workers): only Node entry points
 * (the CLI, `assembleProxy`, `createNodeProxy`) plug this in.
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { constants as zlib, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { createProxy, type ProxyOptionsWithBindings, type TotebotProxy } from './handler.js';

export type UpstreamFetch = (request: Request) => Promise<Response>;

export interface NodeUpstreamOptions {
  /** An idle keep-alive socket is closed after this long (undici's default too). */
  idleSocketMs?: number;
  /** Open sockets per upstream host; each running chat stream holds one. */
  maxSockets?: number;
}

export interface NodeUpstream {
  /** Hand this to `createProxy({ upstreamFetch })`. */
  fetch: UpstreamFetch;
  /** Closes the idle keep-alive sockets and every open one (shutdown, tests). */
  close(): void;
}

/** Connection-scoped fields (RFC 9110 §7.6.1): they describe the hop to upstream, not the response. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);
/** RFC 9110 §9.2.2: only these may be re-sent without asking whether the first attempt took effect. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

const failed = (cause: unknown) => new TypeError('fetch failed', { cause });
const abortReason = (signal: AbortSignal): unknown => signal.reason ?? new DOMException('This operation was aborted', 'AbortError');

interface Target {
  secure: boolean;
  method: string;
  options: RequestOptions;
}

type OutgoingBody =
  | { kind: 'none' }
  /** The whole body, known before sending: sent with its length, and replayable. */
  | { kind: 'bytes'; bytes: Uint8Array }
  /** A body still arriving: the chunks already read, then the rest of the reader. */
  | { kind: 'stream'; head: Uint8Array[]; reader: ReadableStreamDefaultReader<Uint8Array> };

/**
 * Reads at most two chunks: a body that ends after one (every body the handler
 * sends) gets a `content-length`, as fetch gives a string body; anything longer
 * is streamed with chunked encoding, as fetch streams a ReadableStream body.
 */
async function takeBody(request: Request): Promise<OutgoingBody> {
  if (!request.body) return { kind: 'none' };
  const reader = request.body.getReader();
  const cancel = () => void reader.cancel(abortReason(request.signal)).catch(() => {});
  request.signal.addEventListener('abort', cancel, { once: true });
  try {
    const first = await reader.read();
    if (first.done) return { kind: 'bytes', bytes: new Uint8Array(0) };
    const second = await reader.read();
    if (second.done) return { kind: 'bytes', bytes: first.value };
    return { kind: 'stream', head: [first.value, second.value], reader };
  } finally {
    request.signal.removeEventListener('abort', cancel);
  }
}

/** Undoes a content coding the server applied although we asked for `identity`, flushing per chunk as undici does. */
function decoderFor(encoding: string | undefined): NodeJS.ReadWriteStream | undefined {
  switch (encoding?.trim().toLowerCase()) {
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

export function createNodeUpstream(options: NodeUpstreamOptions = {}): NodeUpstream {
  const agentOptions = { keepAlive: true, timeout: options.idleSocketMs ?? 4000, ...(options.maxSockets && { maxSockets: options.maxSockets }) };
  const httpAgent = new HttpAgent(agentOptions);
  const httpsAgent = new HttpsAgent(agentOptions);

  function send(request: Request, target: Target, body: OutgoingBody, retried: boolean): Promise<Response> {
    const { signal } = request;
    const { method, secure } = target;
    return new Promise<Response>((resolve, reject) => {
      /** Set once the promise has settled with a response; from then on failures go to its body. */
      let bodyFailed: ((error: unknown) => void) | undefined;
      let settled = false;
      const req: ClientRequest = (secure ? httpsRequest : httpRequest)({ ...target.options, agent: secure ? httpsAgent : httpAgent });

      const cleanup = () => signal.removeEventListener('abort', onAbort);
      const fail = (error: unknown) => {
        cleanup();
        if (body.kind === 'stream') void body.reader.cancel(error).catch(() => {});
        if (bodyFailed) bodyFailed(error);
        else if (!settled) {
          settled = true;
          reject(error);
        }
      };
      function onAbort() {
        const reason = abortReason(signal);
        fail(reason);
        req.destroy();
      }
      signal.addEventListener('abort', onAbort, { once: true });

      req.on('error', (error: NodeJS.ErrnoException) => {
        if (settled && !bodyFailed) return;
        if (bodyFailed) return fail(failed(error));
        // A kept-alive socket the server closed just as we reused it: RFC 9110 §9.2.2 allows one retry of an idempotent request.
        const stale = req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
        if (stale && !retried && IDEMPOTENT.has(method) && body.kind !== 'stream' && !signal.aborted) {
          settled = true;
          cleanup();
          resolve(send(request, target, body, true));
          return;
        }
        fail(failed(error));
      });

      req.on('response', (res: IncomingMessage) => {
        if (settled) return void res.destroy();
        const status = res.statusCode ?? 0;
        const encoding = res.headers['content-encoding'];
        const hasBody = method !== 'HEAD' && status !== 204 && status !== 205 && status !== 304;
        const decoder = hasBody ? decoderFor(encoding) : undefined;
        // A record unless a name repeats (set-cookie, say): Response takes a record several times faster than pairs.
        const record: Record<string, string> = Object.create(null);
        const pairs: [string, string][] = [];
        let repeated = false;
        const raw = res.rawHeaders;
        for (let i = 0; i < raw.length; i += 2) {
          const name = raw[i]!.toLowerCase();
          // A decoded body no longer has the coding or the length the server stated.
          if (HOP_BY_HOP.has(name) || (decoder && (name === 'content-encoding' || name === 'content-length'))) continue;
          if (name in record) repeated = true;
          record[name] = raw[i + 1]!;
          pairs.push([name, raw[i + 1]!]);
        }
        let source: Readable | NodeJS.ReadWriteStream = res;
        if (decoder) source = pipeline(res, decoder, () => {});
        let response: Response;
        try {
          response = new Response(hasBody ? webStream(source as Readable) : null, {
            status,
            ...(res.statusMessage && { statusText: res.statusMessage }),
            headers: repeated ? pairs : record,
          });
        } catch (error) {
          // A status fetch cannot represent (Node parses any three digits): the promise rejects, no body stream exists.
          bodyFailed = undefined;
          fail(failed(error));
          req.destroy();
          return;
        }
        if (!hasBody) {
          res.resume();
          res.once('end', cleanup);
        }
        settled = true;
        resolve(response);
      });

      function webStream(source: Readable): ReadableStream<Uint8Array> {
        let finished = false;
        return new ReadableStream<Uint8Array>({
          start(controller) {
            bodyFailed = (error) => {
              if (finished) return;
              finished = true;
              controller.error(error);
            };
            source.on('data', (chunk: Buffer) => {
              if (finished) return;
              controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
              // Backpressure: the socket stops being read while the reader is behind.
              if ((controller.desiredSize ?? 0) <= 0) source.pause();
            });
            source.once('end', () => {
              if (finished) return;
              finished = true;
              cleanup();
              controller.close();
            });
            source.on('error', (error) => fail(failed(error)));
            source.once('close', () => {
              // Closed without 'end': the connection dropped mid-body.
              if (!finished) fail(failed(new Error('upstream closed the connection mid-body')));
            });
          },
          pull() {
            source.resume();
          },
          cancel() {
            finished = true;
            cleanup();
            // Unread body: the socket cannot be reused, and upstream must stop.
            req.destroy();
          },
        });
      }

      if (body.kind === 'none') req.end();
      else if (body.kind === 'bytes') req.end(body.bytes);
      else void pump(req, body).catch((error: unknown) => fail(error));
    });
  }

  async function pump(req: ClientRequest, body: Extract<OutgoingBody, { kind: 'stream' }>): Promise<void> {
    const write = async (chunk: Uint8Array) => {
      if (req.destroyed) throw new Error('upstream request closed');
      if (!req.write(chunk)) await drainedOrClosed(req);
    };
    for (const chunk of body.head) await write(chunk);
    for (let next = await body.reader.read(); !next.done; next = await body.reader.read()) await write(next.value);
    if (!req.destroyed) req.end();
  }

  async function upstreamFetch(request: Request): Promise<Response> {
    if (request.signal.aborted) throw abortReason(request.signal);
    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') throw failed(new Error(`unsupported protocol ${url.protocol}`));
    const headers: OutgoingHttpHeaders = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    // Without Accept-Encoding any coding is acceptable (RFC 9110 §12.5.3); compressing would delay the stream.
    headers['accept-encoding'] ??= 'identity';
    const body = await takeBody(request);
    if (request.signal.aborted) throw abortReason(request.signal);
    if (body.kind === 'bytes') headers['content-length'] = String(body.bytes.byteLength);
    // As fetch: a POST or PUT without a body says so.
    else if (body.kind === 'none' && (request.method === 'POST' || request.method === 'PUT')) headers['content-length'] = '0';
    // Plain options: http.request takes a URL object at more than twice the cost.
    const options: RequestOptions = {
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      ...(url.port && { port: Number(url.port) }),
      path: url.pathname + url.search,
      method: request.method,
      headers,
    };
    return await send(request, { secure, method: request.method, options }, body, false);
  }

  return {
    fetch: upstreamFetch,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/** Resolves when a stream that refused a write may take more, or has closed (a wait on 'drain' alone could last forever). */
export function drainedOrClosed(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/**
 * `createProxy` for Node: the same proxy, reaching upstream through
 * `createNodeUpstream()` unless `options.upstreamFetch` says otherwise.
 */
export function createNodeProxy(options: ProxyOptionsWithBindings): TotebotProxy {
  if (options.upstreamFetch) return createProxy(options);
  return createProxy({ ...options, upstreamFetch: createNodeUpstream().fetch });
}
