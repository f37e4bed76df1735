/**
 * The only file that knows `node:http`: turns a fetch-style handler into a Node
 * request listener (also usable as Connect/Express middleware). It streams the
 * response without buffering and aborts the handler's request when the client
 * goes away, so an abandoned chat stream is cancelled upstream at once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';

export interface NodeRequestInfo {
  clientAddress: string;
}

export type FetchHandler = (request: Request, info: NodeRequestInfo) => Promise<Response>;

type NodeListener = (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next?: (error?: unknown) => void) => void;

function toRequest(req: IncomingMessage & { originalUrl?: string }, signal: AbortSignal): Request {
  const protocol = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
  // Connect strips a mount prefix from req.url; originalUrl keeps the path the client sent.
  const url = `${protocol}://${req.headers.host ?? 'localhost'}${req.originalUrl ?? req.url ?? '/'}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, {
    method: req.method ?? 'GET',
    headers,
    signal,
    ...(hasBody && { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' }),
  } as RequestInit);
}

async function writeResponse(response: Response, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  if ((headers['content-type'] ?? '').startsWith('text/event-stream')) {
    res.socket?.setNoDelay(true);
    res.flushHeaders();
  }
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  signal.addEventListener('abort', cancel, { once: true });
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      if (!res.write(next.value)) await new Promise((resolve) => res.once('drain', resolve));
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

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { code, message } }));
}

export function toNodeListener(handler: FetchHandler): NodeListener {
  return (req, res, next) => {
    if (!isUnrewrittenTarget(req.originalUrl ?? req.url ?? '/')) {
      return refuse(res, 400, 'invalid_path', 'The request path is not valid.');
    }
    const controller = new AbortController();
    let request: Request;
    try {
      request = toRequest(req, controller.signal);
    } catch {
      // The Fetch standard forbids some methods (CONNECT, TRACE, TRACK): `new Request` throws on them.
      return refuse(res, 405, 'method_not_allowed', 'Method not allowed.');
    }
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const clientAddress = req.socket.remoteAddress ?? 'unknown';
    handler(request, { clientAddress })
      .then((response) => writeResponse(response, res, controller.signal))
      .catch((error: unknown) => {
        if (next) return next(error);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end('{"error":{"code":"internal","message":"Internal error."}}');
        } else res.destroy();
      });
  };
}

export interface RunningServer {
  server: Server;
  url: string;
  /** Closes at once, cutting open connections (tests). */
  close(): Promise<void>;
  /**
   * Graceful: stops accepting connections, lets running requests (chat streams)
   * finish, and cuts whatever is still open after `graceMs`.
   */
  shutdown(graceMs: number): Promise<void>;
}

/** Starts an HTTP server for `handler`; port 0 lets the OS choose. */
export function serve(handler: FetchHandler, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(toNodeListener(handler));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
        shutdown: (graceMs) =>
          new Promise<void>((done) => {
            const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
            server.close(() => {
              clearTimeout(deadline);
              done();
            });
            // Keep-alive sockets with no request in flight would hold the close open for nothing.
            server.closeIdleConnections();
          }),
      });
    });
  });
}
