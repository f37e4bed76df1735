/**
 * What the Node adapter refuses before the handler runs (a target URL parsing
 * would rewrite, a method fetch cannot represent, a method Node's parser does
 * not know, malformed HTTP) is answered as JSON and logged like every refusal.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { useProxyChain } from '../support/test-server.js';

/** Sends bytes as written (asking the server to close) and reads until it closes. */
function rawExchange(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    socket.setEncoding('latin1');
    socket.on('data', (part: string) => {
      text += part;
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer')));
  });
}

function parse(answer: string): { status: number; headers: string; body: { error: { code: string; message: string } } } {
  const [head, rest] = answer.split('\r\n\r\n');
  // A chunked body is one chunk here: its size line, the JSON, then the last chunk.
  const body = /transfer-encoding: chunked/i.test(head!) ? rest!.split('\r\n')[1]! : rest!;
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head!)?.[1]), headers: head!, body: JSON.parse(body) };
}

describe('the Node adapter: its own refusals are answered and logged through the proxy', () => {
  const chain = useProxyChain();

  const cases = [
    { name: 'TRACK, which Node\'s parser does not know', request: 'TRACK /v1/chat HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', status: 405, code: 'method_not_allowed', method: 'TRACK' },
    { name: 'TRACE, which fetch cannot represent', request: 'TRACE /v1/chat HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', status: 405, code: 'method_not_allowed', method: 'TRACE' },
    { name: 'a target URL parsing would rewrite', request: 'GET /v1/customers/../agent HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', status: 400, code: 'invalid_path', method: 'GET' },
    { name: 'malformed HTTP', request: 'GET /v1/agent HTTP/1.1\r\nHost x\r\n\r\n', status: 400, code: 'bad_request', method: 'GET' },
  ];

  for (const refused of cases) {
    it(`${refused.name} → ${refused.status} ${refused.code}, with a log line`, async () => {
      const { proxy, upstream } = chain;
      const reached = upstream.simulator.stats.requests.length;
      const logged = proxy.logs.length;
      const answer = parse(await rawExchange(proxy.url, refused.request));
      assert.equal(answer.status, refused.status);
      assert.match(answer.headers, /content-type: application\/json/i);
      assert.equal(answer.body.error.code, refused.code);
      assert.equal(upstream.simulator.stats.requests.length, reached, 'nothing reached upstream');
      const entries = proxy.logs.slice(logged);
      assert.equal(entries.length, 1);
      assert.deepEqual([entries[0]!.method, entries[0]!.route, entries[0]!.status], [refused.method, 'unknown', refused.status]);
    });
  }
});
