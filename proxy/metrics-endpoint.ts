/**
 * `GET /metrics` for the operator's scraper. With a token set it answers only
 * `Authorization: Bearer <token>`, compared in constant time (the digests of
 * both, so neither the length nor a prefix of the token leaks through timing).
 */
import { errorResponse } from './http.js';
import type { MetricsEndpoint } from './metrics.js';

const encoder = new TextEncoder();

async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([given, expected].map((text) => crypto.subtle.digest('SHA-256', encoder.encode(text))));
  const left = new Uint8Array(a!);
  const right = new Uint8Array(b!);
  let difference = 0;
  for (let i = 0; i < left.length; i++) difference |= left[i]! ^ right[i]!;
  return difference === 0;
}

export async function metricsResponse(request: Request, endpoint: MetricsEndpoint): Promise<Response> {
  if (endpoint.token !== undefined) {
    const given = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
    if (!(await sameSecret(given, endpoint.token))) {
      return errorResponse(401, 'unauthorized', 'A metrics token is required.', { 'www-authenticate': 'Bearer' });
    }
  }
  const { contentType, body } = await endpoint.render();
  return new Response(body, { status: 200, headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
