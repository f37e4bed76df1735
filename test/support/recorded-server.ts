/**
 * `serve` that keeps what it answered, for checks that no request of a page failed whatever the
 * browser driving it reports.
 */
import { serve, type FetchHandler, type RunningServer } from '../../proxy/node-adapter.js';

export interface RecordedServer extends RunningServer {
  /** Each request's path, in order, and the status it was answered with. */
  readonly answered: { path: string; status: number }[];
}

export async function serveRecorded(handler: FetchHandler): Promise<RecordedServer> {
  const answered: { path: string; status: number }[] = [];
  const server = await serve(async (request, info) => {
    const path = new URL(request.url).pathname;
    try {
      const response = await handler(request, info);
      answered.push({ path, status: response.status });
      return response;
    } catch (error) {
      // The adapter answers a handler that throws with a 500: a driver that reports no responses must still see it.
      answered.push({ path, status: 500 });
      throw error;
    }
  });
  return Object.assign(server, { answered });
}

/** The requests `server` answered with an error, as `path status` (the favicon, which no test page has, aside). */
export const failedRequests = (server: RecordedServer): string[] =>
  server.answered.filter(({ path, status }) => status >= 400 && path !== '/favicon.ico').map(({ path, status }) => `${path} ${status}`);
