/**
 * How the proxy reaches Totebot on Node: undici's `request()` (the HTTP client
 * under Node's own `fetch`, without fetch's WHATWG layers), behind the
 * `fetch(Request) → Response` shape the handler takes as `upstreamFetch`.
 *
 * What the handler relies on, kept from fetch:
 * - the request leaves with exactly the handler's method, headers and body, plus
 *   `accept-encoding: identity` unless set (compression would hold chunks back);
 * - the response body is a Web `ReadableStream` fed from the socket as chunks
 *   arrive, never buffered to the end (SSE must flow);
 * - aborting the Request's signal destroys the upstream request, before the
 *   response (the promise rejects) or during its body (the body stream errors);
 *   cancelling the body does the same;
 * - network failures reject with `TypeError('fetch failed', { cause })`, so the
 *   handler's 502/504 paths are those of fetch. Errors carry no request header,
 *   so never the key.
 */
import { Readable } from 'node:stream';
import { Agent, request as undiciRequest } from 'undici';

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

const failed = (cause: unknown) => new TypeError('fetch failed', { cause });

/** The handler's request headers as a record, asking for an uncompressed body unless it says otherwise. */
function outgoingHeaders(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  // Without Accept-Encoding any coding is acceptable (RFC 9110 §12.5.3); compressing would delay the stream.
  headers['accept-encoding'] ??= 'identity';
  return headers;
}

/** Upstream's response headers for a Web `Response`: hop-by-hop fields dropped, repeated ones kept as pairs. */
function responseHeaders(raw: Record<string, string | string[] | undefined>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const one of Array.isArray(value) ? value : [value]) pairs.push([name, one]);
  }
  return pairs;
}

function hasBody(method: string, status: number): boolean {
  return method !== 'HEAD' && status !== 204 && status !== 205 && status !== 304;
}

export function createUndiciUpstream(options: UndiciUpstreamOptions = {}): UndiciUpstream {
  const dispatcher = new Agent({
    keepAliveTimeout: options.idleSocketMs ?? 4000,
    ...(options.maxSockets && { connections: options.maxSockets }),
  });

  async function upstreamFetch(request: Request): Promise<Response> {
    const { signal } = request;
    if (signal.aborted) throw signal.reason;
    // The handler's bodies are small JSON, read whole: sent with their length, as fetch sends a string body.
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    let answer: Awaited<ReturnType<typeof undiciRequest>>;
    try {
      answer = await undiciRequest(request.url, {
        method: request.method as 'GET',
        headers: outgoingHeaders(request),
        ...(body && { body }),
        signal,
        dispatcher,
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw failed(error);
    }
    const withBody = hasBody(request.method, answer.statusCode);
    if (!withBody) answer.body.resume();
    return new Response(withBody ? (Readable.toWeb(answer.body) as ReadableStream<Uint8Array>) : null, {
      status: answer.statusCode,
      headers: responseHeaders(answer.headers),
    });
  }

  return { fetch: upstreamFetch, close: () => dispatcher.destroy() };
}
