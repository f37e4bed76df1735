/**
 * One local server for the browser benchmarks, so every request is same-origin:
 * the bench pages, the built widget, deep-chat's browser bundle, and a stub of
 * the proxy's routes that streams a reply of N tokens as fast as the socket takes it.
 *
 * The number of tokens is the message text (`send("4000")`), so the request
 * alone decides the reply. The same tokens go out in three shapes:
 * - `/v1/chat`: the canonical Totebot frames (`event: chunk` + `data: {"type":"chunk",…}`), then `completed`;
 * - `/deep-chat/chat`: deep-chat's Response shape `data: {"text":"…"}` (it ends when the stream closes).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { historyMessages, markdownTokens, type Corpus } from './markdown-corpus.js';

const root = new URL('..', import.meta.url);
const STATIC: Record<string, { file: URL; type: string }> = {
  '/totebot-chat.min.js': { file: new URL('dist/totebot-chat.min.js', root), type: 'text/javascript' },
  '/deep-chat.js': { file: new URL('node_modules/deep-chat/dist/deepChat.bundle.js', root), type: 'text/javascript' },
};
const PAGES = new URL('bench/pages/', root);

export const HISTORY_CONVERSATION_ID = 'cnv_bench_history';
export const HISTORY_LENGTH = 200;

export interface StubServer {
  url: string;
  close(): Promise<void>;
}

type Shape = 'totebot' | 'deep-chat';

function encodeFrames(corpus: Corpus, shape: Shape): Buffer[] {
  const conversationId = 'cnv_bench';
  if (shape === 'deep-chat') return corpus.tokens.map((token) => Buffer.from(`data: ${JSON.stringify({ text: token })}\n\n`));
  const frames = corpus.tokens.map((content) =>
    Buffer.from(`event: chunk\ndata: ${JSON.stringify({ type: 'chunk', conversationId, content })}\n\n`),
  );
  const completed = { type: 'completed', conversationId, messageId: 'msg_bench', content: corpus.text };
  frames.push(Buffer.from(`event: completed\ndata: ${JSON.stringify(completed)}\n\n`));
  return frames;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The token count asked for: the message text of either client's request body. */
function requestedTokens(body: string): number {
  let text = '';
  try {
    const parsed = JSON.parse(body) as { message?: string; messages?: { text?: string }[] };
    text = parsed.message ?? parsed.messages?.at(-1)?.text ?? '';
  } catch {
    // Not JSON: no count.
  }
  const count = Number.parseInt(text, 10);
  if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new Error(`bad token count in request: ${body.slice(0, 80)}`);
  return count;
}

/** One `res.write` per token, waiting only when the socket pushes back: as fast as it can. */
async function streamFrames(response: ServerResponse, frames: readonly Buffer[]): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  response.socket?.setNoDelay(true);
  response.flushHeaders();
  for (const frame of frames) {
    if (response.destroyed) return;
    if (!response.write(frame)) await new Promise((resolve) => response.once('drain', resolve));
  }
  response.end();
}

export async function startStubServer(): Promise<StubServer> {
  // Read once: a build running meanwhile (npm test rebuilds dist/) must not change files mid-benchmark.
  const assets = new Map<string, { body: Buffer; type: string }>();
  for (const [path, { file, type }] of Object.entries(STATIC)) assets.set(path, { body: await readFile(file), type });
  // The chunks the script loads from beside it (panel, translations).
  const cdn = new URL('dist/cdn/', root);
  for (const name of await readdir(cdn)) assets.set(`/cdn/${name}`, { body: await readFile(new URL(name, cdn)), type: 'text/javascript' });
  const corpora = new Map<number, Corpus>();
  const frameCache = new Map<string, Buffer[]>();
  const framesFor = (count: number, shape: Shape) => {
    const key = `${shape}:${count}`;
    let frames = frameCache.get(key);
    if (!frames) {
      let corpus = corpora.get(count);
      if (!corpus) corpora.set(count, (corpus = markdownTokens(count)));
      frameCache.set(key, (frames = encodeFrames(corpus, shape)));
    }
    return frames;
  };
  const history = JSON.stringify({ data: historyMessages(HISTORY_LENGTH) });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const json = (status: number, body: string) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(body);
    };
    if (request.method === 'GET' && pathname.startsWith('/pages/') && /^\/pages\/[a-z-]+\.html$/.test(pathname)) {
      const html = await readFile(new URL(pathname.slice('/pages/'.length), PAGES));
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(html);
      return;
    }
    const asset = request.method === 'GET' ? assets.get(pathname) : undefined;
    if (asset) {
      response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' });
      response.end(asset.body);
      return;
    }
    if (request.method === 'GET' && pathname === '/v1/agent') return json(200, '{"id":"a","name":"Bench"}');
    if (request.method === 'GET' && pathname === `/v1/conversations/${HISTORY_CONVERSATION_ID}/messages`) return json(200, history);
    // The same history for a page to put in the device cache; a path of its own keeps it out of the measured request's timing.
    if (request.method === 'GET' && pathname === '/bench/history.json') return json(200, history);
    if (request.method === 'POST' && (pathname === '/v1/chat' || pathname === '/deep-chat/chat')) {
      const count = requestedTokens(await readBody(request));
      return streamFrames(response, framesFor(count, pathname === '/v1/chat' ? 'totebot' : 'deep-chat'));
    }
    if (request.method === 'GET' && pathname === '/favicon.ico') {
      response.writeHead(204);
      response.end();
      return;
    }
    json(404, '{"error":{"code":"not_found","message":"No such route in the bench stub."}}');
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('stub server:', error instanceof Error ? error.message : error);
      if (!response.headersSent) json500(response);
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function json500(response: ServerResponse): void {
  response.writeHead(500, { 'content-type': 'application/json' });
  response.end('{"error":{"code":"internal","message":"bench stub failed"}}');
}
