/**
 * Turns a fetch-style handler into a Node request listener (also usable as Connect/Express
 * middleware). It streams the response without buffering and aborts the handler's request when the
 * client goes away, so an abandoned chat stream is cancelled upstream at once.
 *
 * What it refuses itself (a target URL parsing would rewrite, a method fetch cannot represent) it
 * hands to `refuse`, so the proxy answers and logs those as it does every other refusal.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { ProxyError } from './proxy-error.js';

export interface NodeRequestInfo {
  clientAddress: string;
  /** Aborts when the client goes away before the response has ended. */
  signal: AbortSignal;
}

export type FetchHandler = (request: Request, info: NodeRequestInfo) => Promise<Response>;

/** The answer to a request refused before it reached the handler; the proxy's `refuse` maps and logs it. */
export type Refuse = (error: ProxyError, method: string) => Response;

export const plainRefusal: Refuse = (error) => error.toResponse();

/** A proxy as the adapter needs it: `createProxy(…)` is one. */
export interface ServedProxy {
  fetch(request: Request, env: undefined, info: NodeRequestInfo): Promise<Response>;
  refuse: Refuse;
}

export interface ListenerOptions {
  /**
   * Whether the `Request` carries the client's abort signal too (default), or the
   * handler reads it from `info.signal` only. A Request that follows a signal costs
   * several times one that does not (undici registers a listener, a weak reference and
   * a finaliser per request), on every request's path to its first byte; the proxy
   * reads `info.signal`, so its listener leaves it out.
   */
  signalOnRequest?: boolean;
}

/** The listener for a proxy: its refusals and the adapter's go through the proxy's one error mapping and log. */
export function proxyListener(proxy: ServedProxy): NodeListener {
  return toNodeListener((request, info) => proxy.fetch(request, undefined, info), proxy.refuse, { signalOnRequest: false });
}

/** Resolves when a stream that refused a write may take more, or has closed (a wait on 'drain' alone could last forever). */
function drainedOrClosed(stream: NodeJS.EventEmitter): Promise<void> {
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

export type NodeListener = (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next?: (error?: unknown) => void) => void;

/**
 * A body whose declared length is at most this is read before the handler runs and
 * handed over as bytes: far cheaper than a stream, and the proxy's JSON bodies
 * (at most 16 KiB, validate.ts) are read whole anyway. It is no larger, so
 * a body declared too large still reaches the handler at once, to be refused unread.
 */
const EAGER_BODY_BYTES = 16 * 1024;

/** The body as bytes when its declared length is small; `undefined` for a body to stream (or none). */
function readSmallBody(req: IncomingMessage): Promise<Buffer | undefined> | undefined {
  // GET and HEAD carry none; a body already (partly) read, say by a body parser mounted first, is left as it was.
  if (req.method === 'GET' || req.method === 'HEAD' || req.readableDidRead || req.readableEnded) return undefined;
  const declared = req.headers['content-length'];
  if (declared === undefined || req.headers['transfer-encoding'] !== undefined || !/^\d{1,5}$/.test(declared)) return undefined;
  const length = Number(declared);
  if (length > EAGER_BODY_BYTES) return undefined;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let complete = false;
    const done = () => {
      if (complete) return;
      complete = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    };
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      // Node's parser stops at the declared length; its 'end' would come a tick later.
      if (received === length) done();
    });
    req.once('end', done);
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new Error('the client went away before sending its body'));
    });
  });
}

function toRequest(req: IncomingMessage & { originalUrl?: string }, signal: AbortSignal | undefined, body: Buffer | undefined): Request {
  const protocol = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
  // Connect strips a mount prefix from req.url; originalUrl keeps the path the client sent.
  const url = `${protocol}://${req.headers.host ?? 'localhost'}${req.originalUrl ?? req.url ?? '/'}`;
  // A plain record: `new Request` copies a Headers object through its iterator, at twice the cost.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const init: RequestInit & { duplex?: 'half' } = { method: req.method ?? 'GET', headers, ...(signal && { signal }) };
  if (body) init.body = body as Uint8Array<ArrayBuffer>;
  else if (req.method !== 'GET' && req.method !== 'HEAD') {
    init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

async function writeResponse(response: Response, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const eventStream = (headers['content-type'] ?? '').startsWith('text/event-stream');
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  signal.addEventListener('abort', cancel, { once: true });
  try {
    const first = reader.read();
    if (eventStream) {
      res.socket?.setNoDelay(true);
      // A stream opens at once; when its first chunk is already there, headers and chunk leave in one packet.
      const ready = await Promise.race([first, new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
      if (!ready) res.flushHeaders();
    }
    for (let next = await first; !next.done; next = await reader.read()) {
      // Node corks the socket until the microtask queue has drained; an event leaves now instead.
      const socket = eventStream ? res.socket : null;
      socket?.cork();
      const flowing = res.write(next.value);
      socket?.uncork();
      // A client gone while we wait for the socket to drain must not leave this waiting forever.
      if (!flowing) {
        await drainedOrClosed(res);
        if (res.destroyed) break;
      }
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/**
 * The path exactly as the client sent it. URL parsing resolves `..`, `%2e` and
 * backslashes before a handler could see them, so a target that parsing would
 * rewrite is refused here rather than quietly served as some other path.
 */
function isUnrewrittenTarget(target: string): boolean {
  const rawPath = target.split('?')[0]!;
  try {
    return new URL(rawPath, 'http://proxy.invalid').pathname === rawPath;
  } catch {
    return false;
  }
}

export function toNodeListener(handler: FetchHandler, refuse: Refuse = plainRefusal, options: ListenerOptions = {}): NodeListener {
  const signalOnRequest = options.signalOnRequest ?? true;
  return (req, res, next) => {
    const controller = new AbortController();
    const refused = (error: ProxyError) => void writeResponse(refuse(error, req.method ?? 'GET'), res, controller.signal);
    if (!isUnrewrittenTarget(req.originalUrl ?? req.url ?? '/')) {
      return refused(new ProxyError(400, 'invalid_path', 'The request path is not valid.'));
    }
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const run = (body: Buffer | undefined) => {
      let request: Request;
      try {
        request = toRequest(req, signalOnRequest ? controller.signal : undefined, body);
      } catch {
        // The Fetch standard forbids some methods (CONNECT, TRACE, TRACK): `new Request` throws on them.
        return refused(new ProxyError(405, 'method_not_allowed', 'Method not allowed.'));
      }
      const clientAddress = req.socket.remoteAddress ?? 'unknown';
      handler(request, { clientAddress, signal: controller.signal })
        .then((response) => writeResponse(response, res, controller.signal))
        .catch((error: unknown) => {
          if (next) return next(error);
          if (!res.headersSent) refused(new ProxyError(500, 'internal', 'Internal error.'));
          else res.destroy();
        });
    };
    const small = readSmallBody(req);
    if (!small) return run(undefined);
    // A client that goes away mid-body gets no answer: there is no one to send it to.
    small.then(run, () => res.destroy());
  };
}
