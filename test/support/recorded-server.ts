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
    const response = await handler(request, info);
    answered.push({ path: new URL(request.url).pathname, status: response.status });
    return response;
  });
  return Object.assign(server, { answered });
}
