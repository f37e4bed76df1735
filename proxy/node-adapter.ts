/**
 * The proxy on `node:http`: a server for a fetch-style handler, and the request listener it runs
 * (node-listener.ts), also usable as Connect/Express middleware.
 * Requests Node's parser rejects before any listener runs (malformed, or a method llhttp does not
 * know) are answered through `refuse` as well, instead of Node's bare 400, so the proxy answers
 * and logs them like every other refusal.
 */
import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { plainRefusal, toNodeListener, type FetchHandler, type ListenerOptions, type Refuse, type ServedProxy } from './node-listener.js';
import { ProxyError } from './proxy-error.js';

export { proxyListener, toNodeListener, type FetchHandler, type ListenerOptions, type NodeListener, type NodeRequestInfo, type Refuse, type ServedProxy } from './node-listener.js';

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

/** The method token of a request Node's parser rejected, for the log line only. */
function rawMethod(error: Error & { rawPacket?: Buffer }): string {
  return /^([A-Z][A-Z-]{0,19}) /.exec(error.rawPacket?.subarray(0, 24).toString('latin1') ?? '')?.[1] ?? 'UNKNOWN';
}

/** What a request Node's own parser rejected is told; undefined when there is no one left to tell. */
function parserRefusal(error: Error & { code?: string }): ProxyError | undefined {
  switch (error.code) {
    case 'ECONNRESET':
      return undefined;
    // llhttp knows a fixed list of methods (TRACK is not on it) and rejects any other.
    case 'HPE_INVALID_METHOD':
      return new ProxyError(405, 'method_not_allowed', 'Method not allowed.');
    case 'HPE_HEADER_OVERFLOW':
      return new ProxyError(431, 'headers_too_large', 'The request headers are too large.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ProxyError(408, 'request_timeout', 'The request took too long to arrive.');
    default:
      return new ProxyError(400, 'bad_request', 'The request is not valid HTTP.');
  }
}

/** Writes a whole small response straight to a socket the HTTP parser has given up on, then closes it. */
async function writeRawResponse(socket: Duplex, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  let head = `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}\r\n`;
  response.headers.forEach((value, name) => (head += `${name}: ${value}\r\n`));
  head += `content-length: ${body.byteLength}\r\nconnection: close\r\n\r\n`;
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
}

/** Starts an HTTP server for `handler` on 127.0.0.1 unless told otherwise; port 0 lets the OS choose. */
export function serve(
  handler: FetchHandler,
  options: { port?: number; host?: string; refuse?: Refuse } & ListenerOptions = {},
): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const refuse = options.refuse ?? plainRefusal;
  const server = createServer(toNodeListener(handler, refuse, options));
  server.on('clientError', (error: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex) => {
    const refusal = socket.writable ? parserRefusal(error) : undefined;
    if (!refusal) return void socket.destroy();
    writeRawResponse(socket, refuse(refusal, rawMethod(error))).catch(() => socket.destroy());
  });
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

/** `serve` for a proxy: the adapter's and the parser's refusals go through the proxy's one error mapping and log. */
export function serveProxy(proxy: ServedProxy, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  return serve((request, info) => proxy.fetch(request, undefined, info), { ...options, refuse: proxy.refuse, signalOnRequest: false });
}
