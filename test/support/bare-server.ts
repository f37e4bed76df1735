/**
 * Bare HTTP servers on 127.0.0.1 for tests of the Node glue, and a list of
 * everything a test starts, closed after each test whatever happened (register
 * it with `closeAfterEach()` once per file). A regression fails by timeout, never hangs.
 */
import { afterEach } from 'node:test';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Bare {
  url: string;
  close(): Promise<void>;
}

export const started: { close(): unknown }[] = [];

export function closeAfterEach(): void {
  afterEach(async () => {
    for (const item of started.splice(0).reverse()) await item.close();
  });
}

export async function bareServer(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Bare> {
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const bare = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  started.push(bare);
  return bare;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
